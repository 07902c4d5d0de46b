import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';
import { TestClock } from '../helpers/test-clock.js';
import { waitFor } from '../helpers/wait.js';
import { fakeIO } from '../helpers/fake-io.js';
import { CliFactory } from '../../src/cli/factory.js';
import { messageLine } from '../../src/commands/chat/format.js';
import { layoutMessages } from '../../src/tui/components/Conversation.js';
import { chooseLanguage, loadLanguages, runInLanguage } from '../../src/i18n/translate.js';

const PHONE = '+5511999990000';
const REPLY = 'Olá! Atendemos de segunda a sexta, das 8h às 18h. Responderemos assim que abrirmos.';
// Wednesday 2 December 2026, 22:00 in São Paulo (UTC-3): closed until Thursday 08:00 (11:00Z).
const WEDNESDAY_NIGHT = '2026-12-03T01:00:00.000Z';
const THURSDAY_OPENING = '2026-12-03T11:00:00.000Z';
const HOUR = 3_600_000;

/**
 * Opening hours in the engine (issue #19): out of hours a new chat waits, unassigned, held for
 * `hours`; its customer gets the automatic reply once per closed period; at opening time the
 * waiting chats go out by the rodízio, oldest first, audited. Real files, a real journal, the
 * engine's test clock (no sleeps for the hours in between), WhatsApp as a recorder.
 */
beforeAll(() => loadLanguages('pt-BR'));
afterAll(() => chooseLanguage('en'));

