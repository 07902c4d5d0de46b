import type { Pool, PoolClient } from 'pg';
import { GuruError } from '../../core/errors.js';
import type { Stores } from '../../core/ports.js';
import { t } from '../../i18n/translate.js';
import type { AuditListener } from '../audit-file.js';
import type { JournalWarning } from '../journal.js';
import { acquireLock, type Release } from '../lock.js';
import { dataPaths } from '../paths.js';
import { makePrivateDir } from '../private-dir.js';
import { SecretKey } from '../secret-key.js';
import type { LockPolicy } from '../store.js';
import { PostgresAuditLog } from './audit.js';
import { openPool, parsePostgresUrl, unreachable, type PostgresTarget } from './connection.js';
import { PostgresContactStore } from './contacts.js';
import { PostgresJournal } from './journal.js';
import { PostgresMediaStore } from './media.js';
import { migrateSchema } from './schema.js';
import { PostgresSecretStore } from './secrets.js';
import { PostgresSessionStore } from './sessions.js';
import { PostgresStateRepository } from './state.js';

export interface PostgresStoreOptions {
  /** This machine's data dir (socket, log, owner token): a key file must not be inside it. */
  home: string;
  onAudit?: AuditListener;
  warnJournal?: JournalWarning;
  /** See FileStoreOptions.keyFile. */
  keyFile?: string | null;
  /** Connections at most (a CLI command needs few, a daemon more). */
  connections?: number;
  /**
   * `hold`: the data dir's writer lock is held until close — a daemon, so a second one is never
   * started on the same data dir. The database itself needs no lock: its transactions order writers.
   */
  lock?: LockPolicy;
  /** See OpenOptions. */
  lockWaitMs?: number;
  lockStaleMs?: number;
}

/** The engine's stores in PostgreSQL. */
export interface PostgresStores extends Stores {
  target: PostgresTarget;
  secrets: PostgresSecretStore;
  journal: PostgresJournal;
  media: PostgresMediaStore;
  /**
   * A second journal over the same database, as a restarted process opens it: it knows only what
   * it reads (a replay), nothing the first one kept in memory. The first is left as it was.
   */
  journalAgain(warn?: JournalWarning): PostgresJournal;
}

/**
 * Opens the stores at `url`: connects, brings the schema up to date (creating it the first
 * time), and reads the state. Nothing is kept on this machine but the URL.
 */
export async function openPostgresStores(url: string, options: PostgresStoreOptions): Promise<PostgresStores> {
  const target = parsePostgresUrl(url);
  const keyFile = options.keyFile === undefined ? process.env.GURU_KEY_FILE || null : options.keyFile;
  const key = keyFile ? await SecretKey.load(keyFile, options.home) : null;
  let held: Release | null = null;
  if (options.lock === 'hold') {
    // This machine's part (socket, log, owner token) lives in the data dir, made if missing.
    await makePrivateDir(options.home);
    held = await acquireLock(dataPaths(options.home).lock, { waitMs: options.lockWaitMs ?? 120_000, staleMs: options.lockStaleMs });
  }
  const pool = await openPool(target, options.connections ? { max: options.connections } : {}).catch(async (err: unknown) => {
    await held?.();
    throw err;
  });
  let daemonSlot: PoolClient | null = null;
  try {
    await migrateSchema(pool, target.schema).catch((err: unknown) => Promise.reject(unreachable(target, err)));
    if (options.lock === 'hold') daemonSlot = await takeDaemonSlot(pool, target);
    else if (options.lock === 'per-write') await refuseBesideDaemon(pool, target);
    const audit = new PostgresAuditLog(pool, options.onAudit);
    const state = new PostgresStateRepository(pool, audit);
    await state.load();
    return {
      target,
      state,
      audit,
      sessions: new PostgresSessionStore(pool),
      secrets: new PostgresSecretStore(pool, key),
      journal: new PostgresJournal(pool, options.warnJournal),
      journalAgain: (warn = options.warnJournal) => new PostgresJournal(pool, warn),
      media: new PostgresMediaStore(pool),
      contacts: new PostgresContactStore(pool),
      stateNow: () => state.now(),
      close: async () => {
        try {
          // The connection goes with its session lock: the next daemon may start.
          daemonSlot?.release(true);
          await pool.end();
        } finally {
          await held?.();
        }
      },
    };
  } catch (err) {
    daemonSlot?.release(true);
    await pool.end().catch(() => undefined);
    await held?.();
    throw err;
  }
}

/** The session lock a daemon holds on its database for its whole life (PostgreSQL drops it should the daemon die). */
const daemonLockKey = (target: PostgresTarget) => `guru-daemon:${target.schema}`;

/**
 * One daemon per database, for now: a daemon keeps a connection holding a session lock, and a
 * second daemon on the same database (from another machine, say) is refused rather than left to
 * fight the first over the same WhatsApp numbers.
 */
async function takeDaemonSlot(pool: Pool, target: PostgresTarget): Promise<PoolClient> {
  const client = await pool.connect();
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [daemonLockKey(target)]);
  if (rows[0]?.ok) return client;
  client.release(true);
  throw new GuruError(
    'conflict',
    t`another Guru daemon already runs on the PostgreSQL store ${target.shown} (schema ${target.schema}) — one daemon per database: stop that one first, or reach it with \`--server\``,
  );
}

/**
 * A command run in-process (no daemon on this machine) while a daemon runs on the database
 * elsewhere would change data that daemon keeps in memory: it is sent there instead.
 */
async function refuseBesideDaemon(pool: Pool, target: PostgresTarget): Promise<void> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS free', [daemonLockKey(target)]);
    if (rows[0]?.free) {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [daemonLockKey(target)]);
      return;
    }
  } finally {
    client.release();
  }
  throw new GuruError(
    'conflict',
    t`a Guru daemon runs on the PostgreSQL store ${target.shown} (schema ${target.schema}) from another machine — go through it with \`--server HOST:PORT\` (see \`guru login --help\`)`,
  );
}
