import type { ScheduledView } from '../../src/core/chats/scheduled-views.js';
import { describe, expect, it } from 'vitest';
import { InboxContainer } from '../../src/tui/InboxContainer.js';
import { chat, fakeApi, frameWhere, message, renderAt, tick, user } from './fixtures.js';

const ENTER = '\r';
const ESC = '\u001b';
const me = { owner: false, user: user() };
/** Bia, who may also start conversations. */
const starter = { owner: false, user: user({ effectivePermissions: ['chats.send', 'chats.start', 'chats.transfer', 'chats.close'] }) };

async function start(cols: number, options: Parameters<typeof fakeApi>[1] = {}, who = me) {
  const fake = fakeApi([chat(1), chat(2), chat(3), chat(4)], options);
  const bells: number[] = [];
  const signedOut: string[] = [];
  const r = renderAt(
    <InboxContainer api={fake.api} me={who} bell={() => void bells.push(Date.now())} onSignedOut={(reason) => void signedOut.push(reason)} />,
    cols,
  );
  await frameWhere(r, (f) => f.includes('Cliente 1'));
  fake.emit({
    type: 'snapshot',
    me: who,
    online: ['bia@acme.com'],
    availability: { 'bia@acme.com': 'online' },
    awayAfterMs: 0,
    phones: [{ number: '+5511999990000', label: null, linkState: 'connected' }],
  });
  await frameWhere(r, (f) => f.includes('connected'));
  await tick(30);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(ESC === k ? 60 : 20);
    }
  };
  /** Waits until the frame shows `text` (or matches it), then returns the frame. */
  const shows = (text: string | RegExp) => frameWhere(r, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)));
  /** Waits until the frame no longer shows `text` (a key's effect is rendered after the key, not with it). */
  const hides = (text: string) => frameWhere(r, (f) => !f.includes(text));
  return { ...fake, r, press, shows, hides, bells, signedOut, frame: () => r.lastFrame() ?? '' };
}

