import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';
import { TestClock } from '../helpers/test-clock.js';

const PHONE = '+5511999990000';
const CUSTOMER = '5511977776666';
const START = '2026-12-01T12:00:00.000Z';

/**
 * Scheduled messages in the engine (src/core/chats/chat-scheduler.ts), over a real store and
 * journal, on a test clock: nothing here sleeps for the time a schedule waits. The WhatsApp port
 * records what it is handed; the phone's link state is set by the test.
 */
describe('scheduled messages', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let clock: TestClock;
  /** What WhatsApp took, in order. */
  let taken: { id: string; text: string }[];
  const engines: Engine[] = [];

  beforeEach(async () => {
    clock = new TestClock(START);
    taken = [];
    fixture = await phoneOnFiles('guru-scheduled-', PHONE);
    ({ store, journal } = fixture);
    // Bia answers with a signature; she sees unassigned chats (every chat here is).
    await new Engine({ stores: store }).as(OWNER).users.add({
      email: 'bia@acme.com',
      name: 'Bia',
      visibleName: 'Bia',
      permissions: ['chats.send', 'chats.view_unassigned'],
      password: 'correct horse',
    });
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) e.chats.stop();
    await fixture.close();
  });

  async function engine() {
    const e = new Engine({
      stores: { ...store, journal },
      clock,
      conversations: {
        sender: {
          send: async (_phone, _to, content: MessageContent, id) => {
            taken.push({ id, text: content.type === 'text' ? content.text : '' });
          },
        },
        publish: () => undefined,
        warn: (message, details) => console.error(message, details),
        outbox: { retryMs: 20, firstTryWaitMs: 60_000 },
      },
    });
    await e.chats.load();
    engines.push(e);
    return e;
  }

  const userId = async (email: string) => (await store.state.read()).users.find((u) => u.email === email)!.id;
  const bia = async (e: Engine) => e.as({ type: 'user', userId: await userId('bia@acme.com') });

  async function chatOf(e: Engine): Promise<string> {
    await e.chats.receive({ phone: PHONE, id: 'IN-1', from: `${CUSTOMER}@s.whatsapp.net`, content: textContent('Oi'), time: clock.now().toISOString() });
    return e.chats.index.forCustomer(PHONE, `+${CUSTOMER}`)!.id;
  }
  const inSeconds = (s: number) => new Date(Date.parse(START) + s * 1000).toISOString();
  const outgoing = async (e: Engine, chatId: string) => (await (await bia(e)).chats.show(chatId)).messages.filter((m) => m.direction === 'out');

  it('three messages scheduled 1 s apart leave in time order, each when its second comes, signed, on one timer', async () => {
    const e = await engine();
    e.chats.phoneState(PHONE, 'connected');
    const chatId = await chatOf(e);
    const as = await bia(e);
    // Scheduled out of order: they leave by their time, not by when they were scheduled.
    const third = await as.scheduled.schedule(chatId, 'terceira', inSeconds(3));
    const first = await as.scheduled.schedule(chatId, 'primeira', inSeconds(1));
    const second = await as.scheduled.schedule(chatId, 'segunda', inSeconds(2));
    expect((await as.scheduled.list()).map((s) => s.id)).toEqual([first.id, second.id, third.id]);
    // One timer for the soonest, however many are scheduled.
    expect(clock.timerCount).toBe(1);
    clock.advance(999);
    await new Promise((r) => setTimeout(r, 50));
    expect(taken).toEqual([]);
    for (const [n, text] of [
      [1, 'primeira'],
      [2, 'segunda'],
      [3, 'terceira'],
    ] as const) {
      clock.advance(n === 1 ? 1 : 1000);
      await vi.waitFor(() => expect(taken).toHaveLength(n), { timeout: 30_000 });
      expect(taken.at(-1)!.text).toBe(`*Bia:*\n${text}`);
    }
    expect(taken.map((t) => t.text)).toEqual(['*Bia:*\nprimeira', '*Bia:*\nsegunda', '*Bia:*\nterceira']);
    await vi.waitFor(async () => expect((await outgoing(e, chatId)).map((m) => m.status)).toEqual(['sent', 'sent', 'sent']), { timeout: 30_000 });
    expect(await as.scheduled.list()).toEqual([]);
    expect(clock.timerCount).toBe(0);
    // Audited: each schedule by Bia, each send as hers, naming the schedule.
    const audit = await store.audit.list({});
    expect(audit.filter((a) => a.action === 'chat.schedule').map((a) => a.actor)).toEqual(Array(3).fill('Bia <bia@acme.com>'));
    expect(audit.filter((a) => a.action === 'chat.send').map((a) => a.details?.scheduledId)).toEqual([first.id, second.id, third.id]);
  });

  it('three due at once (the clock jumps) still leave in time order', async () => {
    const e = await engine();
    e.chats.phoneState(PHONE, 'connected');
    const chatId = await chatOf(e);
    const as = await bia(e);
    for (const [s, text] of [
      [3, 'c'],
      [1, 'a'],
      [2, 'b'],
    ] as const)
      await as.scheduled.schedule(chatId, text, inSeconds(s));
    clock.advance(10_000);
    await vi.waitFor(() => expect(taken).toHaveLength(3), { timeout: 30_000 });
    expect(taken.map((t) => t.text)).toEqual(['*Bia:*\na', '*Bia:*\nb', '*Bia:*\nc']);
  });

  it('one falling due while the phone is disconnected waits in the outbox and leaves on reconnect, once', async () => {
    const e = await engine();
    e.chats.phoneState(PHONE, 'connected');
    const chatId = await chatOf(e);
    e.chats.phoneState(PHONE, 'reconnecting');
    const scheduled = await (await bia(e)).scheduled.schedule(chatId, 'volto já', inSeconds(60));
    clock.advance(60_000);
    await vi.waitFor(async () => expect((await outgoing(e, chatId)).map((m) => m.status)).toEqual(['pending']), { timeout: 30_000 });
    expect(taken).toEqual([]);
    expect(await (await bia(e)).scheduled.list()).toEqual([]);
    e.chats.phoneState(PHONE, 'connected');
    await vi.waitFor(() => expect(taken.map((t) => t.text)).toEqual(['*Bia:*\nvolto já']), { timeout: 30_000 });
    const [message] = await outgoing(e, chatId);
    expect(taken[0]!.id).toBe(message!.id);
    e.chats.phoneState(PHONE, 'reconnecting');
    e.chats.phoneState(PHONE, 'connected');
    await new Promise((r) => setTimeout(r, 100));
    expect(taken).toHaveLength(1);
    expect((await store.audit.list({})).find((a) => a.action === 'chat.send')?.details).toMatchObject({ scheduledId: scheduled.id });
  });

  it('survives a daemon that dies before the time (no checkpoint, no stop): after the restart it goes, once — and never again after another', async () => {
    let e = await engine();
    const chatId = await chatOf(e);
    await (await bia(e)).scheduled.schedule(chatId, 'lembrete', inSeconds(60));
    // The daemon dies: its timers die with it, nothing is checkpointed. The journal is all there is.
    e.chats.stop();
    engines.splice(0);
    journal = await fixture.reopenJournal();
    clock.advance(120_000);
    e = await engine();
    expect(taken).toEqual([]); // the phone is not connected yet
    e.chats.phoneState(PHONE, 'connected');
    await vi.waitFor(() => expect(taken.map((t) => t.text)).toEqual(['*Bia:*\nlembrete']), { timeout: 30_000 });
    e.chats.stop();
    engines.splice(0);
    journal = await fixture.reopenJournal();
    e = await engine();
    e.chats.phoneState(PHONE, 'connected');
    clock.advance(3_600_000);
    await new Promise((r) => setTimeout(r, 100));
    expect(taken).toHaveLength(1);
    expect((await outgoing(e, chatId)).map((m) => m.status)).toEqual(['sent']);
  });

  it('a schedule still to come survives a checkpointed restart and goes at its time', async () => {
    let e = await engine();
    const chatId = await chatOf(e);
    const scheduled = await (await bia(e)).scheduled.schedule(chatId, 'amanhã', inSeconds(86_400));
    await e.chats.checkpoint();
    e.chats.stop();
    engines.splice(0);
    journal = await fixture.reopenJournal();
    e = await engine();
    e.chats.phoneState(PHONE, 'connected');
    expect((await (await bia(e)).scheduled.list()).map((s) => s.id)).toEqual([scheduled.id]);
    clock.advance(86_399_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(taken).toEqual([]);
    clock.advance(1_000);
    await vi.waitFor(() => expect(taken.map((t) => t.text)).toEqual(['*Bia:*\namanhã']), { timeout: 30_000 });
  });

  it('unschedule takes it back before it goes (audited); afterwards it is not found', async () => {
    const e = await engine();
    e.chats.phoneState(PHONE, 'connected');
    const chatId = await chatOf(e);
    const as = await bia(e);
    const scheduled = await as.scheduled.schedule(chatId, 'cancelada', inSeconds(5));
    await as.scheduled.cancel(scheduled.id);
    expect(clock.timerCount).toBe(0);
    clock.advance(10_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(taken).toEqual([]);
    await expect(as.scheduled.cancel(scheduled.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await store.audit.list({})).filter((a) => a.action === 'chat.unschedule').map((a) => a.details?.scheduledId)).toEqual([scheduled.id]);
  });

  it('an author disabled before the time: it is dropped, saying why (journaled, audited), never sent', async () => {
    const e = await engine();
    e.chats.phoneState(PHONE, 'connected');
    const chatId = await chatOf(e);
    const scheduled = await (await bia(e)).scheduled.schedule(chatId, 'não vai', inSeconds(5));
    await e.as(OWNER).users.disable('bia@acme.com');
    clock.advance(5_000);
    await vi.waitFor(async () => expect((await store.audit.list({})).some((a) => a.action === 'chat.schedule.dropped')).toBe(true), { timeout: 30_000 });
    const dropped = (await store.audit.list({})).find((a) => a.action === 'chat.schedule.dropped')!;
    expect(dropped.details).toMatchObject({ scheduledId: scheduled.id, author: 'Bia <bia@acme.com>', reason: 'its author is disabled' });
    expect(taken).toEqual([]);
    expect(await e.as(OWNER).scheduled.list()).toEqual([]);
  });

  it('reads --at in the team time zone, takes ISO with an offset, and refuses the past and nonsense with what to type', async () => {
    const e = await engine();
    const chatId = await chatOf(e);
    await e.as(OWNER).account.set({ timeZone: 'america/sao_paulo' });
    expect((await e.as(OWNER).account.show()).timeZone).toBe('America/Sao_Paulo');
    const as = await bia(e);
    const local = await as.scheduled.schedule(chatId, 'nove horas', '2026-12-02 09:00');
    expect(local.at).toBe('2026-12-02T12:00:00.000Z'); // São Paulo is UTC-3
    expect(local.timeZone).toBe('America/Sao_Paulo');
    expect((await as.scheduled.schedule(chatId, 'iso', '2026-12-02T09:00+01:00')).at).toBe('2026-12-02T08:00:00.000Z');
    await expect(as.scheduled.schedule(chatId, 'x', '2026-12-01 08:59')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/is in the past \(it is 2026-12-01 09:00 in America\/Sao_Paulo now\)/),
    });
    await expect(as.scheduled.schedule(chatId, 'x', 'amanhã às 9')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/2026-12-02 09:00/),
    });
    await expect(as.scheduled.schedule(chatId, 'x', '2026-02-30 09:00')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/not a real date/),
    });
    await expect(as.scheduled.schedule(chatId, '   ', '2026-12-02 10:00')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(e.as(OWNER).account.set({ timeZone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/IANA/),
    });
    // Nothing refused was scheduled.
    expect((await as.scheduled.list()).map((s) => s.text)).toEqual(['iso', 'nove horas']);
  });

  it('a colleague who cannot see the chat sees none of its schedules and cannot cancel them (not found, like a made-up id)', async () => {
    const e = await engine();
    const chatId = await chatOf(e);
    const scheduled = await (await bia(e)).scheduled.schedule(chatId, 'segredo', inSeconds(60));
    await e.as(OWNER).users.add({ email: 'caio@acme.com', name: 'Caio', permissions: ['chats.send'], password: 'correct horse' });
    const caio = e.as({ type: 'user', userId: await userId('caio@acme.com') });
    expect(await caio.scheduled.list()).toEqual([]);
    const hidden = await caio.scheduled.cancel(scheduled.id).catch((err: Error) => err);
    const madeUp = await caio.scheduled.cancel('S000000000000').catch((err: Error) => err);
    expect(hidden).toMatchObject({ code: 'not_found' });
    expect((hidden as Error).message).toBe((madeUp as Error).message.replace('S000000000000', scheduled.id));
    await expect(caio.scheduled.schedule(chatId, 'x', inSeconds(60))).rejects.toMatchObject({ code: 'permission_denied' });
    expect((await (await bia(e)).scheduled.list({ mine: true })).map((s) => s.id)).toEqual([scheduled.id]);
    expect(await e.as(OWNER).scheduled.list({ mine: true })).toEqual([]);
  });
});
