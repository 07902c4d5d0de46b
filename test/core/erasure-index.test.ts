import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatIndex } from '../../src/core/chats/chat-index.js';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { MemoryTransport } from '../../src/whatsapp/memory-transport.js';
import { engineHandler, journalAgain, testStores, type TestJournal } from '../helpers/engine.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { TestClock } from '../helpers/test-clock.js';

const P = '+5511999990000';
const MARIA = '+5511988881111';
const MARIA_LID = '99887766554433';
const JOAO = '+5511988882222';
const RITA = '+5511988883333';
const jid = (n: string) => `${n.replace('+', '')}@s.whatsapp.net`;

/**
 * An erasure takes the erased chats out of the index and moves every other record's place, in
 * memory, instead of reading the new journal again: the index it leaves must be exactly the one a
 * replay of the new journal builds — chats, older messages' places, aliases, statuses, the outbox
 * and scheduled messages — and every older message must read back as itself.
 */
describe('the index after an erasure', () => {
  let dir: string;
  let store: DurableStores;
  let engine: Engine;
  let journal: TestJournal;

  beforeAll(async () => {
    dir = await makeTempDir('guru-erasure-index-');
    const home = join(dir, 'data');
    store = await testStores(home);
    journal = journalAgain(store);
    const clock = new TestClock('2026-11-10T12:00:00Z');
    const wa = new MemoryTransport(P);
    engine = new Engine({
      stores: { ...store, journal },
      stateNow: () => store.stateNow(),
      clock,
      // Sends to João stay pending (the outbox), the others go.
      conversations: { sender: { send: (_p, to, content, id) => (to.startsWith(JOAO.slice(1)) ? new Promise(() => undefined) : wa.send(to, content, id)) } },
    });
    await engine.chats.load();
    await wa.start(engineHandler(engine, P));
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse battery' });
    await owner.phones.add(P);
    await owner.roundRobin.add(P, 'user:ana@acme.com');
    const ana = engine.as({ type: 'user', userId: (await owner.users.show('ana@acme.com')).id });
    await owner.tags.add('vip');
    // Maria first writes under her LID, then WhatsApp tells her number: her two chats become one.
    await wa.inject({ from: `${MARIA_LID}@lid`, content: { type: 'text', text: 'oi pelo lid' }, time: clock.now().toISOString() });
    await engine.chats.alias(P, `${MARIA_LID}@lid`, jid(MARIA));
    for (let i = 0; i < 40; i++) {
      for (const customer of [MARIA, JOAO, RITA]) {
        clock.advance(1_000);
        await wa.inject({ from: jid(customer), content: { type: 'text', text: `${customer} mensagem ${i}` }, time: clock.now().toISOString() });
      }
      if (i % 10 === 0) {
        for (const customer of [MARIA, JOAO, RITA]) {
          void ana.chats.send(customer, `resposta ${i}`).catch(() => undefined);
          await ana.notes.add(customer, `nota ${i}`);
        }
      }
    }
    await ana.chats.tag(MARIA, { add: ['vip'] });
    await ana.chats.tag(RITA, { add: ['vip'] });
    await ana.scheduled.schedule(RITA, 'lembrete', '2026-11-20 09:00');
    await new Promise((r) => setTimeout(r, 100));
  }, 60_000);

  afterAll(async () => {
    await journal.close();
    await store.close();
    await removeDir(dir);
  });

  it('is the index a replay of the new journal builds, and older messages read back as themselves', async () => {
    const readBack = async (customer: string) => {
      const chat = engine.chats.index.forCustomer(P, customer)!;
      return (await engine.chats.history(chat, 1_000)).map((m) => [m.id, m.direction, JSON.stringify(m.content)]);
    };
    const before = { joao: await readBack(JOAO), rita: await readBack(RITA) };
    expect(before.joao.length).toBeGreaterThan(40);

    const erased = await engine.as(OWNER).contacts.erase(MARIA);
    expect(erased.records).toBeGreaterThan(40);
    expect(engine.chats.index.forCustomer(P, MARIA)).toBeUndefined();
    expect(engine.chats.index.get(chatIdFor(P, `lid:${MARIA_LID}`))).toBeUndefined();

    const again = journalAgain(store);
    const replayed = new ChatIndex(!('lookup' in again));
    await again.replay({ restore: () => undefined, apply: (phone, record, offset) => replayed.apply(phone, record, offset) });
    await again.close();
    const normalise = (index: ChatIndex) => JSON.parse(JSON.stringify(index.checkpoint(P)));
    expect(normalise(engine.chats.index)).toEqual(normalise(replayed));
    expect(engine.chats.index.pending(P).map((p) => [p.id, p.offset])).toEqual(replayed.pending(P).map((p) => [p.id, p.offset]));
    expect({ joao: await readBack(JOAO), rita: await readBack(RITA) }).toEqual(before);
  });
});
