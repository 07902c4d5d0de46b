import { auditedFileStores } from '../helpers/engine.js';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { Engine } from '../../src/core/engine.js';
import { EventHub, type WatchEvent } from '../../src/core/events.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';

const PHONE = '+5511999990000';
const CUSTOMER = '+5511944443333';
const PW = 'correct horse battery';

/** The engine's watch for an actor, in-process over a real store and journal: what each one is shown. */
describe('engine watch (WatchNotificationsAs)', () => {
  let dir: string;
  let store: DurableStores;
  let engine: Engine;
  const closers: (() => void)[] = [];

  beforeEach(async () => {
    dir = await makeTempDir('guru-watch-');
    // As the daemon wires it: every durable audit entry is announced on the engine's events.
    const events = new EventHub();
    store = await auditedFileStores(join(dir, 'data'), events);
    engine = new Engine({ stores: store, stateNow: () => store.stateNow(), events, conversations: { sender: { send: async () => undefined } } });
    await engine.chats.load();
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    await owner.phones.add(PHONE);
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio', password: PW, permissions: ['audit.view'] });
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await store.close();
    await removeDir(dir);
  });

  const actorOf = async (email: string): Promise<Actor> => ({ type: 'user', userId: (await engine.as(OWNER).users.show(email)).id });

  /** Opens a watch as `email`, collecting what it is shown. */
  async function watch(email: string) {
    const events: WatchEvent[] = [];
    let ended = false;
    const { close } = await engine.watch(
      await actorOf(email),
      null,
      (e) => events.push(e),
      () => (ended = true),
    );
    closers.push(close);
    return { events, ended: () => ended, types: () => events.map((e) => e.type), close };
  }

  it('each actor gets a snapshot first, then only what they may see; chat.hidden when a chat moves away', async () => {
    const ana = await watch('ana@acme.com'); // admin: everything
    const bia = await watch('bia@acme.com'); // normal, no permissions: only chats assigned to her
    const caio = await watch('caio@acme.com'); // normal with audit.view: the audit, no chats
    for (const [w, email] of [
      [ana, 'ana@acme.com'],
      [bia, 'bia@acme.com'],
      [caio, 'caio@acme.com'],
    ] as const) {
      expect(w.events[0]).toMatchObject({ type: 'snapshot', me: { owner: false, user: { email } }, phones: [{ number: PHONE, linkState: 'unlinked' }] });
    }

    // A customer writes: the chat is unassigned (no rodízio), so only the admin sees it.
    await engine.chats.receive({
      phone: PHONE,
      id: 'M1',
      from: `${CUSTOMER.slice(1)}@s.whatsapp.net`,
      content: { type: 'text', text: 'oi' },
      time: '2026-11-26T10:00:00.000Z',
    });
    const chatId = chatIdFor(PHONE, CUSTOMER);
    expect(ana.types()).toContain('message');
    expect(bia.types()).toEqual(['snapshot']);
    expect(caio.types()).toEqual(['snapshot']);

    // Assigned to Bia: now she sees it; Caio sees the audit entry of that, Bia does not.
    const admin = engine.as(await actorOf('ana@acme.com'));
    await admin.chats.assign(chatId, { user: 'bia@acme.com' });
    expect(bia.events.filter((e) => e.type === 'chat').map((e) => e.type === 'chat' && e.chat.id)).toEqual([chatId]);
    expect(bia.types()).not.toContain('audit');
    const audits = (w: typeof ana) => w.events.flatMap((e) => (e.type === 'audit' ? [e.entry.action] : []));
    expect(audits(caio)).toEqual(['chat.assigned']);
    expect(caio.types()).not.toContain('chat');
    expect(audits(ana)).toEqual(['chat.assigned']);
    // The admin and Bia were shown the very same event object: the daemon encodes it once.
    const shown = (w: typeof ana) => w.events.find((e) => e.type === 'chat' && e.chat.assignee?.ref === 'user:bia@acme.com');
    expect(shown(ana)).toBe(shown(bia));
    // No engine-side detail (the previous assignee) leaks into what watchers get.
    expect(Object.keys(shown(bia)!)).toEqual(['type', 'chat']);

    // Moved to Caio: Bia is told to drop it, and sees nothing more of it.
    await admin.chats.assign(chatId, { user: 'caio@acme.com' });
    expect(bia.events.at(-1)).toEqual({ type: 'chat.hidden', chatId });
    expect(caio.events.some((e) => e.type === 'chat' && e.chat.id === chatId)).toBe(true);
    const biaSeen = bia.events.length;
    await engine.chats.receive({
      phone: PHONE,
      id: 'M2',
      from: `${CUSTOMER.slice(1)}@s.whatsapp.net`,
      content: { type: 'text', text: 'de novo' },
      time: '2026-11-26T10:01:00.000Z',
    });
    expect(bia.events.length).toBe(biaSeen);
    expect(caio.types().at(-1)).toBe('message');

    // Registering a phone: the admin and Caio see its audit entry; the engine-side
    // `phones.changed` (for the daemon's wiring) reaches no watcher.
    await engine.as(OWNER).phones.add('+5521988880000');
    expect(audits(ana).at(-1)).toBe('phone.add');
    expect(audits(caio).at(-1)).toBe('phone.add');
    expect([...ana.types(), ...bia.types(), ...caio.types()]).not.toContain('phones.changed');
  });

  it('a watcher disabled while watching is ended; a closed watch hears nothing more', async () => {
    const bia = await watch('bia@acme.com');
    const caio = await watch('caio@acme.com');
    caio.close();
    const seen = caio.events.length;
    await engine.as(OWNER).users.disable('bia@acme.com');
    expect(bia.ended()).toBe(true);
    await engine.as(OWNER).phones.add('+5521988880000');
    expect(caio.events.length).toBe(seen);
  });

  it('a user watching counts as online through the presence port', async () => {
    const opened: string[] = [];
    const left: string[] = [];
    const online = new Engine({
      stores: store,
      stateNow: () => store.stateNow(),
      presence: {
        onlineUserIds: () => new Set(opened),
        open: (id) => {
          opened.push(id);
          return { alive: () => undefined, close: () => void left.push(id) };
        },
      },
    });
    const bia = await actorOf('bia@acme.com');
    const { close } = await online.watch(
      bia,
      null,
      () => undefined,
      () => undefined,
    );
    expect(opened).toEqual([(bia as { userId: string }).userId]);
    close();
    close();
    expect(left).toEqual(opened);
    // The owner is nobody: watching makes no one online.
    const { close: closeOwner } = await online.watch(
      OWNER,
      null,
      () => undefined,
      () => undefined,
    );
    closeOwner();
    expect(opened).toHaveLength(1);
  });
});
