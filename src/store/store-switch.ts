import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fsyncDirectory, writeFileDurably } from './durable-write.js';
import { dataPaths, DIR_MODE, pathExists } from './paths.js';

/** A state file's backups from schema migrations (`state.json.v3.bak`, `state.json.v3.2.bak`). */
const STATE_BACKUP = /^state\.json\.v\d+(\.\d+)?\.bak$/;

/**
 * The names in a data dir that hold its stores when they are files: state, cursors, audit,
 * sessions, contacts, journals, media, secrets. Not this machine's own part (owner token,
 * socket, log, TLS, lock, store.url), which stays whatever the store.
 */
function storeFileNames(home: string): string[] {
  const paths = dataPaths(home);
  return [
    basename(paths.state),
    'cursors.json',
    basename(paths.audit),
    basename(paths.sessions),
    basename(paths.contacts),
    'journal',
    'media',
    'whatsapp',
    'mail',
  ];
}

/** Which of the stores' files (and state backups) are in `home`, by name. */
export async function storeFilesIn(home: string): Promise<string[]> {
  const names = await readdir(home).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  const wanted = new Set(storeFileNames(home));
  return names.filter((name) => wanted.has(name) || STATE_BACKUP.test(name)).sort();
}

/**
 * Moves the stores' files out of the way, into a new folder of `home` (0700) named `prefix` and
 * the time (UTC): once the data is elsewhere, a stray state file beside store.url can only
 * mislead. Renames, so nothing is copied and nothing is lost. Resolves with the folder, or null
 * when there was nothing to move.
 */
export async function setFilesAside(home: string, prefix: string, now: Date): Promise<string | null> {
  const names = await storeFilesIn(home);
  if (names.length === 0) return null;
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  let folder = join(home, `${prefix}-${stamp}`);
  for (let n = 2; await pathExists(folder); n++) folder = join(home, `${prefix}-${stamp}-${n}`);
  await mkdir(folder, { mode: DIR_MODE });
  for (const name of names) await rename(join(home, name), join(folder, name));
  await fsyncDirectory(folder);
  await fsyncDirectory(home);
  return folder;
}

/**
 * Makes the data dir use the PostgreSQL store at `url` (`store.url`, 0600, replaced atomically),
 * or its own files (null: store.url removed).
 */
export async function pointDataDirAt(home: string, url: string | null): Promise<void> {
  const file = dataPaths(home).storeUrl;
  if (url === null) {
    await rm(file, { force: true });
    await fsyncDirectory(home);
    return;
  }
  await writeFileDurably(file, `${url}\n`);
}