describe('opening hours and the out-of-hours reply', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let clock: TestClock;
  /** What WhatsApp took, in order. */
  let taken: { to: string; text: string }[];
  let engine: Engine;

  beforeEach(async () => {
    clock = new TestClock(WEDNESDAY_NIGHT);
    taken = [];
    fixture = await phoneOnFiles('guru-hours-', PHONE);
    ({ store, journal } = fixture);
    const owner = new Engine({ stores: store }).as(OWNER);
    for (const name of ['Bia', 'Caio']) {
      await owner.users.add({ email: `${name.toLowerCase()}@acme.com`, name, permissions: ['chats.send'], password: 'correct horse' });
      await owner.roundRobin.add(PHONE, `user:${name.toLowerCase()}@acme.com`);
    }
    engine = new Engine({
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
    await engine.chats.load();
    engine.chats.phoneState(PHONE, 'connected');
    await engine.as(OWNER).phones.setHours(PHONE, { spec: 'mon-fri 08:00-18:00', timeZone: 'America/Sao_Paulo', reply: REPLY });
    // The opening-time timer is set (one, on the engine's clock) before the clock moves.
    await waitFor(() => clock.timerCount === 1);
  });
  afterEach(async () => {
    engine.chats.stop();
    await fixture.close();
  });

  let seq = 0;
  const say = (customer: string, text: string) =>
    engine.chats.receive({ phone: PHONE, id: `IN-${++seq}`, from: `${customer}@s.whatsapp.net`, content: textContent(text), time: clock.now().toISOString() });
  const chatOf = (customer: string) => engine.chats.index.forCustomer(PHONE, `+${customer}`)!;
  const userId = async (email: string) => (await store.state.read()).users.find((u) => u.email === email)!.id;
  const autoReplies = (customer: string) => chatOf(customer).messages.filter((m) => m.auto === 'hours');

  it('out of hours the customer gets the reply once, the chat waits; at opening time it goes out by the rodízio, and new chats route normally', async () => {
    await say('5511977776666', 'Oi, vocês estão abertos?');
    await say('5511977776666', 'Alô?');
    clock.advance(HOUR);
    await say('5511977776666', 'Preciso de ajuda');

    // One reply for three messages, journaled as automatic (no author) and sent through the outbox.
    await waitFor(() => taken.length === 1);
    expect(taken).toEqual([{ to: '5511977776666@s.whatsapp.net', text: REPLY }]);
    const [reply] = autoReplies('5511977776666');
    expect(reply).toMatchObject({ direction: 'out', authorId: null, auto: 'hours' });
    expect(reply!.content).toEqual(textContent(REPLY));
    // Marked as automatic wherever the chat is read: its view, `guru chat show`, the inbox.
    const shown = await engine.as(OWNER).chats.show(chatOf('5511977776666').id);
    const view = shown.messages.find((m) => m.direction === 'out')!;
    expect(view).toMatchObject({ auto: 'hours', author: null, text: REPLY });
    const f = new CliFactory(fakeIO({ tty: false }).io, {});
    expect(messageLine(f, shown, view)).toContain(`→ 🤖 automatic reply (out of hours): ${REPLY}`);
    expect(runInLanguage('pt-BR', () => messageLine(f, shown, view))).toContain(`→ 🤖 resposta automática (fora do horário): ${REPLY}`);
    const head = layoutMessages(shown.messages, 80, 'Cliente').find((l) => l.kind === 'head' && l.message?.id === view.id);
    expect(head?.text).toMatch(/^\d\d:\d\d 🤖 automatic reply \(out of hours\)$/);

    // Unassigned, waiting, held for the hours: the rodízio did not run (why can tell when it opens).
    const waiting = chatOf('5511977776666');
    expect(waiting.assignee).toBeNull();
    expect(waiting.waitingSince).toBe(WEDNESDAY_NIGHT);
    expect(waiting.routing?.[0]).toMatchObject({ type: 'chat.opened', held: 'hours', waiting: true, assignee: null, opensAt: THURSDAY_OPENING, trail: [] });
    expect(waiting.routing?.[1]).toMatchObject({ type: 'auto.reply', kind: 'hours' });
    expect((await store.state.read()).roundRobins[0]!.cursor).toBe(-1);

    // A second customer in the same night: their own reply; the backlog hands out nothing while closed.
    clock.advance(HOUR);
    await say('5511988885555', 'Boa noite');
    await waitFor(() => taken.length === 2);
    expect(await engine.handOutWaiting(PHONE, 'someone came online')).toBe(0);
    expect(chatOf('5511988885555').assignee).toBeNull();

    // Opening time: the timer rings, the waiting chats go out oldest first by the rodízio, audited.
    clock.advance(Date.parse(THURSDAY_OPENING) - clock.now().getTime());
    await waitFor(() => chatOf('5511988885555').assignee !== null);
    expect(chatOf('5511977776666').assignee).toEqual({ type: 'user', userId: await userId('bia@acme.com') });
    expect(chatOf('5511988885555').assignee).toEqual({ type: 'user', userId: await userId('caio@acme.com') });
    const handOut = chatOf('5511977776666').routing!.find((r) => r.type === 'chat.assigned');
    expect(handOut).toMatchObject({ handover: 'backlog', cause: 'opening time', time: THURSDAY_OPENING });
    expect(chatOf('5511977776666').waitingSince).toBeUndefined();
    // Audited once the pass is done (after the chats moved).
    const reassigned = async () => (await store.audit.list({})).filter((e) => e.action === 'chat.reassign');
    await waitFor(async () => (await reassigned()).length === 2);
    const audit = await reassigned();
    expect(audit.map((e) => [e.target, e.details?.reason, e.details?.cause, (e.details!.to as { email: string }).email])).toEqual([
      [chatOf('5511977776666').id, 'backlog', 'opening time', 'bia@acme.com'],
      [chatOf('5511988885555').id, 'backlog', 'opening time', 'caio@acme.com'],
    ]);
    // The timer is set again, for Friday's opening.
    await waitFor(() => clock.timerCount === 1);

    // Open: a new chat routes normally, nobody gets an automatic reply.
    clock.advance(HOUR);
    await say('5511966664444', 'Bom dia');
    await say('5511977776666', 'Obrigado!');
    const fresh = chatOf('5511966664444');
    expect(fresh.assignee).toEqual({ type: 'user', userId: await userId('bia@acme.com') });
    expect(fresh.routing?.[0]).not.toHaveProperty('held');
    expect(fresh.waitingSince).toBeUndefined();
    expect(autoReplies('5511966664444')).toEqual([]);
    expect(autoReplies('5511977776666')).toHaveLength(1);

    // The next night is a new closed period: one more reply (then none), though the chat stays with Bia.
    clock.advance(11 * HOUR); // Thursday 20:00
    await say('5511977776666', 'Mais uma dúvida');
    await say('5511977776666', 'Alguém?');
    await waitFor(() => taken.length === 3);
    expect(autoReplies('5511977776666')).toHaveLength(2);
    expect(chatOf('5511977776666').assignee).toEqual({ type: 'user', userId: await userId('bia@acme.com') });
    expect(taken.filter((m) => m.text === REPLY)).toHaveLength(3);
  });

  it("two numbers open at their own times, one timer between them: each one's waiting chats go out at its opening", async () => {
    const other = '+5511999990001';
    const owner = engine.as(OWNER);
    await owner.phones.add(other);
    await owner.roundRobin.add(other, 'user:caio@acme.com');
    await owner.phones.setHours(other, { spec: 'mon-fri 10:00-18:00', timeZone: 'America/Sao_Paulo' });
    await waitFor(() => clock.timerCount === 1);
    await say('5511977776666', 'Oi');
    await engine.chats.receive({
      phone: other,
      id: 'OTHER-1',
      from: '5511955553333@s.whatsapp.net',
      content: textContent('Oi'),
      time: clock.now().toISOString(),
    });
    const otherChat = () => engine.chats.index.forCustomer(other, '+5511955553333')!;
    expect(otherChat().waitingSince).toBeDefined();

    // 08:00: the first number opens; the other stays closed, its chat waiting.
    clock.advance(Date.parse(THURSDAY_OPENING) - clock.now().getTime());
    await waitFor(() => chatOf('5511977776666').assignee !== null);
    await waitFor(() => clock.timerCount === 1);
    expect(otherChat().assignee).toBeNull();
    expect(otherChat().waitingSince).toBeDefined();

    // 10:00: the other opens.
    clock.advance(2 * HOUR);
    await waitFor(() => otherChat().assignee !== null);
    expect(otherChat().routing?.at(-1)).toMatchObject({ type: 'chat.assigned', handover: 'backlog', cause: 'opening time', time: '2026-12-03T13:00:00.000Z' });
  });

  it('a chat that reopens out of hours waits too; without a reply text none is sent; hours off hand out at once', async () => {
    clock.advance(12 * HOUR); // Thursday 10:00: open
    await say('5511977776666', 'Oi');
    const chat = chatOf('5511977776666');
    expect(chat.assignee).not.toBeNull();
    const bia = await engine.as(OWNER).chats.close(chat.id);
    expect(bia.status).toBe('closed');

    await engine.as(OWNER).phones.setHours(PHONE, { reply: null });
    clock.advance(10 * HOUR); // Thursday 20:00: closed
    await say('5511977776666', 'Voltei');
    const reopened = chatOf('5511977776666');
    expect(reopened.status).toBe('open');
    expect(reopened.assignee).toBeNull();
    expect(reopened.routing?.at(-1)).toMatchObject({ type: 'chat.opened', cause: 'reopen', held: 'hours', waiting: true });
    expect(autoReplies('5511977776666')).toEqual([]);

    // Hours dropped: always open — the backlog (`phone.hours`) hands it out.
    await engine.as(OWNER).phones.setHours(PHONE, { off: true });
    expect(await engine.handOutWaiting(null, 'phone.hours by owner')).toBe(1);
    expect(chatOf('5511977776666').assignee).not.toBeNull();
    expect(clock.timerCount).toBe(0);
  });
});
