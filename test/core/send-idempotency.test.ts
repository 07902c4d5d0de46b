import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_MESSAGES } from '../../src/core/chats/chat-index.js';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { SEND_KEY_TTL_MS } from '../../src/core/chats/chat-service.js';
import { Engine } from '../../src/core/engine.js';
import type { Clock } from '../../src/core/ports.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const MARIA = '5511977776666@s.whatsapp.net';

/**
 * Sends answer from what was committed, and a client's idempotency key makes a retried send
 * harmless: the same key in a chat is sent once, also across a restart.
 */
describe('sending, concurrently and again', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let sent: { id: string; content: MessageContent }[];
  let now: number;
  const clock: Clock = { now: () => new Date(now) };

  beforeEach(async () => {
    now = Date.parse('2026-11-26T10:00:00.000Z');
    sent = [];
    fixture = await phoneOnFiles('guru-sends-', PHONE);
    ({ store, journal } = fixture);
  });
  afterEach(() => fixture.close());

  /** An engine whose WhatsApp takes each message after a few turns of the event loop, as a socket would. */
  async function engine() {
    const e = new Engine({
      stores: { ...store, journal },
      clock,
      conversations: {
        sender: {
          send: async (_phone, _to, content, id) => {
            for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
            sent.push({ id, content });
          },
        },
        publish: () => undefined,
        outbox: { firstTryWaitMs: 60_000 }, // the answer must not depend on the machine's load
      },
    });
    await e.chats.load();
    e.chats.phoneState(PHONE, 'connected'); // as the daemon's transport reports it
    return e;
  }

  async function withChat(e: Engine) {
    await e.chats.receive({ phone: PHONE, id: 'MARIA-IN', from: MARIA, content: textContent('Oi'), time: '2026-11-26T10:00:00.000Z' });
    const ana = (await store.state.read()).users[0]!;
    return { ana, chatId: e.chats.index.forCustomer(PHONE, '+5511977776666')!.id, as: e.as({ type: 'user', userId: ana.id }) };
  }

  it('answers 40 concurrent sends to one chat with the messages they sent (more than the chat keeps in memory)', async () => {
    const e = await engine();
    const { as, chatId } = await withChat(e);
    const replies = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => as.chats.send(chatId, `resposta ${i}`)));
    const failed = replies.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failed).toEqual([]);
    const views = replies.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof as.chats.send>>>).value);
    expect(views.map((v) => v.text)).toEqual(Array.from({ length: 40 }, (_, i) => `resposta ${i}`));
    expect(views.every((v) => v.status === 'sent')).toBe(true);
    expect(new Set(views.map((v) => v.id)).size).toBe(40);
    expect(sent).toHaveLength(40);
    expect(RECENT_MESSAGES).toBeLessThan(40);
  });

  it('sends a message once however often it is retried with its key — at once, later, and after a restart', async () => {
    const e = await engine();
    const { as, chatId } = await withChat(e);
    // The first try and its retry race (a client that timed out and tried again).
    const [first, retry] = await Promise.all([
      as.chats.send(chatId, 'Orçamento: R$ 1.200', { key: 'k-1' }),
      as.chats.send(chatId, 'Orçamento: R$ 1.200', { key: 'k-1' }),
    ]);
    expect(retry.id).toBe(first.id);
    expect(sent.map((s) => s.id)).toEqual([first.id]);
    // Another message gets another key and is sent; the first key still answers with the first message.
    await as.chats.send(chatId, 'outra', { key: 'k-2' });
    expect((await as.chats.send(chatId, 'Orçamento: R$ 1.200', { key: 'k-1' })).id).toBe(first.id);
    expect(sent).toHaveLength(2);
    // Reusing a key for different words is refused by name, and nothing is sent.
    await expect(as.chats.send(chatId, 'outra coisa', { key: 'k-1' })).rejects.toThrow(/idempotency key "k-1" was already used for a different message/);
    await expect(as.chats.send(chatId, 'x', { key: 'has space' })).rejects.toThrow(/idempotency key must be/);
    expect(sent).toHaveLength(2);
    // Many sends later (the first long out of memory) and after a restart, with a checkpoint: still once.
    for (let i = 0; i < RECENT_MESSAGES + 3; i++) await as.chats.send(chatId, `depois ${i}`, { key: `later-${i}` });
    await e.chats.checkpoint();
    await as.chats.send(chatId, 'após o checkpoint', { key: 'k-3' });
    journal = await fixture.reopenJournal();
    const restarted = await engine();
    const ana = restarted.as({ type: 'user', userId: (await store.state.read()).users[0]!.id });
    const count = sent.length;
    expect((await ana.chats.send(chatId, 'Orçamento: R$ 1.200', { key: 'k-1' })).id).toBe(first.id);
    expect((await ana.chats.send(chatId, 'após o checkpoint', { key: 'k-3' })).text).toBe('após o checkpoint');
    expect(sent).toHaveLength(count);
    const journaled = (await ana.chats.show(chatId, { limit: 100 })).messages.filter((m) => m.text.startsWith('Orçamento'));
    expect(journaled).toHaveLength(1);
    // A key is honoured for a bounded time: a day later it is a new message.
    now += SEND_KEY_TTL_MS + 1;
    expect((await ana.chats.send(chatId, 'Orçamento: R$ 1.200', { key: 'k-1' })).id).not.toBe(first.id);
    expect(sent).toHaveLength(count + 1);
  });

  it('sends again under the same key when the first try failed', async () => {
    let refuse = true;
    const e = new Engine({
      stores: { ...store, journal },
      clock,
      conversations: {
        sender: {
          send: async (_p, _t, content, id) => {
            if (refuse) throw new Error('not connected');
            sent.push({ id, content });
          },
        },
        publish: () => undefined,
        outbox: { firstTryWaitMs: 60_000 }, // the answer must not depend on the machine's load
      },
    });
    await e.chats.load();
    e.chats.phoneState(PHONE, 'connected');
    const { as, chatId } = await withChat(e);
    await expect(as.chats.send(chatId, 'tente de novo', { key: 'k-9' })).rejects.toThrow(/not sent: not connected/);
    refuse = false;
    const again = await as.chats.send(chatId, 'tente de novo', { key: 'k-9' });
    expect(again.status).toBe('sent');
    expect(sent.map((s) => s.id)).toEqual([again.id]);
    expect((await as.chats.send(chatId, 'tente de novo', { key: 'k-9' })).id).toBe(again.id);
    expect(sent).toHaveLength(1);
  });
});
