import { join } from 'node:path';
import { Engine } from '../../src/core/engine.js';
import type { Presence } from '../../src/core/presence.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { Clock, Stores } from '../../src/core/ports.js';
import { EventHub } from '../../src/core/events.js';
import type { FileStores } from '../../src/store/store.js';
import { JournalStore } from '../../src/store/journal.js';
import { openStores } from '../../src/store/open.js';
import type { TransportHandler } from '../../src/whatsapp/transport.js';
import { makeTempDir, removeDir } from './guru.js';

export const PW = 'correct horse battery';

/** Real file stores in `home` (created, lock held), their audit entries published on `events` as the daemon wires them. */
export function auditedFileStores(home: string, events: EventHub): Promise<FileStores> {
  return openStores({
    kind: 'files',
    home,
    lock: 'hold',
    create: true,
    onAudit: (entries) => {
      for (const entry of entries) events.publish({ type: 'audit', entry });
    },
  });
}

/**
 * A real engine, initialised with admin ana@acme.com, over the in-memory stores (rules need no
 * disk) or, with `files`, over real files in a temp dir.
 */
export async function testEngine(options: { seats?: number; presence?: Presence; clock?: Clock; files?: boolean } = {}) {
  const dir = options.files ? await makeTempDir('guru-engine-') : null;
  const home = dir ? join(dir, 'data') : null;
  const store: Stores = home ? await openStores({ kind: 'files', home, lock: 'per-write', create: true }) : await openStores({ kind: 'memory' });
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
 * What the conversation tests start from: real files with an account (admin ana@acme.com) and
 * one phone, its message journal, and a way to remove it all. Each test builds its own engine
 * over `{ ...store, journal }` with the clock and sender it needs.
 */
export async function phoneOnFiles(prefix: string, phone: string) {
  const dir = await makeTempDir(prefix);
  const home = join(dir, 'data');
  const store = await openStores({ kind: 'files', home, lock: 'hold', create: true });
  const owner = new Engine({ stores: store }).as(OWNER);
  await owner.account.init({ accountName: 'A', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse' });
  await owner.phones.add(phone);
  let journal = new JournalStore(join(home, 'journal'));
  return {
    dir,
    store,
    journal,
    /** A restart: the journal closed and opened again (the one to use from then on). */
    reopenJournal: async () => {
      await journal.close();
      journal = new JournalStore(join(home, 'journal'));
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
 * The daemon's engine over real files in a temp dir: audits published as events (so the backlog
 * follows them), conversations on with a WhatsApp that takes every send, presence and clock as
 * the test says — an account (admin ana@acme.com) and one phone. `restart` closes the journal
 * and builds the engine again over the same files (the state and audit stores stay open), as a
 * new daemon would: the old engine hears nothing more.
 */
export async function wiredEngine(prefix: string, phone: string, options: { presence?: Presence; clock?: Clock } = {}) {
  const dir = await makeTempDir(prefix);
  // The store's audits reach the engine of the moment: a restarted engine has a hub of its own.
  const audits = new EventHub();
  const store = await auditedFileStores(join(dir, 'data'), audits);
  let events = new EventHub();
  audits.subscribe((event) => events.publish(event));
  let journal = new JournalStore(join(dir, 'data', 'journal'));
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
    restart: async () => {
      await journal.close();
      journal = new JournalStore(join(dir, 'data', 'journal'));
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
