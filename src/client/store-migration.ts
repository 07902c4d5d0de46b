import { socketAnswers } from '../api/probe.js';
import { GuruError, isGuruError, usage } from '../core/errors.js';
import { hidePassword, isPostgresUrl } from '../core/store-url.js';
import { t } from '../i18n/translate.js';
import { copyStores, liveDaemons, verifyCopy, type CopyStep, type StoresSummary } from '../store/copy-stores.js';
import { storeUrlOf } from '../store/location.js';
import { openStores, type DurableStores } from '../store/open.js';
import { dataPaths } from '../store/paths.js';
import { parsePostgresUrl } from '../store/postgres/connection.js';
import type { PostgresStoreOptions } from '../store/postgres/stores.js';
import { migrationNotice } from '../store/state-file.js';
import type { FileStoreOptions } from '../store/store.js';
import { pointDataDirAt, setFilesAside, storeFilesIn } from '../store/store-switch.js';

/** One side of a migration, as people are shown it (a URL never with its password). */
export interface StorePlace {
  kind: 'files' | 'postgres';
  where: string;
}

/** A migration done and verified: both sides, what was copied, and what changed in the data dir. */
export interface StoreMigration extends StoresSummary {
  from: StorePlace;
  to: StorePlace;
  /** Where the data dir's own files went once it moved to PostgreSQL (they are kept), or null. */
  setAside: string | null;
  /** GURU_STORE_URL is set: it names the store until it is changed or unset, whatever store.url says. */
  envStoreUrl: boolean;
}

/** A part of the migration done (or, `verify`, begun). */
export type MigrationStep = CopyStep | { step: 'verify'; count?: undefined; phone?: undefined };

export interface MigrateOptions {
  env?: NodeJS.ProcessEnv;
  /** Told as each part of the copy is done. */
  progress?: (step: MigrationStep) => void;
  /** Told of what happened on the way (a state file brought up to date first). */
  notice?: (message: string) => void;
  now?: () => Date;
}

/** How long to queue behind a command that is writing (a daemon holds the lock for good: refused sooner by its socket). */
const LOCK_WAIT_MS = 10_000;

type FilesSpec = { kind: 'files'; home: string } & FileStoreOptions;
type PostgresSpec = { kind: 'postgres'; url: string } & PostgresStoreOptions;

/**
 * `guru store migrate`: copies the installation of the data dir `home` from the store it uses to
 * `to` (a PostgreSQL URL, or `files`: the data dir's own), verifies the copy part by part (counts
 * and sha256), and only then makes the data dir use it. The old store is left as it was: its
 * data in PostgreSQL stays there; the data dir's files are moved into a dated folder beside them.
 *
 * Refused while a daemon serves the data dir, or runs on a PostgreSQL side's database (seen by the
 * numbers' leases it holds, when that side is opened and again before switching). Meanwhile the data dir's writer lock is held: no daemon starts here and no
 * command writes its files. Destinations must be empty. Whatever changes a source after it was
 * read shows as a difference when the copy is verified, and nothing is switched.
 */
export async function migrateStore(home: string, to: string, options: MigrateOptions = {}): Promise<StoreMigration> {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const destination = to === 'files' ? null : checkedUrl(to);
  if (await socketAnswers(dataPaths(home).socket)) {
    throw new GuruError(
      'store_busy',
      t`a daemon is running on ${home} — stop it first (\`guru daemon stop\`) so nothing changes during the copy; nothing was copied`,
    );
  }
  const sourceUrl = await storeUrlOf(home, env);
  const from: StorePlace = sourceUrl ? { kind: 'postgres', where: hidePassword(sourceUrl) } : { kind: 'files', where: home };
  const target: StorePlace = destination ? { kind: 'postgres', where: hidePassword(destination) } : { kind: 'files', where: home };
  const present = await storeFilesIn(home);
  if (!sourceUrl && !destination) throw usage(t`${home} keeps its data in files already — to move it to PostgreSQL, give --to a postgres://… URL`);
  if (sourceUrl && destination && sameStore(sourceUrl, destination)) throw usage(t`${home} keeps its data in ${target.where} already — nothing to migrate`);
  if (!sourceUrl && !present.includes('state.json')) {
    throw new GuruError('not_initialized', t`no Guru data in ${home} — nothing to migrate (pass --home with the data dir to migrate)`);
  }
  if (sourceUrl && !destination && present.length > 0) {
    throw new GuruError(
      'conflict',
      t`${home} holds files of an installation (${present.join(', ')}) besides the data in use at ${from.where} — move them out of the data dir, then migrate again; nothing was copied`,
    );
  }

  // One side holds the data dir's writer lock for the whole migration: the files, else the source.
  const notice = options.notice ?? (() => undefined);
  const sourceSpec: FilesSpec | PostgresSpec = sourceUrl
    ? { kind: 'postgres', url: sourceUrl, home, keyFile: null, connections: 4, ...(destination ? { lock: 'hold' as const, lockWaitMs: LOCK_WAIT_MS } : {}) }
    : { kind: 'files', home, lock: 'hold', lockWaitMs: LOCK_WAIT_MS, keyFile: null, onMigrated: (done) => notice(migrationNotice(done)) };
  const targetSpec: FilesSpec | PostgresSpec = destination
    ? { kind: 'postgres', url: destination, home, keyFile: null, connections: 4 }
    : { kind: 'files', home, lock: 'hold', create: true, lockWaitMs: LOCK_WAIT_MS, keyFile: null };
  const names = { from: from.where, to: target.where };

  const opened: DurableStores[] = [];
  const open = async (spec: FilesSpec | PostgresSpec, where: string) => {
    const stores = await openStores(spec);
    opened.push(stores);
    await refuseBesideDaemons(stores, where);
    return stores;
  };
  try {
    const source = await open(sourceSpec, from.where);
    if (!(await source.state.read()).account) throw new GuruError('not_initialized', t`${from.where} holds no Guru account — there is nothing to migrate`);
    const copy = await open(targetSpec, target.where);
    let summary: StoresSummary;
    let setAside: string | null = null;
    try {
      await copyStores(source, copy, names, options.progress);
      options.progress?.({ step: 'verify' });
      // Verified over stores opened afresh: what the next process will read, not what this one remembers.
      summary = await withReaders([readerOf(sourceSpec), readerOf(targetSpec)], ([a, b]) => verifyCopy(a!, b!, names));
      // A daemon elsewhere that started meanwhile would go on with the old store once this one switched.
      await refuseBesideDaemons(source, from.where);
    } catch (err) {
      throw await stopped(err, home, from, targetSpec, now());
    }
    if (destination) {
      await pointDataDirAt(home, destination);
      // The data dir uses the copy from here on: old files left in place are only clutter.
      if (!sourceUrl) {
        setAside = await setFilesAside(home, 'files-before-migration', now()).catch((err: unknown) => {
          notice(
            t`could not move the old files aside (${(err as NodeJS.ErrnoException).code ?? String(err)}) — they are no longer used; move them out of ${home} yourself`,
          );
          return null;
        });
      }
    } else {
      await pointDataDirAt(home, null);
    }
    return { from, to: target, ...summary, setAside, envStoreUrl: Boolean(env.GURU_STORE_URL?.trim()) };
  } finally {
    for (const stores of opened.reverse()) await stores.close().catch(() => undefined);
  }
}

