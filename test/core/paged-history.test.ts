import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECENT_MESSAGES } from '../../src/core/chats/chat-index.js';
import { textContent } from '../../src/core/chats/content.js';
import { lineMessage } from '../../src/core/chats/journaled-line.js';
import { lineCount } from '../../src/core/chats/model.js';
import { Engine } from '../../src/core/engine.js';
import type { Clock } from '../../src/core/ports.js';
import { phoneOnFiles } from '../helpers/engine.js';
import { dropCheckpoint } from '../helpers/raw-store.js';

const PHONE = '+5511999990000';
const NUMBER = '5511944443333';
const LID = '99887766';

/**
 * Messages out of memory, over either journal: the files (the index remembers where each one
 * is) and PostgreSQL (the journal finds and pages them: the index keeps only each chat's latest
 * and a count). Whatever the journal, a chat reads back the same.
 */
describe('old messages out of memory', () => {
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let refuse: Set<string>;
  let now: number;
  const clock: Clock = { now: () => new Date(now) };

  beforeEach(async () => {
    now = Date.parse('2026-11-26T10:00:00.000Z');
    refuse = new Set();
    fixture = await phoneOnFiles('guru-paged-', PHONE);
  });
  afterEach(() => fixture.close());

  async function engine(journal = fixture.journal) {
    const e = new Engine({
      stores: { ...fixture.store, journal },
      clock,
      conversations: {
        sender: {
          send: async (_phone, _to, content) => {
            if (content.type === 'text' && refuse.has(content.text)) throw new Error('WhatsApp refused it (error 479)');
          },
        },
        publish: () => undefined,
        outbox: { retryMs: 20, firstTryWaitMs: 60_000 },
      },
    });
    await e.chats.load();
    e.chats.phoneState(PHONE, 'connected');
    return e;
  }

  const inbound = (id: string, from: string, text: string) => {
    now += 1_000;
    return { phone: PHONE, id, from, content: textContent(text), time: new Date(now).toISOString() };
  };
  const admin = async (e: Engine) => e.as({ type: 'user', userId: (await fixture.store.state.read()).users[0]!.id });

  it('a long LID chat joined into the person’s long chat pages in arrival order; old redeliveries stay duplicates; the same after a restart', async () => {
    let e = await engine();
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      await e.chats.receive(inbound(`P${i}`, `${NUMBER}@s.whatsapp.net`, `pelo número ${i}`));
      await e.chats.receive(inbound(`L${i}`, `${LID}@lid`, `pelo LID ${i}`));
      expected.push(`P${i}`, `L${i}`);
    }
    expect(e.chats.index.all()).toHaveLength(2);
    await e.chats.alias(PHONE, `${LID}@lid`, `${NUMBER}@s.whatsapp.net`);
    const ids = async (engine: Engine) => {
      const chat = engine.chats.index.forCustomer(PHONE, `+${NUMBER}`)!;
      expect(lineCount(chat)).toBe(80);
      expect(chat.messages.length).toBeLessThanOrEqual(RECENT_MESSAGES);
      return (await engine.chats.history(chat, 1_000)).map((m) => m.id);
    };
    expect(await ids(e)).toEqual(expected);
    // Pages from any point: the latest 50 are the latest 50.
    const chat = e.chats.index.forCustomer(PHONE, `+${NUMBER}`)!;
    expect((await e.chats.history(chat, 50)).map((m) => m.id)).toEqual(expected.slice(-50));
    // Long out of memory, under either id, a redelivery is recognised and stored nowhere.
    expect(await e.chats.receive(inbound('L0', `${LID}@lid`, 'pelo LID 0'))).toMatchObject({ duplicate: true, chatId: chat.id });
    expect(await e.chats.receive(inbound('P1', `${NUMBER}@s.whatsapp.net`, 'pelo número 1'))).toMatchObject({ duplicate: true, chatId: chat.id });
    // …also in a batch (a history sync asks the journal once for all of it).
    await e.chats.receiveAll([inbound('P2', `${NUMBER}@s.whatsapp.net`, 'pelo número 2'), inbound('L3', `${LID}@lid`, 'pelo LID 3')]);
    expect(await ids(e)).toEqual(expected);
    expect((await e.chats.message(PHONE, 'L1'))?.content).toEqual(textContent('pelo LID 1'));

    await e.chats.checkpoint();
    e = await engine(await fixture.reopenJournal());
    expect(await ids(e)).toEqual(expected);
    await dropCheckpoint(fixture.store, PHONE);
    e = await engine(await fixture.reopenJournal());
    expect(await ids(e)).toEqual(expected);
  });

  it('an old message shows its latest status; a failed one out of memory is retried and sent once', async () => {
    const e = await engine();
    await e.chats.receive(inbound('IN0', `${NUMBER}@s.whatsapp.net`, 'oi'));
    const as = await admin(e);
    const chatId = e.chats.index.forCustomer(PHONE, `+${NUMBER}`)!.id;
    refuse.add('recusada');
    await expect(as.chats.send(chatId, 'recusada')).rejects.toThrow(/refused/);
    const taken = await as.chats.send(chatId, 'levada');
    await vi.waitFor(() => expect(e.chats.index.pending(PHONE)).toEqual([]), { timeout: 10_000 });
    for (let i = 1; i <= 30; i++) await e.chats.receive(inbound(`IN${i}`, `${NUMBER}@s.whatsapp.net`, `mensagem ${i}`));
    const chat = e.chats.index.get(chatId)!;
    expect(chat.messages.some((m) => m.direction === 'out')).toBe(false);
    // Receipts for a message out of memory, out of order: read beats delivered.
    now += 1_000;
    await e.chats.receipt({ phone: PHONE, id: taken.id, status: 'read', time: new Date(now).toISOString() });
    await e.chats.receipt({ phone: PHONE, id: taken.id, status: 'delivered', time: new Date(now).toISOString() });
    const outgoing = async () => (await as.chats.show(chatId, { limit: 100 })).messages.filter((m) => m.direction === 'out');
    expect((await outgoing()).map((m) => [m.text, m.status])).toEqual([
      ['recusada', 'failed'],
      ['levada', 'read'],
    ]);
    // Why it failed: kept with the message in memory (the files), or read back with it (PostgreSQL).
    if (e.chats.index.keepsOlder) expect((await outgoing())[0]!.reason).toBeUndefined();
    else expect((await outgoing())[0]!.reason).toMatch(/refused/);
    // Taken again from the journal, by its id alone.
    refuse.clear();
    const failed = (await outgoing())[0]!;
    expect((await as.chats.retry(failed.id)).status).toBe('sent');
    expect((await outgoing()).map((m) => m.status)).toEqual(['sent', 'read']);
    await expect(as.chats.retry(failed.id)).rejects.toThrow(/only a failed message can be retried/);
  });

  it('keeps nothing per message out of memory where the journal pages them: a checkpoint does not grow with history', async () => {
    const e = await engine();
    const size = () => JSON.stringify(e.chats.index.checkpoint(PHONE)).length;
    for (let i = 0; i < 100; i++) await e.chats.receive(inbound(`A${i}`, `${NUMBER}@s.whatsapp.net`, `mensagem ${i}`));
    const small = size();
    await e.chats.receiveAll(Array.from({ length: 2_000 }, (_, i) => inbound(`B${i}`, `${NUMBER}@s.whatsapp.net`, `mensagem ${i + 100}`)));
    const big = size();
    if (e.chats.index.keepsOlder)
      expect(big).toBeGreaterThan(small + 2_000 * 5); // the files: where each one is, and its id
    else expect(big).toBeLessThan(small * 1.2);
    expect(lineCount(e.chats.index.forCustomer(PHONE, `+${NUMBER}`)!)).toBe(2_100);
  });

  it('a line read back is what the index would have held: the latest status by the same rules, and its file', () => {
    const message = { type: 'message', id: 'M', chatId: 'c', direction: 'out', text: 'oi', time: '2026-11-26T10:00:00.000Z', status: 'pending' } as const;
    const status = (s: 'sent' | 'delivered' | 'read' | 'failed' | 'pending') =>
      ({ type: 'message.status', id: 'M', chatId: 'c', status: s, time: message.time }) as const;
    const media = { type: 'media', id: 'M', chatId: 'c', time: message.time, state: 'pruned' } as const;
    const line = lineMessage({ record: message, offset: 7, later: [status('sent'), status('read'), media, status('delivered'), status('pending')] });
    expect([line.offset, line.status, line.media]).toEqual([7, 'read', { state: 'pruned' }]);
    const failed = lineMessage({ record: message, offset: 7, later: [{ ...status('failed'), reason: 'porque' }] });
    expect([failed.status, failed.reason]).toEqual(['failed', 'porque']);
    expect(lineMessage({ record: message, offset: 7, later: [{ ...status('failed'), reason: 'porque' }, status('pending')] }).status).toBe('pending');
  });
});
