import { open, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import type { PendingFile } from './state/inbox.js';
import { t } from '../i18n/translate.js';

/**
 * The agent's own files, for the inbox: completing a path, checking a file to attach, and the
 * folder `s` saves in (writing it and opening it are `guru chat media`'s: src/cli/save-file.ts,
 * src/cli/opener.ts). These are the files of the machine the inbox runs on (which may not be
 * the daemon's).
 */

/** `~/x` as the home's `x`; anything else as typed. */
export function expandHome(path: string, home = homedir()): string {
  return path === '~' ? home : path.startsWith(`~${sep}`) || path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * Tab on a path being typed: the longest completion every match shares (a directory gets its
 * `/`), and the names that matched when there are several (to show them). Hidden entries only
 * when their name is being typed. Unreadable or missing directories complete nothing.
 */
export async function completePath(typed: string, home = homedir()): Promise<{ path: string; choices: string[] }> {
  const endsInDir = typed === '' || typed.endsWith('/') || typed.endsWith(sep);
  const dirTyped = endsInDir ? typed : dirname(typed) === '.' && !typed.startsWith('.') ? '' : `${dirname(typed)}${sep}`;
  const prefix = endsInDir ? '' : basename(typed);
  const dir = expandHome(dirTyped || '.', home);
  let entries: { name: string; dir: boolean }[];
  try {
    entries = (await readdir(dir, { withFileTypes: true })).map((e) => ({ name: e.name, dir: e.isDirectory() }));
  } catch {
    return { path: typed, choices: [] };
  }
  const matches = entries
    .filter((e) => e.name.startsWith(prefix) && (prefix.startsWith('.') || !e.name.startsWith('.')))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (matches.length === 0) return { path: typed, choices: [] };
  if (matches.length === 1) {
    const only = matches[0]!;
    return { path: `${dirTyped}${only.name}${only.dir ? sep : ''}`, choices: [] };
  }
  let common = matches[0]!.name;
  for (const m of matches) while (!m.name.startsWith(common)) common = common.slice(0, -1);
  return { path: `${dirTyped}${common}`, choices: matches.map((m) => `${m.name}${m.dir ? sep : ''}`) };
}

/** A file the agent named, checked before anything is uploaded: it exists, is a file, can be read, is not empty. */
export async function fileToAttach(typed: string, home = homedir()): Promise<PendingFile> {
  const path = expandHome(typed.trim(), home);
  if (!path) throw new Error(t`type the path of the file to attach (Tab completes it)`);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new Error(t`no file at ${typed.trim()} — check the path (Tab completes it)`);
  }
  if (info.isDirectory()) throw new Error(t`${typed.trim()} is a folder — type on to a file inside it (Tab lists them)`);
  if (!info.isFile()) throw new Error(t`${typed.trim()} is not a regular file — attach a photo, audio, video or document`);
  if (info.size === 0) throw new Error(t`${typed.trim()} is empty — there is nothing to send`);
  try {
    await (await open(path, 'r')).close();
  } catch {
    throw new Error(t`cannot read ${typed.trim()} (permission denied) — check who owns it`);
  }
  return { path, name: basename(path), size: info.size };
}

/** Where `s` saves: `$GURU_SAVE_DIR`, else the Downloads folder when there is one, else the home folder. */
export async function saveDirectory(env: NodeJS.ProcessEnv = process.env, home = homedir()): Promise<string> {
  if (env.GURU_SAVE_DIR) return expandHome(env.GURU_SAVE_DIR, home);
  const downloads = join(home, 'Downloads');
  try {
    if ((await stat(downloads)).isDirectory()) return downloads;
  } catch {
    // no Downloads folder: the home folder it is
  }
  return home;
}