/** Refuses a PostgreSQL store that daemons (on other machines: this one's answers on its socket) run on. */
async function refuseBesideDaemons(stores: DurableStores, where: string): Promise<void> {
  const daemons = await liveDaemons(stores);
  if (daemons.length === 0) return;
  throw new GuruError(
    'store_busy',
    t`a Guru daemon runs on ${where} (${daemons.join(', ')}) — stop it first, on whichever machine it runs, then migrate (a daemon that died lets go within seconds)`,
  );
}

function checkedUrl(to: string): string {
  if (!isPostgresUrl(to)) throw usage(t`--to takes \`files\` or a PostgreSQL URL (postgres://user:password@host:5432/database), not ${hidePassword(to)}`);
  parsePostgresUrl(to);
  return to;
}

/** Whether two URLs name the same schema of the same database (whatever password each gives). */
function sameStore(a: string, b: string): boolean {
  const x = parsePostgresUrl(a);
  const y = parsePostgresUrl(b);
  return hidePassword(x.connectionString) === hidePassword(y.connectionString) && x.schema === y.schema;
}

/** The same stores, opened again only to be read: no lock (the migration holds it), no writes. */
function readerOf(spec: FilesSpec | PostgresSpec): FilesSpec | PostgresSpec {
  if (spec.kind === 'files') return { kind: 'files', home: spec.home, lock: 'per-write', keyFile: null };
  return { kind: 'postgres', url: spec.url, home: spec.home, keyFile: null, connections: 2 };
}

async function withReaders<T>(specs: (FilesSpec | PostgresSpec)[], read: (stores: DurableStores[]) => Promise<T>): Promise<T> {
  const stores: DurableStores[] = [];
  try {
    for (const spec of specs) stores.push(await openStores(spec));
    return await read(stores);
  } finally {
    for (const s of stores) await s.close().catch(() => undefined);
  }
}

/**
 * A copy that stopped or does not match: the data dir still uses its store, unchanged. A partial
 * copy into the data dir's files is moved out of the way (its folder named); one in PostgreSQL
 * must be dropped by whoever may (Guru never drops a schema).
 */
async function stopped(err: unknown, home: string, from: StorePlace, target: FilesSpec | PostgresSpec, now: Date): Promise<unknown> {
  // Refused before anything was written (a destination that is not empty, no account): as it is.
  if (isGuruError(err) && (err.code === 'conflict' || err.code === 'not_initialized')) return err;
  const reason = err instanceof Error ? err.message : String(err);
  const code = isGuruError(err) && err.code !== 'internal' ? err.code : 'internal';
  if (target.kind === 'files') {
    const folder = await setFilesAside(home, 'files-partial-copy', now).catch(() => null);
    return new GuruError(
      code,
      t`${reason} — the migration stopped: ${home} still uses ${from.where}, unchanged; what was copied so far is in ${folder ?? home} — remove it, then try again`,
    );
  }
  const { schema } = parsePostgresUrl(target.url);
  return new GuruError(
    code,
    t`${reason} — the migration stopped: ${home} still uses ${from.where}, unchanged; the partial copy in ${hidePassword(target.url)} must go before trying again: \`DROP SCHEMA ${schema} CASCADE\` in that database, or choose another ?schema=`,
  );
}
