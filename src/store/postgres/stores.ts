import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type { JournalRecord } from '../../core/chats/model.js';
import type { State } from '../../core/model.js';
import type { Stores } from '../../core/ports.js';
import type { AuditListener } from '../audit-file.js';
import type { JournalWarning } from '../journal.js';
import { acquireLock, type Release } from '../lock.js';
import { dataPaths } from '../paths.js';
import { makePrivateDir } from '../private-dir.js';
import { SecretKey } from '../secret-key.js';
import type { LockPolicy } from '../store.js';
import { PostgresAuditLog } from './audit.js';
import { busChannel, StoreBus } from './bus.js';
import { PresenceBoard } from './presence-board.js';
import { DEFAULT_LEASE_TIMES, PhoneLeases, type LeaseTimes } from './leases.js';
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

/** What a daemon does with others' writes. */
export interface StoreFollower {
  state: (state: State) => void;
  journal: (phone: string, entries: { record: JournalRecord; offset: number }[]) => void;
  /** Who is online at the other daemons changed (`PostgresStores.presence`). */
  presence?: () => void;
  /** Another daemon changed or removed a customer's contact. */
  contact?: (customer: string) => void;
  /** Another daemon erased these chats of a phone (an erasure, retention): their records are gone. */
  erased?: (phone: string, chats: ReadonlySet<string>, customers: ReadonlySet<string>) => void;
}

/** Lease times; GURU_LEASE_TTL_MS shortens them for tests (renewed at a quarter of it). */
function leaseTimes(): LeaseTimes {
  const ttl = Number(process.env.GURU_LEASE_TTL_MS);
  return Number.isFinite(ttl) && ttl >= 1_000 ? { ttlMs: ttl, everyMs: Math.round(ttl / 4) } : DEFAULT_LEASE_TIMES;
}

/** The engine's stores in PostgreSQL. */
export interface PostgresStores extends Stores {
  target: PostgresTarget;
  secrets: PostgresSecretStore;
  journal: PostgresJournal;
  media: PostgresMediaStore;
  /** Which daemon holds each phone's WhatsApp session (several daemons on one database). */
  leases: PhoneLeases;
  /** Who is online at each daemon: online anywhere counts everywhere. */
  presence: PresenceBoard;
  /**
   * Follows what other daemons (and commands elsewhere) write: the state as it changes, and each
   * phone's records as they are journaled, in order — what keeps several daemons' engines alike.
   */
  follow(follower: StoreFollower): Promise<void>;
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
  let leasePool: Pool | null = null;
  try {
    await migrateSchema(pool, target.schema).catch((err: unknown) => Promise.reject(unreachable(target, err)));
    // This process among the daemons on the database: what it writes is marked as its own.
    const shared = { writer: randomUUID(), channel: busChannel(target) };
    const audit = new PostgresAuditLog(pool, options.onAudit, shared);
    const state = new PostgresStateRepository(pool, audit, shared, options.warnJournal);
    await state.load();
    const journal = new PostgresJournal(pool, options.warnJournal, shared);
    let bus: StoreBus | null = null;
    const presence = new PresenceBoard(pool, shared, leaseTimes().ttlMs);
    // Leases are renewed on connections of their own: a pool busy with a burst of requests must
    // not make a holder miss its renewal and let its numbers go. Connected on first use only.
    leasePool = await openPool(target, { max: 2, connectNow: false });
    return {
      target,
      state,
      audit,
      sessions: new PostgresSessionStore(pool),
      secrets: new PostgresSecretStore(pool, key),
      journal,
      journalAgain: (warn = options.warnJournal) => new PostgresJournal(pool, warn, shared),
      presence,
      leases: new PhoneLeases(leasePool, shared.writer, `${hostname()} pid ${process.pid}`, leaseTimes(), options.warnJournal),
      follow: async (follower) => {
        bus = new StoreBus(target, options.warnJournal);
        await audit.followFromNow();
        state.follow(bus, follower.state);
        journal.follow(bus, follower.journal);
        if (follower.presence) presence.follow(bus, follower.presence);
        bus.on((message) => {
          if (message.writer === shared.writer) return;
          if (message.k === 'contact') follower.contact?.(message.customer);
          if (message.k === 'erased') follower.erased?.(message.phone, new Set(message.chats), new Set(message.customers));
        });
        await bus.start();
        // What was written between the replay and the bus listening.
        await journal.settle();
        await audit.catchUp();
      },
      media: new PostgresMediaStore(pool),
      contacts: new PostgresContactStore(pool, shared),
      stateNow: () => state.now(),
      close: async () => {
        try {
          await bus?.close();
          await leasePool?.end();
          await pool.end();
        } finally {
          await held?.();
        }
      },
    };
  } catch (err) {
    await leasePool?.end().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await held?.();
    throw err;
  }
}
