import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import type { Chat } from '../../src/core/chats/model.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';
import { TestClock } from '../helpers/test-clock.js';
import { SAMPLE_BOT_FILE } from '../../src/commands/bot/set.js';

const PHONE = '+5511999990000';
const START = '2026-12-01T12:00:00.000Z';
const MENU = '1 Vendas\n2 Suporte';
const BOT = SAMPLE_BOT_FILE;

/**
 * The menu bot in the live engine (src/core/chats/chat-bot.ts), over a real store and journal,
 * on a test clock: a new conversation is greeted, the customer's answer sends it to the chosen
 * department's rodízio, nonsense or silence to the normal one. WhatsApp is a port that records
 * what it is handed.
 */
describe('menu bot in live conversations', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let clock: TestClock;
  /** What WhatsApp took, in order: to whom, and the words. */
  let taken: { to: string; text: string }[];
  const engines: Engine[] = [];

  beforeEach(async () => {
    clock = new TestClock(START);
    taken = [];
    fixture = await phoneOnFiles('guru-bot-', PHONE);
    ({ store, journal } = fixture);
    const owner = new Engine({ stores: store, clock }).as(OWNER);
    await owner.departments.add('Vendas');
    await owner.departments.add('Suporte');
    await owner.users.add({ email: 'dora@acme.com', name: 'Dora' });
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio', departments: ['Vendas'] });
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', departments: ['Suporte'] });
    // The normal rodízio starts with Dora; Suporte's is Bia alone.
    for (const target of ['user:dora@acme.com', 'user:caio@acme.com', 'user:bia@acme.com']) await owner.roundRobin.add(PHONE, target);
    await owner.bots.set(PHONE, BOT);
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
          send: async (_phone, to, content: MessageContent) => {
            taken.push({ to, text: content.type === 'text' ? content.text : '' });
          },
        },
        publish: () => undefined,
        warn: (message, details) => console.error(message, details),
        outbox: { retryMs: 20, firstTryWaitMs: 60_000 },
      },
    });
    await e.chats.load();
    e.chats.phoneState(PHONE, 'connected');
    engines.push(e);
    return e;
  }

  let seq = 0;
  /** `customer` (digits) writes `text`; the chat it landed in. */
  async function say(e: Engine, customer: string, text: string): Promise<Chat> {
    const { chatId } = await e.chats.receive({
      phone: PHONE,
      id: `IN-${++seq}`,
      from: `${customer}@s.whatsapp.net`,
      pushName: 'Cliente',
      content: textContent(text),
      time: clock.now().toISOString(),
    });
    return e.chats.index.get(chatId!)!;
  }
  const refOf = (chat: Chat) => ref(chat.assignee);
  const ref = (target: Chat['assignee']) => {
    if (!target) return null;
    return target.type === 'user' ? `user:${target.userId}` : `dept:${target.departmentId}`;
  };
  const ids = async () => {
    const state = await store.state.read();
    const user = (email: string) => `user:${state.users.find((u) => u.email === email)!.id}`;
    const dept = (name: string) => state.departments.find((d) => d.name === name)!.id;
    return { dora: user('dora@acme.com'), caio: user('caio@acme.com'), bia: user('bia@acme.com'), vendas: dept('Vendas'), suporte: dept('Suporte') };
  };
  const botMessages = async (e: Engine, chat: Chat) => (await e.as(OWNER).chats.show(chat.id)).messages.filter((m) => m.direction === 'out').map((m) => m.text);
  const steps = (chat: Chat) => (chat.routing ?? []).filter((r) => r.type === 'bot.step').map((r) => (r.type === 'bot.step' ? r.step : ''));

  it('"2", "suporte", "Suporte!" and "SUPORTE." all reach Suporte\'s rodízio; the greeting is the menu, sent as the bot\'s', async () => {
    const e = await engine();
    const who = await ids();
    const answers = ['2', 'suporte', 'Suporte!', 'SUPORTE.', 'preciso de ajuda'];
    for (const [i, answer] of answers.entries()) {
      const customer = `55119777700${i}`;
      const opened = await say(e, customer, 'Oi');
      // Held by the bot: nobody has it yet, it does not wait for the rodízio, and the menu went.
      expect(opened.assignee).toBeNull();
      expect(opened.waitingSince).toBeUndefined();
      expect(opened.bot).toEqual({ tries: 0, since: expect.any(String) });
      expect(opened.unread).toBe(1); // the bot's greeting does not read the customer's message for the team
      await vi.waitFor(
        () => expect(taken.filter((t) => t.to === `${customer}@s.whatsapp.net`).map((t) => t.text)).toEqual([`Olá! Como podemos ajudar?\n\n${MENU}`]),
        {
          timeout: 30_000,
        },
      );
      const chat = await say(e, customer, answer);
      expect(refOf(chat), answer).toBe(who.bia);
      expect(chat.bot).toBeUndefined();
      expect(steps(chat)).toEqual(['greeted', 'matched']);
      const matched = chat.routing!.find((r) => r.type === 'bot.step' && r.step === 'matched');
      expect(matched).toMatchObject({ answer, departmentId: who.suporte, tries: 0 });
      const assigned = chat.routing!.at(-1)!;
      expect(assigned).toMatchObject({ type: 'chat.assigned', handover: 'bot', by: 'guru (bot)' });
      // Only Suporte's entries were eligible: Dora and Caio were passed over for it.
      if (assigned.type === 'chat.assigned')
        expect(assigned.trail!.filter((s) => s.outcome === 'skipped').map((s) => s.reason)).toEqual(expect.arrayContaining(['other_department']));
      const shown = await e.as(OWNER).chats.show(chat.id);
      expect(shown.messages.map((m) => [m.direction, m.text, m.author, m.auto])).toEqual([
        ['in', 'Oi', null, undefined],
        ['out', `Olá! Como podemos ajudar?\n\n${MENU}`, null, 'bot'],
        ['in', answer, null, undefined],
      ]);
    }
    // Each hand-out audited like every other: a reassignment, by the bot, saying why.
    const audit = (await store.audit.list({})).filter((a) => a.action === 'chat.reassign');
    expect(audit).toHaveLength(answers.length);
    expect(audit[0]).toMatchObject({
      actor: 'guru (bot)',
      details: { reason: 'bot', step: 'matched', from: null, to: { email: 'bia@acme.com' }, department: { name: 'Suporte' } },
    });
  });

  it('nonsense three times: the menu again twice, then the normal rodízio', async () => {
    const e = await engine();
    const who = await ids();
    const customer = '5511977771111';
    await say(e, customer, 'Oi');
    let chat = await say(e, customer, 'blá');
    expect(chat.bot).toEqual({ tries: 1, since: expect.any(String) });
    expect(chat.assignee).toBeNull();
    chat = await say(e, customer, '???');
    expect(chat.bot?.tries).toBe(2);
    // Naming both options is no choice either.
    chat = await say(e, customer, 'vendas ou suporte');
    expect(chat.bot).toBeUndefined();
    expect(refOf(chat)).toBe(who.dora); // the normal rodízio's next: the first entry
    expect(steps(chat)).toEqual(['greeted', 'retry', 'retry', 'fallback']);
    expect(chat.routing!.at(-2)).toMatchObject({ type: 'bot.step', step: 'fallback', answer: 'vendas ou suporte', tries: 3 });
    expect(chat.routing!.at(-1)).toMatchObject({ type: 'chat.assigned', handover: 'bot' });
    const retry = `Desculpe, não entendi.\n\n${MENU}`;
    await vi.waitFor(async () => expect(await botMessages(e, chat)).toEqual([`Olá! Como podemos ajudar?\n\n${MENU}`, retry, retry]), { timeout: 30_000 });
    await vi.waitFor(() => expect(taken.map((t) => t.text)).toEqual([`Olá! Como podemos ajudar?\n\n${MENU}`, retry, retry]), { timeout: 30_000 });
    const audit = (await store.audit.list({})).filter((a) => a.action === 'chat.reassign');
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ reason: 'bot', step: 'fallback', to: expect.objectContaining({ email: 'dora@acme.com' }) }),
    ]);
  });

  it('silence: timeoutMs after the last menu the chat goes to the normal rodízio (engine clock, one timer), and a restart keeps the deadline', async () => {
    let e = await engine();
    const who = await ids();
    const customer = '5511977772222';
    await say(e, customer, 'Oi');
    clock.advance(5 * 60_000);
    let chat = await say(e, customer, 'hein?'); // a retry: the ten minutes start again
    clock.advance(9 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(e.chats.index.get(chat.id)!.bot?.tries).toBe(1);
    // The daemon stops (no checkpoint); the next one re-arms the bot's timer from the journal.
    e.chats.stop();
    engines.splice(0);
    journal = await fixture.reopenJournal();
    e = await engine();
    expect(clock.timerCount).toBeGreaterThan(0);
    clock.advance(60_000);
    await vi.waitFor(() => expect(e.chats.index.get(chat.id)!.bot).toBeUndefined(), { timeout: 30_000 });
    chat = e.chats.index.get(chat.id)!;
    expect(refOf(chat)).toBe(who.dora);
    expect(steps(chat)).toEqual(['greeted', 'retry', 'timeout']);
    expect(chat.routing!.at(-1)).toMatchObject({ type: 'chat.assigned', handover: 'bot', by: 'guru (bot)' });
    expect((await store.audit.list({})).find((a) => a.action === 'chat.reassign')?.details).toMatchObject({ step: 'timeout', reason: 'bot' });
    // Nothing left for the bot to time: its timer is gone.
    expect(clock.timerCount).toBe(0);
  });

  it("a department with nobody of it in the rodízio takes the chat itself; nobody of it eligible: the chat waits for the department's entries", async () => {
    const e = await engine();
    const owner = e.as(OWNER);
    const who = await ids();
    // Vendas: Caio is in the queue. Take him out: a "1" goes to Vendas itself.
    await owner.roundRobin.remove(PHONE, 2);
    await say(e, '5511977773333', 'Oi');
    const direct = await say(e, '5511977773333', '1');
    expect(ref(direct.assignee)).toBe(`dept:${who.vendas}`);
    expect(direct.waitingSince).toBeUndefined();
    // Suporte's only entry inactive: the chat waits, and only Suporte's entries may take it later.
    await owner.roundRobin.set(PHONE, 2, { active: false });
    await say(e, '5511977774444', 'Oi');
    let waiting = await say(e, '5511977774444', 'suporte');
    expect(waiting.assignee).toBeNull();
    expect(waiting.waitingSince).toBeDefined();
    await owner.roundRobin.set(PHONE, 2, { active: true });
    await e.handOutWaiting(PHONE, 'test');
    waiting = e.chats.index.get(waiting.id)!;
    expect(refOf(waiting)).toBe(who.bia);
  });

  it('a reopened chat is greeted again; bot off hands the chats it held to the normal rodízio at once, and new ones skip it', async () => {
    const e = await engine();
    const owner = e.as(OWNER);
    const who = await ids();
    const first = await say(e, '5511977775555', 'Oi');
    await say(e, '5511977775555', '2');
    await owner.chats.close(first.id);
    const reopened = await say(e, '5511977775555', 'Oi de novo');
    expect(reopened.bot).toEqual({ tries: 0, since: expect.any(String) });
    expect(steps(reopened).slice(-1)).toEqual(['greeted']);

    await owner.bots.off(PHONE);
    await vi.waitFor(() => expect(e.chats.index.get(reopened.id)!.bot).toBeUndefined(), { timeout: 30_000 });
    const released = e.chats.index.get(reopened.id)!;
    expect(steps(released).slice(-1)).toEqual(['fallback']);
    expect(refOf(released)).toBe(who.dora);
    const fresh = await say(e, '5511977776666', 'Oi');
    expect(fresh.bot).toBeUndefined();
    expect(refOf(fresh)).toBe(who.caio); // the rodízio ran at once
    const audit = (await store.audit.list({})).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['bot.set', 'bot.off']));
  });
  it('hours win: out of hours a new chat gets no bot (it waits, held for the hours); an answer the bot matched out of hours waits for its department', async () => {
    const e = await engine();
    const owner = e.as(OWNER);
    const who = await ids();
    // A conversation the bot greeted while the number was open…
    await say(e, '5511977777777', 'Oi');
    // …then the number closes (Tuesday noon UTC is not Saturday morning in São Paulo).
    await owner.phones.setHours(PHONE, { spec: 'sat 09:00-10:00', timeZone: 'America/Sao_Paulo', reply: 'Estamos fechados.' });
    const matched = await say(e, '5511977777777', '2');
    expect(matched.assignee).toBeNull();
    expect(matched.waitingSince).toBeDefined();
    expect(steps(matched)).toEqual(['greeted', 'matched']);
    expect(matched.routing!.at(-1)).toMatchObject({ type: 'chat.assigned', handover: 'bot', waiting: true, trail: [] });
    // A new conversation out of hours: the hours' reply, no greeting, no bot.
    const closed = await say(e, '5511977778888', 'Oi');
    expect(closed.bot).toBeUndefined();
    expect(closed.routing![0]).toMatchObject({ type: 'chat.opened', held: 'hours', waiting: true });
    await vi.waitFor(() => expect(taken.filter((t) => t.to === '5511977778888@s.whatsapp.net').map((t) => t.text)).toEqual(['Estamos fechados.']), {
      timeout: 30_000,
    });
    // Open again: the waiting chats go out — the bot's choice only to Suporte's entries.
    await owner.phones.setHours(PHONE, { off: true });
    await e.handOutWaiting(PHONE, 'test');
    expect(refOf(e.chats.index.get(matched.id)!)).toBe(who.bia);
    expect(e.chats.index.get(closed.id)!.assignee).not.toBeNull();
  });
  it('a bot set anew times its conversations out by its new timeout', async () => {
    const e = await engine();
    const chat = await say(e, '5511977779999', 'Oi');
    await e.as(OWNER).bots.set(PHONE, BOT.replace('timeout: 10m', 'timeout: 1m'));
    clock.advance(60_000);
    await vi.waitFor(() => expect(steps(e.chats.index.get(chat.id)!)).toEqual(['greeted', 'timeout']), { timeout: 30_000 });
  });
});
