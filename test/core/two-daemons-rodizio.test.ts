import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { Stores } from '../../src/core/ports.js';
import { openStores } from '../../src/store/open.js';
import type { PostgresStores } from '../../src/store/postgres/stores.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { freshStoreUrl } from '../helpers/postgres.js';

const PHONE = '+5511999990000';
const AGENTS = ['ana@acme.com', 'bia@acme.com', 'caio@acme.com'];
const inbound = (i: number) => ({
  phone: PHONE,
  id: `M${i}`,
  from: `55119${String(i).padStart(8, '0')}@s.whatsapp.net`,
  content: textContent(`oi ${i}`),
  time: new Date(Date.UTC(2026, 10, 26, 10, 0, i)).toISOString(),
});

/**
 * The rodízio with two daemons' engines on one PostgreSQL database: 100 new chats arriving on
 * both at once are handed out as one engine alone hands them out — each chat once, each turn
 * taken once, the same count per agent and the same cursor at the end; and each engine's index
 * holds every chat, as the other wrote it.
 */
describe('the rodízio over two daemons on one database', () => {
  let dir: string | null = null;
  const opened: Stores[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    if (dir) await removeDir(dir);
    dir = null;
  });

  async function daemonEngine(url: string, name: string): Promise<{ engine: Engine; store: PostgresStores }> {
    const store = await openStores({ kind: 'postgres', url, home: join(dir!, name) });
    opened.push(store);
    const engine = new Engine({ stores: store, stateNow: () => store.stateNow(), conversations: { sender: { send: async () => undefined } } });
    await engine.chats.load();
    await store.follow({
      state: () => undefined,
      journal: (phone, entries) => void engine.chats.absorb(phone, entries),
      contact: (customer) => void engine.chats.contacts?.refresh(customer),
      erased: (phone, chats, customers) => engine.chats.forgetErased(phone, chats, customers),
    });
    return { engine, store };
  }

  async function team(url: string): Promise<void> {
    const store = await openStores({ kind: 'postgres', url, home: join(dir!, 'setup') });
    const owner = new Engine({ stores: store }).as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: AGENTS[0]!, adminName: 'Ana', adminPassword: 'correct horse battery' });
    for (const email of AGENTS.slice(1)) await owner.users.add({ email, name: email.split('@')[0]! });
    await owner.phones.add(PHONE);
    for (const email of AGENTS) await owner.roundRobin.add(PHONE, `user:${email}`);
    await store.close();
  }

  /** Who got each chat (by agent email), and the rodízio's cursor at the end. */
  async function outcome(engines: Engine[], store: PostgresStores) {
    const state = await store.state.read();
    const email = (id: string | undefined) => state.users.find((u) => u.id === id)?.email ?? 'nobody';
    const byEngine = engines.map((e) =>
      e.chats.index
        .all()
        .map((chat) => `${chat.customer} ${chat.assignee?.type === 'user' ? email(chat.assignee.userId) : 'nobody'}`)
        .sort(),
    );
    const counts: Record<string, number> = {};
    for (const line of byEngine[0]!) {
      const who = line.split(' ')[1]!;
      counts[who] = (counts[who] ?? 0) + 1;
    }
    return { byEngine, counts, cursor: state.roundRobins[0]!.cursor };
  }

  it('100 chats on two engines at once: the same hand-out as one engine', async () => {
    dir = await makeTempDir('guru-rr2-');
    const alone = freshStoreUrl('rr1');
    await team(alone);
    const one = await daemonEngine(alone, 'one');
    for (let i = 0; i < 100; i++) await one.engine.chats.receive(inbound(i));
    const expected = await outcome([one.engine], one.store);

    const shared = freshStoreUrl('rr2');
    await team(shared);
    const a = await daemonEngine(shared, 'a');
    const b = await daemonEngine(shared, 'b');
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).engine.chats.receive(inbound(i))));
    // Each engine has taken in what the other journaled.
    await a.store.journal.settle();
    await b.store.journal.settle();
    const got = await outcome([a.engine, b.engine], a.store);

    expect(got.byEngine[0]).toHaveLength(100);
    expect(got.byEngine[1]).toEqual(got.byEngine[0]);
    expect(got.counts).toEqual(expected.counts);
    expect(expected.counts).toEqual({ 'ana@acme.com': 34, 'bia@acme.com': 33, 'caio@acme.com': 33 });
    expect(got.cursor).toBe(expected.cursor);
    // The other engine hears of the last turn as the database tells it (NOTIFY), a moment later.
    for (let i = 0; i < 100 && (await b.store.state.read()).roundRobins[0]!.cursor !== expected.cursor; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await b.store.state.read()).roundRobins[0]!.cursor).toBe(expected.cursor);
  });

  it('a contact set on one daemon, and an erasure made there, reach the other', async () => {
    dir = await makeTempDir('guru-rr2-');
    const url = freshStoreUrl('rr3');
    await team(url);
    const a = await daemonEngine(url, 'a');
    const b = await daemonEngine(url, 'b');
    await a.engine.chats.receive(inbound(1));
    await a.engine.chats.receive(inbound(2));
    await b.store.journal.settle();
    expect(b.engine.chats.index.all()).toHaveLength(2);
    const maria = '+5511900000001';
    await a.engine.as(OWNER).contacts.set(maria, { name: 'Maria Souza', fields: { plano: 'ouro' } });
    const soon = async (ok: () => boolean) => {
      for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
      return ok();
    };
    expect(await soon(() => b.engine.chats.contacts?.get(maria)?.name === 'Maria Souza')).toBe(true);
    await a.engine.as(OWNER).contacts.erase(maria);
    expect(await soon(() => b.engine.chats.index.all().length === 1 && !b.engine.chats.contacts?.get(maria))).toBe(true);
    expect(b.engine.chats.index.all()[0]!.customer).toBe('+5511900000002');
  });

  it('a daemon writing alone while it follows still takes checkpoints (a restart replays only what came after)', async () => {
    dir = await makeTempDir('guru-rr2-');
    const url = freshStoreUrl('rr4');
    await team(url);
    const a = await daemonEngine(url, 'a');
    for (let i = 0; i < 5; i++) await a.engine.chats.receive(inbound(i));
    await a.engine.chats.checkpoint();
    const again = await openStores({ kind: 'postgres', url, home: join(dir!, 'again') });
    opened.push(again);
    const seen: string[] = [];
    await again.journal.replay({ restore: () => seen.push('restore'), apply: () => seen.push('record') });
    expect(seen).toEqual(['restore']);
  });
});
