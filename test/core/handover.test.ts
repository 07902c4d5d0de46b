import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { EventHub, type WatchEvent } from '../../src/core/events.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalAgain, testStores, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const PW = 'correct horse battery';

/**
 * Removing or disabling a user, or removing a department, hands their open chats to the
 * rodízio again (or to nobody): in-process over a real store and journal, with watches as the
 * daemon serves them.
 */
describe('handover of the open chats of a removed or disabled user or department', () => {
  let dir: string;
  let store: DurableStores;
  let journal: TestJournal;
  let engine: Engine;
  const closers: (() => void)[] = [];

  /** An engine running conversations (the daemon's), over the store and a fresh journal handle. */
  async function daemonEngine(): Promise<Engine> {
    journal = journalAgain(store);
    const events = new EventHub();
    const e = new Engine({
      stores: { ...store, journal },
      stateNow: () => store.stateNow(),
      events,
      conversations: { sender: { send: async () => undefined } },
    });
    await e.chats.load();
    return e;
  }

  beforeEach(async () => {
    dir = await makeTempDir('guru-handover-');
    store = await testStores(join(dir, 'data'));
    engine = await daemonEngine();
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana Souza', adminPassword: PW });
    await owner.phones.add(PHONE);
    await owner.departments.add('Vendas');
    // No passwords: nobody logs in here, and each would cost a scrypt.
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia Lima' });
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio Reis' });
    await owner.users.add({ email: 'dora@acme.com', name: 'Dora', departments: ['Vendas'] });
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await journal.close();
    await store.close();
    await removeDir(dir);
  });

  const actorOf = async (email: string): Promise<Actor> => ({ type: 'user', userId: (await engine.as(OWNER).users.show(email)).id });
  const as = async (email: string) => engine.as(await actorOf(email));

  /** Five customers write while only `target` is in the rodízio; then Caio and Vendas join it. */
  async function fiveChatsWith(target: string): Promise<string[]> {
    const owner = engine.as(OWNER);
    await owner.roundRobin.add(PHONE, target);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { chatId } = await engine.chats.receive({
        phone: PHONE,
        id: `M${i}`,
        from: `55119888800${i}@s.whatsapp.net`,
        content: { type: 'text', text: `olá ${i}` },
        time: `2026-11-26T10:00:0${i}.000Z`,
      });
      ids.push(chatId!);
    }
    await owner.roundRobin.add(PHONE, 'user:caio@acme.com');
    await owner.roundRobin.add(PHONE, 'dept:Vendas');
    return ids;
  }

  async function watch(email: string) {
    const events: WatchEvent[] = [];
    const { close } = await engine.watch(
      await actorOf(email),
      null,
      (e) => events.push(e),
      () => undefined,
    );
    closers.push(close);
    return { chatIds: () => events.flatMap((e) => (e.type === 'chat' ? [e.chat.id] : [])) };
  }

  const visibleTo = async (email: string) => (await (await as(email)).chats.list()).map((c) => c.id).sort();

  it('`user remove`: her 5 open chats go to the rodízio (3 Caio, 2 Vendas), audited by the admin, seen by the new owners at once', async () => {
    const ids = await fiveChatsWith('user:bia@acme.com');
    const bia = (await engine.as(OWNER).users.show('bia@acme.com')).id;
    const caioWatch = await watch('caio@acme.com');
    const doraWatch = await watch('dora@acme.com');
    const ana = await as('ana@acme.com');

    const removed = await ana.users.remove('bia@acme.com');

    expect(removed.email).toBe('bia@acme.com');
    expect(removed.roundRobin).toEqual([{ phone: PHONE, positions: [1] }]);
    expect(removed.handover).toMatchObject({ reason: 'user.remove', mode: 'round-robin', done: true, chats: 5 });
    expect(removed.handover.to.map((g) => [g.assignee?.ref, g.chats.length])).toEqual([
      ['user:caio@acme.com', 3],
      ['dept:Vendas', 2],
    ]);
    // The rodízio's own walk, from where its cursor stood: Caio, Vendas, Caio, Vendas, Caio.
    const caioChats = removed.handover.to[0]!.chats;
    const vendasChats = removed.handover.to[1]!.chats;
    expect([...caioChats, ...vendasChats].sort()).toEqual([...ids].sort());
    expect(caioChats).toEqual([ids[0], ids[2], ids[4]]);

    // Visible to their new owners, and announced on their watches as it happened.
    expect(await visibleTo('caio@acme.com')).toEqual([...caioChats].sort());
    expect(await visibleTo('dora@acme.com')).toEqual([...vendasChats].sort());
    expect(new Set(caioWatch.chatIds())).toEqual(new Set(caioChats));
    expect(new Set(doraWatch.chatIds())).toEqual(new Set(vendasChats));

    // One audit entry per chat, by the acting admin by name, from Bia (by name and id) to the pick.
    const audit = (await engine.as(OWNER).audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit).toHaveLength(5);
    expect(audit.map((e) => e.target).sort()).toEqual([...ids].sort());
    const first = audit.find((e) => e.target === ids[0])!;
    expect(first.actor).toBe('Ana Souza <ana@acme.com>');
    expect(first.details).toMatchObject({
      reason: 'user.remove',
      from: { type: 'user', id: bia, name: 'Bia Lima', email: 'bia@acme.com' },
      to: { type: 'user', name: 'Caio Reis', email: 'caio@acme.com' },
    });
    const removal = (await engine.as(OWNER).audit.list()).find((e) => e.action === 'user.remove')!;
    expect(removal.details).toMatchObject({ name: 'Bia Lima', roundRobin: [{ phone: PHONE, positions: [1] }] });

    // `chat why` tells the handover and its rodízio decision; the queue lost Bia's entry.
    const why = await ana.chats.why(ids[1]!);
    expect(why).toMatchObject({ cause: 'handover', assignee: { ref: 'dept:Vendas' } });
    expect(why.trail.at(-1)).toMatchObject({ outcome: 'picked', target: { ref: 'dept:Vendas' } });
    expect((await ana.roundRobin.show(PHONE)).entries.map((e) => e.target.ref)).toEqual(['user:caio@acme.com', 'dept:Vendas']);

    // The journal holds it: a restart shows the same owners.
    await journal.close();
    engine = await daemonEngine();
    expect(await visibleTo('caio@acme.com')).toEqual([...caioChats].sort());
  });

  it('`user remove --unassign`: her 5 chats are left unassigned, audited, and the rodízio turns nobody', async () => {
    const ids = await fiveChatsWith('user:bia@acme.com');
    const before = (await engine.as(OWNER).roundRobin.show(PHONE)).next;
    const removed = await (await as('ana@acme.com')).users.remove('bia@acme.com', { unassign: true });
    expect(removed.handover).toMatchObject({ mode: 'unassign', chats: 5, to: [{ assignee: null }] });
    expect(removed.handover.to[0]!.chats.sort()).toEqual([...ids].sort());
    const chats = await engine.as(OWNER).chats.list();
    expect(chats.map((c) => c.assignee)).toEqual([null, null, null, null, null]);
    const audit = (await engine.as(OWNER).audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit.map((e) => [e.details?.reason, e.details?.to])).toEqual(Array(5).fill(['user.remove', null]));
    // Bia's entry was at position 1, before the cursor: the next turn is still Caio's.
    expect(before).toBe(2);
    expect((await engine.as(OWNER).roundRobin.show(PHONE)).next).toBe(1);
    expect((await engine.as(OWNER).roundRobin.show(PHONE)).entries[0]!.target.ref).toBe('user:caio@acme.com');
  });

  it('`user disable`: her chats go to the rodízio, which skips her from then on; `rr show` says disabled; `rr add` refuses her', async () => {
    const ids = await fiveChatsWith('user:bia@acme.com');
    const ana = await as('ana@acme.com');
    const disabled = await ana.users.disable('bia@acme.com');
    expect(disabled).toMatchObject({ active: false, handover: { reason: 'user.disable', chats: 5 } });
    const owners = (await engine.as(OWNER).chats.list()).map((c) => c.assignee?.ref);
    expect(owners.filter((r) => r === 'user:bia@acme.com')).toEqual([]);
    expect(owners.filter((r) => r === 'user:caio@acme.com')).toHaveLength(3);

    const queue = await ana.roundRobin.show(PHONE);
    expect(queue.entries.map((e) => [e.target.ref, e.active, e.disabled])).toEqual([
      ['user:bia@acme.com', true, true],
      ['user:caio@acme.com', true, false],
      ['dept:Vendas', true, false],
    ]);
    await expect(ana.roundRobin.add(PHONE, 'user:bia@acme.com')).rejects.toThrow(/bia@acme\.com is disabled.*guru user enable bia@acme\.com/);
    expect((await ana.roundRobin.show(PHONE)).entries).toHaveLength(3);

    // Disabling again hands over nothing more; the audit has one entry per chat.
    expect((await ana.users.disable('bia@acme.com')).handover.chats).toBe(0);
    const audit = (await engine.as(OWNER).audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit.map((e) => e.target).sort()).toEqual([...ids].sort());
  });

  it('`dept remove`: its rodízio entries go with it, its 5 open chats to the rodízio (or to nobody with unassign)', async () => {
    const owner = engine.as(OWNER);
    await owner.departments.add('Suporte');
    await owner.departments.addMembers('Suporte', ['bia@acme.com']);
    const ids = await fiveChatsWith('dept:Suporte');
    const bia = await watch('bia@acme.com');
    const removed = await (await as('ana@acme.com')).departments.remove('Suporte');
    expect(removed).toMatchObject({ name: 'Suporte', roundRobin: [{ phone: PHONE, positions: [1] }], handover: { reason: 'department.remove', chats: 5 } });
    expect(removed.handover.to.map((g) => [g.assignee?.ref, g.chats.length])).toEqual([
      ['user:caio@acme.com', 3],
      ['dept:Vendas', 2],
    ]);
    expect((await owner.roundRobin.show(PHONE)).entries.map((e) => e.target.ref)).toEqual(['user:caio@acme.com', 'dept:Vendas']);
    expect(await visibleTo('bia@acme.com')).toEqual([]);
    expect(bia.chatIds()).toEqual([]);
    const audit = (await owner.audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit.map((e) => e.target).sort()).toEqual([...ids].sort());
    expect(audit[0]!.details).toMatchObject({ reason: 'department.remove', from: { type: 'department', name: 'Suporte' } });

    // The same with --unassign, for Vendas and the two chats it just got.
    const vendas = await owner.departments.remove('Vendas', { unassign: true });
    expect(vendas.handover).toMatchObject({ mode: 'unassign', chats: 2, to: [{ assignee: null }] });
    expect((await owner.chats.list()).filter((c) => c.assignee === null)).toHaveLength(2);
  });

  it('without a daemon the user goes at once and her chats go to the rodízio when it starts; --unassign is refused there, changing nothing', async () => {
    const ids = await fiveChatsWith('user:bia@acme.com');
    await journal.close();
    const offline = new Engine({ stores: store }).as(OWNER); // the CLI's in-process engine: no chats
    await expect(offline.users.remove('bia@acme.com', { unassign: true })).rejects.toMatchObject({ code: 'daemon_unreachable' });
    expect((await offline.users.show('bia@acme.com')).active).toBe(true);
    const removed = await offline.users.remove('bia@acme.com');
    expect(removed.handover).toMatchObject({ done: false, chats: 0 });

    engine = await daemonEngine();
    expect(await engine.handOverOrphans()).toBe(5);
    const chats = await engine.as(OWNER).chats.list();
    expect(chats.map((c) => c.assignee?.ref).sort()).toEqual(['dept:Vendas', 'dept:Vendas', 'user:caio@acme.com', 'user:caio@acme.com', 'user:caio@acme.com']);
    const audit = (await engine.as(OWNER).audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit.map((e) => e.target).sort()).toEqual([...ids].sort());
    expect(audit[0]).toMatchObject({ actor: 'guru daemon (start)', details: { reason: 'user.remove', from: { type: 'user', name: '(removed user)' } } });
    expect(await engine.handOverOrphans()).toBe(0);
  });

  it('a transfer is audited with where the chat came from and where it went, by name and id', async () => {
    const [id] = await fiveChatsWith('user:bia@acme.com');
    const ana = await as('ana@acme.com');
    await ana.chats.assign(id!, { dept: 'Vendas' });
    const entry = (await engine.as(OWNER).audit.list()).find((e) => e.action === 'chat.assigned')!;
    const vendas = (await ana.departments.show('Vendas')).id;
    expect(entry).toMatchObject({
      actor: 'Ana Souza <ana@acme.com>',
      target: id,
      details: { from: { type: 'user', name: 'Bia Lima', email: 'bia@acme.com' }, to: { type: 'department', id: vendas, name: 'Vendas' } },
    });
  });
});
