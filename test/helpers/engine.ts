import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine.js';
import type { Presence } from '../../src/core/presence.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { Clock, Stores } from '../../src/core/ports.js';
import { EventHub } from '../../src/core/events.js';
import type { AuditListener } from '../../src/store/audit-file.js';
import { JournalStore, type JournalWarning } from '../../src/store/journal.js';
import { openStores, type DurableStores } from '../../src/store/open.js';
import type { PostgresJournal } from '../../src/store/postgres/journal.js';
import type { LockPolicy } from '../../src/store/store.js';
import type { TransportHandler } from '../../src/whatsapp/transport.js';
import { makeTempDir, removeDir } from './guru.js';
import { freshStoreUrl, onPostgres } from './postgres.js';

export const PW = 'correct horse battery';

/**
 * The durable stores of this run for a test whose data dir is `home` (created): its files (the
 * `main` project), or a fresh schema of the run's PostgreSQL (the `postgres` project), `home`
 * then keeping only this machine's part. Close them: each holds a pool of connections.
 */
export async function testStores(
  home: string,
  options: { lock?: LockPolicy; onAudit?: AuditListener; warnJournal?: JournalWarning } = {},
): Promise<DurableStores> {
  const { lock = 'hold', ...rest } = options;
  if (!onPostgres()) return openStores({ kind: 'files', home, lock, create: true, ...rest });
  await mkdir(home, { recursive: true });
  // Two or three connections are plenty for one test, and leave the server room for the others.
  return openStores({ kind: 'postgres', url: freshStoreUrl(), home, lock, connections: 4, ...rest });
}

/** A message journal a test can close (its files' handles, or the appends on their way). */
export type TestJournal = JournalStore | PostgresJournal;

/**
 * `store`'s message journal opened again, as a restarted daemon opens it: a new handle on the
 * same files, or a new journal on the same database. It knows only what it replays.
 */
export function journalAgain(store: DurableStores, warn?: JournalWarning): TestJournal {
  return 'journalAgain' in store ? store.journalAgain(warn) : new JournalStore(join(store.paths.home, 'journal'), warn);
}

/** This run's durable stores in `home`, their audit entries published on `events` as the daemon wires them. */
export function auditedFileStores(home: string, events: EventHub): Promise<DurableStores> {
  return testStores(home, {
    onAudit: (entries) => {
      for (const entry of entries) events.publish({ type: 'audit', entry });
    },
  });
}

/**
 * The stores of a test of rules, which need no disk: memory, or in the `postgres` project a fresh
 * schema of the run's PostgreSQL (closing them also removes the temp dir made for its `home`).
 */
export async function ruleStores(options: { onAudit?: AuditListener } = {}): Promise<Stores> {
  if (!onPostgres()) return openStores({ kind: 'memory', ...options });
  const dir = await makeTempDir('guru-rules-');
  const store = await testStores(join(dir, 'data'), { lock: 'per-write', ...options });
  return {
    ...store,
    close: async () => {
      try {
        await store.close();
      } finally {
        await removeDir(dir);
      }
    },
  };
}

/**
 * A real engine, initialised with admin ana@acme.com, over `ruleStores` (memory, or PostgreSQL)
 * or, with `files`, over this run's durable stores in a temp dir (real files, or PostgreSQL).
 */
export async function testEngine(options: { seats?: number; presence?: Presence; clock?: Clock; files?: boolean } = {}) {
  const dir = options.files ? await makeTempDir('guru-engine-') : null;
  const home = dir ? join(dir, 'data') : null;
  const store: Stores = home ? await testStores(home, { lock: 'per-write' }) : await ruleStores();
  const engine = new Engine({
    stores: store,
    ...(options.presence ? { presence: options.presence } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const owner = engine.as(OWNER);
  await owner.account.init({ accountName: 'Acme', seats: options.seats ?? 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
  const as = async (email: string) => {
    const user = await owner.users.show(email);
    return engine.as({ type: 'user', userId: user.id } satisfies Actor);
  };
  return {
    home,
    store,
    engine,
    owner,
    as,
    cleanup: async () => {
      await store.close();
      if (dir) await removeDir(dir);
    },
  };
}

/**
 * What the conversation tests start from: this run's durable stores (real files, or PostgreSQL)
 * with an account (admin ana@acme.com) and one phone, its message journal, and a way to remove
 * it all. Each test builds its own engine over `{ ...store, journal }` with the clock and sender
 * it needs.
 */
export async function phoneOnFiles(prefix: string, phone: string) {
  const dir = await makeTempDir(prefix);
  const home = join(dir, 'data');
  const store = await testStores(home);
  const owner = new Engine({ stores: store }).as(OWNER);
  await owner.account.init({ accountName: 'A', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse' });
  await owner.phones.add(phone);
  let journal = journalAgain(store);
  return {
    dir,
    store,
    journal,
    /** A restart: the journal closed and opened again (the one to use from then on). */
    reopenJournal: async () => {
      await journal.close();
      journal = journalAgain(store);
      return journal;
    },
    close: async () => {
      await journal.close();
      await store.close();
      await removeDir(dir);
    },
  };
}

/**
 * The daemon's engine over this run's durable stores (real files in a temp dir, or PostgreSQL):
 * audits published as events (so the backlog follows them), conversations on with a WhatsApp
 * that takes every send, presence and clock as the test says — an account (admin ana@acme.com)
 * and one phone. `restart` closes the journal and builds the engine again over the same stores
 * (the state and audit stores stay open), as a new daemon would: the old engine hears nothing more.
 */
export async function wiredEngine(prefix: string, phone: string, options: { presence?: Presence; clock?: Clock } = {}) {
  const dir = await makeTempDir(prefix);
  // The store's audits reach the engine of the moment: a restarted engine has a hub of its own.
  const audits = new EventHub();
  const store = await auditedFileStores(join(dir, 'data'), audits);
  let events = new EventHub();
  audits.subscribe((event) => events.publish(event));
  let journal = journalAgain(store);
  const build = async () => {
    events = new EventHub();
    const engine = new Engine({
      stores: { ...store, journal },
      stateNow: () => store.stateNow(),
      events,
      ...(options.presence ? { presence: options.presence } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      conversations: { sender: { send: async () => undefined } },
    });
    await engine.chats.load();
    return engine;
  };
  const fixture = {
    dir,
    store,
    engine: await build(),
    /** The running engine's events (the daemon publishes presence there). */
    get events() {
      return events;
    },
    /** The running engine's journal. */
    get journal(): TestJournal {
      return journal;
    },
    restart: async () => {
      await journal.close();
      journal = journalAgain(store);
      fixture.engine = await build();
      return fixture.engine;
    },
    close: async () => {
      await journal.close();
      await store.close();
      await removeDir(dir);
    },
  };
  const owner = fixture.engine.as(OWNER);
  await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
  await owner.phones.add(phone);
  return fixture;
}

/**
 * A transport's events into `engine`, as the daemon wires a phone's (PhoneConnections): messages,
 * receipts and the link state reach the chats; history, aliases and link progress are dropped.
 */
export function engineHandler(engine: Engine, phone: string): TransportHandler {
  return {
    message: async (m) => void (await engine.chats.receive(m)),
    receipt: (r) => engine.chats.receipt(r),
    connection: (state) => engine.chats.phoneState(phone, state),
    history: async () => undefined,
    alias: async () => undefined,
    link: () => undefined,
  };
}
