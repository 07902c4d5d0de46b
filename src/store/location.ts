import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { GuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';
import type { StoreSpec } from './open.js';
import { dataPaths, FILE_MODE, pathExists } from './paths.js';
import { makePrivateDir } from './private-dir.js';
import { hidePassword, isPostgresUrl } from '../core/store-url.js';
import { parsePostgresUrl } from './postgres/connection.js';
import type { FileStoreOptions } from './store.js';

/**
 * Where an installation's stores are: GURU_STORE_URL, else the URL `guru init --store` kept in
 * the data dir (`store.url`), else null — the data dir's own files.
 */
export async function storeUrlOf(home: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const fromEnv = env.GURU_STORE_URL?.trim();
  if (fromEnv) return checked(fromEnv, 'GURU_STORE_URL');
  let text: string;
  try {
    text = (await readFile(dataPaths(home).storeUrl, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw new GuruError('store_unreadable', t`cannot read ${dataPaths(home).storeUrl} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return text === '' ? null : checked(text, dataPaths(home).storeUrl);
}

function checked(url: string, from: string): string {
  if (!isPostgresUrl(url)) {
    throw new GuruError('invalid_input', t`${from} holds ${hidePassword(url)}, which is not a PostgreSQL URL — it must start with postgres://`);
  }
  parsePostgresUrl(url);
  return url;
}

/**
 * Records in a new data dir that its stores are at `url` (`guru init --store`); returns how to
 * take that back should the set-up fail. A data dir that already names a store keeps it.
 */
export async function rememberStoreUrl(home: string, url: string): Promise<() => Promise<void>> {
  parsePostgresUrl(url);
  const paths = dataPaths(home);
  const file = paths.storeUrl;
  if (await pathExists(paths.state)) {
    throw new GuruError('conflict', t`${home} already keeps its data in files — to move them to PostgreSQL, use \`guru store migrate --to <url>\``);
  }
  const made = !(await pathExists(home));
  await makePrivateDir(home);
  try {
    await writeFile(file, `${url}\n`, { mode: FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const kept = (await readFile(file, 'utf8')).trim();
    if (kept === url) return async () => undefined;
    throw new GuruError('conflict', t`${home} already keeps its data at ${hidePassword(kept)} — use another --home for another store`);
  }
  return async () => {
    await rm(file, { force: true });
    // A data dir made for this set-up goes too, if nothing else came into it meanwhile.
    if (made) await rmdir(home).catch(() => undefined);
  };
}

/** Options for opening a data dir's stores, whichever kind they are (those for files are ignored by PostgreSQL). */
export type StoreOpenOptions = FileStoreOptions & { connections?: number };

/** What to open for the installation in `home`: PostgreSQL when a URL is set for it, its files otherwise. */
export async function storeSpecFor(
  home: string,
  options: StoreOpenOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Exclude<StoreSpec, { kind: 'memory' }>> {
  const url = await storeUrlOf(home, env);
  if (!url) return { kind: 'files', home, ...options };
  return {
    kind: 'postgres',
    url,
    home,
    ...(options.onAudit ? { onAudit: options.onAudit } : {}),
    ...(options.warnJournal ? { warnJournal: options.warnJournal } : {}),
    ...(options.keyFile !== undefined ? { keyFile: options.keyFile } : {}),
    ...(options.connections ? { connections: options.connections } : {}),
    ...(options.lock ? { lock: options.lock } : {}),
    ...(options.lockWaitMs !== undefined ? { lockWaitMs: options.lockWaitMs } : {}),
    ...(options.lockStaleMs !== undefined ? { lockStaleMs: options.lockStaleMs } : {}),
  };
}
