import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { SendDeferred } from '../../src/core/chats/ports.js';
import { Engine } from '../../src/core/engine.js';
import type { Clock } from '../../src/core/ports.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';

/**
 * The outbox's rules in the engine (src/core/chats/chat-outbox.ts), over a real store and journal,
 * with a WhatsApp port that takes, defers (a drop) or refuses each message as the test says. The
 * same rules against the real Baileys and the simulator: test/reliability/outbox.test.ts.
 */
describe('the outbox', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  /** What WhatsApp took, in order: message id and text. */
  let taken: { id: string; text: string }[];
  /** Every hand-over, taken or not. */
  let tries: string[];
  /** How the port answers the next hand-overs (default: takes it). */
  let answer: (id: string) => 'take' | 'defer' | 'refuse';
  let now: number;
  const clock: Clock = { now: () => new Date(now) };

  beforeEach(async () => {
    now = Date.parse('2026-11-26T10:00:00.000Z');
    taken = [];
    tries = [];
    answer = () => 'take';
    fixture = await phoneOnFiles('guru-outbox-', PHONE);
    ({ store, journal } = fixture);
  });
  afterEach(() => fixture.close());

  async function engine(giveUpAfterMs?: number) {
    const e = new Engine({
      stores: { ...store, journal },
      clock,
      conversations: {
        sender: {
          send: async (_phone, _to, content: MessageContent, id) => {
            tries.push(id);
            await new Promise((r) => setImmediate(r));
            const a = answer(id);
            if (a === 'defer') throw new SendDeferred('the connection dropped before WhatsApp confirmed it');
            if (a === 'refuse') throw new Error('WhatsApp refused it (error 479)');
            taken.push({ id, text: content.type === 'text' ? content.text : '' });
          },
        },
        publish: () => undefined,
        // The first try is waited for as long as it takes: what `send` answers must not depend on the machine's load.
        outbox: { retryMs: 20, firstTryWaitMs: 60_000, ...(giveUpAfterMs ? { giveUpAfterMs } : {}) },
      },
    });
    await e.chats.load();
    return e;
  }

  async function chatOf(e: Engine, customer: string) {
    await e.chats.receive({
      phone: PHONE,
      id: `IN-${customer}`,
      from: `${customer}@s.whatsapp.net`,
      content: textContent('Oi'),
      time: new Date(now).toISOString(),
    });
    const ana = (await store.state.read()).users[0]!;
    return { chatId: e.chats.index.forCustomer(PHONE, `+${customer}`)!.id, as: e.as({ type: 'user', userId: ana.id }) };
  }
  const statuses = async (e: Engine, chatId: string) =>
    (await e.as({ type: 'user', userId: (await store.state.read()).users[0]!.id }).chats.show(chatId, { limit: 500 })).messages
      .filter((m) => m.direction === 'out')
      .map((m) => m.status);

  it('takes sends while the phone is reconnecting, acknowledged at once as pending, and sends them in order, once each, when it connects', async () => {
    const e = await engine();
    const a = await chatOf(e, '5511911110000');
    const b = await chatOf(e, '5511922220000');
    e.chats.phoneState(PHONE, 'reconnecting');
    const replies: Awaited<ReturnType<typeof a.as.chats.send>>[] = [];
    for (let i = 0; i < 30; i++) replies.push(await (i % 2 ? b : a).as.chats.send((i % 2 ? b : a).chatId, `resposta ${i}`));
    expect(replies.every((r) => r.status === 'pending')).toBe(true);
    expect(tries).toEqual([]);
    // The connection drops once more under the 5th message: it goes again with the same id, and
    // nothing of its chat overtakes it.
    let dropped = false;
    answer = (id) => {
      if (id !== replies[4]!.id || dropped) return 'take';
      dropped = true;
      return 'defer';
    };
    e.chats.phoneState(PHONE, 'connected');
    await vi.waitFor(() => expect(taken).toHaveLength(30), { timeout: 30_000 });
    for (const chat of [a, b]) {
      const mine = replies.filter((r) => r.text.startsWith('resposta') && (replies.indexOf(r) % 2 ? chat === b : chat === a));
      expect(taken.filter((t) => mine.some((m) => m.id === t.id)).map((t) => t.id)).toEqual(mine.map((m) => m.id));
    }
    expect(new Set(taken.map((t) => t.id)).size).toBe(30);
    expect(tries.filter((id) => id === replies[4]!.id)).toHaveLength(2);
    // The transport took the last one a moment before its 'sent' is journaled: wait for that too.
    await vi.waitFor(async () => expect([...(await statuses(e, a.chatId)), ...(await statuses(e, b.chatId))]).toEqual(Array(30).fill('sent')), {
      timeout: 30_000,
    });
    // Receipts move them on, and never back.
    await e.chats.receipt({ phone: PHONE, id: replies[0]!.id, status: 'read', time: new Date(now).toISOString() });
    await e.chats.receipt({ phone: PHONE, id: replies[0]!.id, status: 'delivered', time: new Date(now).toISOString() });
    expect((await statuses(e, a.chatId))[0]).toBe('read');
  });

  it('a logout fails what is pending with the relink step; new sends are refused with it; after relinking, retry sends each once under its id', async () => {
    const e = await engine();
    const { as, chatId } = await chatOf(e, '5511933330000');
    e.chats.phoneState(PHONE, 'reconnecting');
    const pending = [await as.chats.send(chatId, 'um'), await as.chats.send(chatId, 'dois')];
    e.chats.phoneState(PHONE, 'logged_out');
    await vi.waitFor(async () => expect(await statuses(e, chatId)).toEqual(['failed', 'failed']), { timeout: 30_000 });
    const shown = (await as.chats.show(chatId)).messages.filter((m) => m.direction === 'out');
    expect(shown.map((m) => m.reason)).toEqual(Array(2).fill(`logged out — relink with \`guru phone link ${PHONE}\``));
    await expect(as.chats.send(chatId, 'três')).rejects.toThrow(/logged out — relink with `guru phone link/);
    await expect(as.chats.retry(pending[0]!.id)).rejects.toThrow(/logged out — relink/);
    expect(tries).toEqual([]);
    // Relinked: the link runs through its states to connected.
    for (const state of ['waiting_qr', 'pairing', 'syncing', 'connected'] as const) e.chats.phoneState(PHONE, state);
    expect(tries).toEqual([]); // failed stays failed until someone retries
    for (const m of pending) expect((await as.chats.retry(m.id)).status).toBe('sent');
    expect(taken.map((t) => t.id)).toEqual(pending.map((m) => m.id));
    expect(await statuses(e, chatId)).toEqual(['sent', 'sent']);
    await expect(as.chats.retry(pending[0]!.id)).rejects.toThrow(/is sent: only a failed message can be retried/);
    await expect(as.chats.retry('NOPE')).rejects.toThrow(/no message "NOPE"/);
    expect(taken).toHaveLength(2);
  });

  it('gives a message up after the bounded time, with the reason; a refusal fails at once, and the agent hears it', async () => {
    const e = await engine(60_000);
    const { as, chatId } = await chatOf(e, '5511944440000');
    e.chats.phoneState(PHONE, 'reconnecting');
    const late = await as.chats.send(chatId, 'tarde demais');
    now += 61_000;
    await vi.waitFor(async () => expect(await statuses(e, chatId)).toEqual(['failed']), { timeout: 30_000 });
    const [shown] = (await as.chats.show(chatId)).messages.filter((m) => m.id === late.id);
    expect(shown!.reason).toMatch(
      /^not sent within 1 min \(the phone is reconnecting\) — check it with `guru phone status \+5511999990000`, then `guru chat retry /,
    );
    e.chats.phoneState(PHONE, 'connected');
    answer = () => 'refuse';
    await expect(as.chats.send(chatId, 'recusada')).rejects.toThrow(
      /not sent: WhatsApp refused it \(error 479\) — it is kept as failed: send it again with `guru chat retry/,
    );
    expect(taken).toEqual([]);
  });
});