describe.each([80, 120])('the inbox container at %i columns', (cols) => {
  it('loads the chats, opens one (marking it read), and sends a reply from the composer', async () => {
    const t = await start(cols);
    expect(t.calls.map((c) => c.method)).toEqual(['watch', 'list', 'myStatus']);
    await t.shows('Cliente 1');
    await t.shows('+5511999990000 connected');
    await t.press(ENTER);
    await t.shows('signed *Bia:*');
    await t.shows(/← \d\d:\d\d Cliente 1/);
    expect(t.calls.filter((c) => !['watch', 'list', 'myStatus'].includes(c.method))).toEqual([
      { method: 'show', args: ['c1', 50] },
      { method: 'markRead', args: ['c1'] },
    ]);
    await t.press('r', 'Oi, tudo bem?', '\n', 'Segunda linha');
    await t.shows('› Segunda linha█');
    await t.press(ENTER);
    await t.shows(/Bia Lima ✓/);
    expect(t.calls.find((c) => c.method === 'send')?.args).toEqual(['c1', 'Oi, tudo bem?\nSegunda linha', { key: expect.any(String) }]);
    expect(t.frame()).not.toContain('Segunda linha█');
  });

  it('live events: a new message in the open chat and a new chat in the list, with no refresh', async () => {
    const t = await start(cols);
    await t.press(ENTER);
    const live = message('live', { text: 'Chegou agora' });
    t.emit({ type: 'message', chatId: 'c1', message: live, chat: chat(1, { lastMessage: live, updatedAt: '2026-11-26T16:01:00Z' }) });
    t.emit({
      type: 'chat',
      chat: chat(9, { name: 'Nova Cliente', updatedAt: '2026-11-26T16:00:00Z', assignee: { type: 'user', ref: 'user:bia@acme.com', name: 'Bia Lima' } }),
    });
    t.emit({ type: 'phone', phone: '+5511999990000', state: 'reconnecting' });
    await tick();
    await t.shows('Chegou agora');
    await t.shows('reconnecting');
    await t.press(ESC);
    await t.shows('Nova Cliente');
    await t.shows(/Chegou agora/); // the list's preview, from the summary the message carried
    expect(t.calls.filter((c) => c.method === 'list')).toHaveLength(1);
  });

  it('a daemon restart: the inbox says so, keeps retrying, and reloads the chats and the open conversation when it is back', async () => {
    const t = await start(cols);
    await t.press(ENTER);
    await t.shows('signed *Bia:*');
    t.stopDaemon();
    await t.shows('lost the daemon — reconnecting');
    await t.shows('daemon unreachable'); // the last phone states no longer hold
    await tick(900); // a few refused tries (after 250 and 500 ms)
    const tries = t.calls.filter((c) => c.method === 'watch').length;
    expect(tries).toBeGreaterThan(2);
    t.startDaemon();
    await t.shows('reconnected to the daemon');
    await t.shows('+5511999990000 connected');
    expect(t.frame()).not.toContain('daemon unreachable');
    expect(t.calls.filter((c) => c.method === 'list')).toHaveLength(2);
    expect(t.calls.filter((c) => c.method === 'show').length).toBeGreaterThanOrEqual(2);
    t.emit({
      type: 'chat',
      chat: chat(9, { name: 'Depois da volta', updatedAt: '2026-11-26T17:00:00Z', assignee: { type: 'user', ref: 'user:bia@acme.com', name: 'Bia Lima' } }),
    });
    await t.press(ESC);
    await t.shows('Depois da volta'); // the new stream is live
  });

  it('the daemon ends the session (closed, relogin): the inbox shows why and goes back to the login instead of reconnecting', async () => {
    const t = await start(cols);
    t.emit({ type: 'closed', reason: 'your session ended (logged out) — log in again', relogin: true });
    t.endStream();
    await t.shows('your session ended (logged out)');
    expect(t.signedOut).toEqual(['your session ended (logged out) — log in again']);
    await tick(900);
    expect(t.calls.filter((c) => c.method === 'watch')).toHaveLength(1);
  });

  it('the daemon drops a slow stream (closed, no relogin): the inbox says so, reconnects and reloads', async () => {
    const t = await start(cols);
    t.emit({ type: 'closed', reason: 'this stream fell too far behind', relogin: false });
    t.endStream();
    await t.shows('this stream fell too far behind — reconnecting');
    await t.shows('reconnected to the daemon');
    expect(t.signedOut).toEqual([]);
    expect(t.calls.filter((c) => c.method === 'list')).toHaveLength(2);
  });

  it("rings the terminal bell when a customer writes in one of my chats that is not open — once a second at most, never for others' chats or synced history", async () => {
    const t = await start(cols);
    const incoming = (n: number, unread: number, over: Partial<ReturnType<typeof chat>> = {}) => {
      const m = message(`in-${n}-${unread}`, { text: 'oi?' });
      t.emit({ type: 'message', chatId: `c${n}`, message: m, chat: chat(n, { unread, lastMessage: m, updatedAt: `2026-11-26T16:0${unread}:00Z`, ...over }) });
    };
    incoming(2, 1); // chat 2 is Bia's: ring
    await tick();
    expect(t.bells).toHaveLength(1);
    incoming(2, 2); // within the second: quiet
    incoming(3, 1); // Vendas', not Bia's own
    incoming(4, 0); // a synced history message: no unread added
    await tick(1_100);
    expect(t.bells).toHaveLength(1);
    await t.press(ENTER); // open the first chat in the list, then a message there rings nothing
    const open = t.frame().match(/Cliente (\d+) \+/)?.[1];
    incoming(Number(open), 5);
    await tick();
    expect(t.bells).toHaveLength(1);
    incoming(4, 3); // another of Bia's chats, a second later
    await tick();
    expect(t.bells).toHaveLength(2);
  });

  it('messages arriving in the open chat are marked read (a burst in one call); in other chats they stay unread', async () => {
    const t = await start(cols);
    await t.press(ENTER); // opens the first chat (c1, 2 unread): marked read on opening
    await t.shows('signed *Bia:*');
    const reads = () => t.calls.filter((c) => c.method === 'markRead').map((c) => c.args[0]);
    expect(reads()).toEqual(['c1']);
    for (const n of [1, 2]) {
      const m = message(`live-${n}`, { text: `chegou ${n}` });
      t.emit({ type: 'message', chatId: 'c1', message: m, chat: chat(1, { unread: n, lastMessage: m, updatedAt: `2026-11-26T16:0${n}:00Z` }) });
    }
    const other = message('other', { text: 'noutro chat' });
    t.emit({ type: 'message', chatId: 'c2', message: other, chat: chat(2, { unread: 1, lastMessage: other }) });
    await tick(600);
    expect(reads()).toEqual(['c1', 'c1']);
  });

  it('paging up through the history asks the daemon for older messages', async () => {
    const t = await start(cols);
    t.history.set(
      'c1',
      Array.from({ length: 120 }, (_, i) => message(`h${i}`, { text: `histórico ${i}` })),
    );
    await t.press(ENTER);
    await t.shows('histórico 119');
    await t.press('\u001b[5~', '\u001b[5~', '\u001b[5~', '\u001b[5~', '\u001b[5~');
    await t.shows('histórico 69');
    expect(t.calls.filter((c) => c.method === 'show').map((c) => c.args)).toContainEqual(['c1', 100]);
  });

  it('transfers through the picker; the chat leaves Mine', async () => {
    const t = await start(cols);
    await t.press(ENTER, 't');
    await t.shows('Transfer to');
    await t.shows('Vendas');
    await t.press('caio', ENTER);
    expect(t.calls.find((c) => c.method === 'assign')?.args).toEqual(['c1', { user: 'caio@acme.com' }]);
    await t.shows('✓ transferred to Caio Reis');
    expect(t.frame()).not.toContain('Cliente 1 ');
    await t.shows(/1 Mine 2 /);
  });

  it('S lists my scheduled messages (in the team time zone) from the chat list; Enter takes the chosen one back; with none it says how to schedule', async () => {
    const t = await start(cols);
    await t.press('S');
    await t.shows('you have no messages scheduled');
    const scheduled = (id: string, at: string, text: string): ScheduledView => ({
      id,
      chatId: 'c2',
      phone: '+5511999990000',
      customer: '+5511988880002',
      chatName: 'Cliente 2',
      text,
      content: { type: 'text', text },
      at,
      timeZone: 'America/Sao_Paulo',
      author: { id: 'u-bia', email: 'bia@acme.com', name: 'Bia Lima' },
      createdAt: '2026-11-26T15:00:00Z',
    });
    t.scheduled.push(scheduled('S1', '2026-12-02T12:00:00.000Z', 'bom dia'), scheduled('S2', '2026-12-03T13:30:00.000Z', 'lembrete do boleto'));
    await t.press('S');
    await t.shows('Your scheduled messages');
    await t.shows('2026-12-02 09:00  Cliente 2  bom dia');
    await t.press('boleto', ENTER);
    expect(t.calls.filter((c) => c.method === 'unschedule').map((c) => c.args)).toEqual([['S2']]);
    await t.shows('unscheduled: lembrete do boleto');
    expect(t.scheduled.map((m) => m.id)).toEqual(['S1']);
  });

  it("R sends the open chat's failed replies again, each under its own id; with none it says what R is for", async () => {
    const t = await start(cols);
    await t.press(ENTER);
    await t.shows(/← \d\d:\d\d Cliente 1/);
    await t.press('R');
    await t.shows('nothing to retry — R sends again the replies marked ✗ not sent');
    const failed = message('f1', { direction: 'out', text: '*Bia:*\nde novo', author: { email: 'bia@acme.com', name: 'Bia Lima' }, status: 'failed' });
    t.emit({ type: 'message', chatId: 'c1', message: failed, chat: chat(1, { lastMessage: failed, updatedAt: '2026-11-26T16:01:00Z' }) });
    await t.shows(/Bia Lima ✗ not sent/);
    // Given up while the chat is open: the notice line says why and what R does.
    t.emit({ type: 'message.status', chatId: 'c1', id: 'f1', status: 'failed', reason: 'logged out — relink with `guru phone link +5511999990000`' });
    await t.shows('✗ a reply was not sent: logged out — relink with');
    await t.press('R');
    await t.shows('the failed reply is back in the outbox');
    expect(t.calls.filter((c) => c.method === 'retry').map((c) => c.args)).toEqual([['f1']]);
    expect(t.frame()).not.toContain('✗ not sent');
  });

  it('n starts a conversation: number, Enter, first message, Enter — then the new chat is open; a refusal keeps the form as typed', async () => {
    const t = await start(cols, { refuse: { start: '+55 11 90000 2222 has no WhatsApp — check the number' } }, starter);
    await t.press('n');
    await t.shows('New conversation');
    await t.shows('Enter next, then start the chat');
    await t.press('+55 11 90000 2222', ENTER, 'Olá! Aqui é a Acme.', ENTER);
    await t.shows('✗ +55 11 90000 2222 has no WhatsApp — check the number');
    // Nothing typed is lost: the form is still there, as it was.
    expect(t.frame()).toContain('+55 11 90000 2222');
    expect(t.frame()).toContain('Olá! Aqui é a Acme.');
    expect(t.calls.filter((c) => c.method === 'start').map((c) => c.args.slice(0, 2))).toEqual([['+55 11 90000 2222', 'Olá! Aqui é a Acme.']]);
    // Esc cancels: back to the list, nothing created.
    await t.press(ESC);
    await t.shows('Cliente 1');
    expect(t.frame()).not.toContain('New conversation');
  });

  it('n with a number that has WhatsApp opens the started chat', async () => {
    const t = await start(cols, {}, starter);
    await t.press('n', '+5511900001111', ENTER, ENTER);
    await t.shows('✓ started a chat with +5511900001111');
    expect(t.calls.find((c) => c.method === 'start')?.args).toEqual(['+5511900001111', undefined, { key: expect.any(String) }]);
    expect(t.calls.filter((c) => c.method === 'show').map((c) => c.args)).toContainEqual(['c-new', 50]);
    await t.shows('signed *Bia:*');
    expect(t.frame()).not.toContain('New conversation');
  });

  it('n with several phones: ←→ picks the one to write from', async () => {
    const t = await start(cols, {}, starter);
    t.emit({ type: 'phone', phone: '+5521999990000', state: 'connected' });
    await t.shows('+5521999990000 connected');
    await t.press('n', '+5511900001111', ENTER);
    await t.shows('← +5511999990000 (connected) →');
    await t.press('\u001b[C');
    await t.shows('← +5521999990000 (connected) →');
    await t.press(ENTER);
    await t.shows('✓ started a chat with +5511900001111');
    expect(t.calls.find((c) => c.method === 'start')?.args).toEqual(['+5511900001111', undefined, { phone: '+5521999990000', key: expect.any(String) }]);
  });

  it('n without chats.start says so instead of opening the form', async () => {
    const fake = fakeApi([chat(1)]);
    const r = renderAt(<InboxContainer api={fake.api} me={me} />, cols);
    await frameWhere(r, (f) => f.includes('Cliente 1'));
    await tick(30);
    r.stdin.write('n');
    await frameWhere(r, (f) => f.includes('you may not start conversations (needs chats.start)'));
    expect(r.lastFrame()).not.toContain('New conversation');
    expect(fake.calls.some((c) => c.method === 'start')).toBe(false);
  });

  it('a refusal from the engine is an error line, not a crash', async () => {
    const t = await start(cols, { refuse: { close: 'you may not close chats — ask an admin for chats.close' } });
    await t.press(ENTER, 'x');
    await t.shows('✗ you may not close chats — ask an admin for chats.close');
    await t.press('o');
    await t.hides('✗ you may not close');
    await t.shows('Cliente 1');
  });

  it('? shows every key, / searches, q leaves and closes the stream', async () => {
    const t = await start(cols);
    await t.press('?');
    await t.shows('Keys — ?, Esc or q closes this');
    await t.shows('transfer to a user or department');
    await t.press('?', '/', 'cliente 4');
    await t.shows('/cliente 4█');
    await t.shows('Cliente 4');
    expect(t.frame()).not.toContain('Cliente 2');
    expect(t.listeners()).toBe(1);
    await t.press(ESC, 'q');
    await frameWhere({ lastFrame: () => String(t.listeners()) }, (n) => n === '0');
  });
});
