import { describe, expect, it } from 'vitest';
import { inboxReducer, initialInbox, listed, pickerMatches, selectedIndex, type InboxAction, type InboxState } from '../../src/tui/state/inbox.js';
import { canSubmit, initialLogin, loginReducer } from '../../src/tui/state/login.js';
import { tabsFor, visibleChats, windowStart } from '../../src/tui/state/select.js';
import { chat, message, user } from './fixtures.js';

const run = (s: InboxState, ...actions: InboxAction[]) => actions.reduce(inboxReducer, s);
const withChats = (n: number, me = user()) => run(initialInbox(me), { type: 'chats', chats: Array.from({ length: n }, (_, i) => chat(i + 1)) });

describe('inbox reducer', () => {
  it('tabs follow permissions: Unassigned with view_unassigned, All with view_all or admin', () => {
    expect(tabsFor(user())).toEqual(['mine', 'departments', 'closed']);
    expect(tabsFor(user({ effectivePermissions: ['chats.view_unassigned'] }))).toEqual(['mine', 'departments', 'unassigned', 'closed']);
    expect(tabsFor(user({ effectivePermissions: ['chats.view_all'] }))).toEqual(['mine', 'departments', 'unassigned', 'all', 'closed']);
    expect(tabsFor(user({ role: 'admin', effectivePermissions: [] }))).toContain('all');
  });

  it('Mine holds my open chats newest first; Departments my departments’; Closed the closed ones', () => {
    let s = withChats(10);
    expect(listed(s).map((c) => c.id)).toEqual(['c1', 'c2', 'c4', 'c7', 'c8']);
    s = run(s, { type: 'tab', delta: 1 });
    expect(s.tab).toBe('departments');
    expect(listed(s).map((c) => c.id)).toEqual(['c3', 'c6', 'c9']);
    s = run(s, { type: 'chat', chat: chat(4, { status: 'closed' }) }, { type: 'tab', index: 2 });
    expect(s.tab).toBe('closed');
    expect(listed(s).map((c) => c.id)).toEqual(['c4']);
    expect(run(s, { type: 'tab', index: 4 }).tab).toBe('closed'); // no 5th tab for Bia
  });

  it('a live chat event updates, re-sorts and moves chats between tabs; an older list never undoes it', () => {
    let s = withChats(4);
    const newer = chat(4, { updatedAt: '2026-11-26T16:00:00Z', unread: 3 });
    s = run(s, { type: 'chat', chat: newer });
    expect(listed(s)[0]).toMatchObject({ id: 'c4', unread: 3 });
    s = run(s, { type: 'chats', chats: [chat(4)] }); // a list fetched before the event
    expect(s.chats.get('c4')?.unread).toBe(3);
    s = run(s, { type: 'chat', chat: chat(4, { updatedAt: '2026-11-26T16:01:00Z', assignee: { type: 'user', ref: 'user:caio@acme.com', name: 'Caio' } }) });
    expect(listed(s).map((c) => c.id)).not.toContain('c4');
  });

  it('a message that arrives while the open chat is loading stays once its history comes (read before it was journaled)', () => {
    const live = message('live', { text: 'Chegou agora', time: '2026-11-26T16:01:00Z' });
    const page = [message('m1'), message('m2', { time: '2026-11-26T15:00:00Z' })];
    let s = run(withChats(2), { type: 'open', id: 'c1' }, { type: 'message', chatId: 'c1', message: live });
    s = run(s, { type: 'history', id: 'c1', messages: page, limit: 50 });
    expect(s.open?.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'live']);
    // A page that already holds it keeps it once.
    s = run(s, { type: 'history', id: 'c1', messages: [...page, live], limit: 100 });
    expect(s.open?.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'live']);
  });

  it('replacing the list drops chats we may no longer see', () => {
    const s = run(withChats(4), { type: 'chats', chats: [chat(1)], replace: true });
    expect([...s.chats.keys()]).toEqual(['c1']);
  });

  it('the cursor follows the chat, not the row, and stays in range', () => {
    let s = run(withChats(10), { type: 'move', delta: 2 });
    expect(s.selectedId).toBe('c4');
    s = run(s, { type: 'chat', chat: chat(8, { updatedAt: '2026-11-26T16:00:00Z' }) });
    expect(selectedIndex(s)).toBe(3);
    expect(run(s, { type: 'move', delta: 100 }).selectedId).toBe('c7');
    expect(run(s, { type: 'move', delta: -100 }).selectedId).toBe('c8');
  });

  it('search matches name, number and last message; the daemon’s hits add whole-history matches', () => {
    let s = run(withChats(10), { type: 'tab', index: 0 }, { type: 'search', query: 'cliente 7' });
    expect(listed(s).map((c) => c.id)).toEqual(['c7']);
    s = run(s, { type: 'search', query: '988800002' });
    expect(listed(s).map((c) => c.id)).toEqual(['c2']);
    s = run(s, { type: 'search', query: 'boleto' });
    expect(listed(s)).toEqual([]);
    s = run(s, { type: 'hits', query: 'boleto', ids: ['c8'] }, { type: 'hits', query: 'stale', ids: ['c1'] });
    expect(listed(s).map((c) => c.id)).toEqual(['c8']);
  });

  it('opening a chat loads history; live messages append once; statuses update the ticks', () => {
    let s = run(withChats(3), { type: 'open', id: 'c1' });
    expect(s).toMatchObject({ focus: 'chat', open: { id: 'c1', loading: true } });
    s = run(s, { type: 'history', id: 'c1', limit: 50, messages: [message('a'), message('b')] });
    expect(s.open).toMatchObject({ loading: false, hasMore: false, scroll: 0 });
    const out = message('c', { direction: 'out', status: 'sent' });
    s = run(
      s,
      { type: 'message', chatId: 'c1', message: out },
      { type: 'message', chatId: 'c1', message: out },
      { type: 'message', chatId: 'c2', message: message('x') },
    );
    expect(s.open?.messages.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    s = run(s, { type: 'message.status', chatId: 'c1', id: 'c', status: 'read' });
    expect(s.open?.messages[2]?.status).toBe('read');
    // The daemon finished downloading a's file: its line shows where the copy stands; other chats' files change nothing here.
    s = run(s, { type: 'message.media', chatId: 'c1', id: 'a', media: { state: 'stored', sha256: 'f'.repeat(64), size: 10 } });
    s = run(s, { type: 'message.media', chatId: 'c2', id: 'b', media: { state: 'unavailable', reason: 'gone' } });
    expect(s.open?.messages.map((m) => m.media)).toEqual([{ state: 'stored', sha256: 'f'.repeat(64), size: 10 }, undefined, undefined]);
  });

  it('paging up keeps the same messages on screen when older ones arrive', () => {
    const page = (n: number) => Array.from({ length: n }, (_, i) => message(`m${100 - n + i}`));
    let s = run(withChats(1), { type: 'open', id: 'c1' }, { type: 'history', id: 'c1', limit: 50, messages: page(50) });
    expect(s.open?.hasMore).toBe(true);
    s = run(s, { type: 'scroll', delta: -10 });
    expect(s.open?.scroll).toBe(10);
    s = run(s, { type: 'loadingOlder' });
    expect(s.open?.loading).toBe(true);
    s = run(s, { type: 'history', id: 'c1', limit: 100, messages: page(80) });
    expect(s.open).toMatchObject({ scroll: 10, hasMore: false, loading: false });
    expect(s.open?.messages.at(-11)?.id).toBe('m89'); // the same message is still the bottom one
    expect(run(s, { type: 'scroll', delta: 1000 }).open?.scroll).toBe(0);
  });

  it('drafts are kept per chat', () => {
    let s = run(withChats(2), { type: 'open', id: 'c1' }, { type: 'draft', text: 'oi' }, { type: 'open', id: 'c2' });
    expect(s.drafts).toEqual({ c1: 'oi' });
    s = run(s, { type: 'draft', text: 'tchau' });
    expect(s.drafts).toEqual({ c1: 'oi', c2: 'tchau' });
  });

  it('my own status: as the daemon answered it, or as a presence event says it was set elsewhere', () => {
    let s = run(initialInbox(user()), { type: 'myStatus', status: 'away', auto: true, awayAfterMs: 60_000 });
    expect(s).toMatchObject({ myStatus: { status: 'away', auto: true }, awayAfterMs: 60_000 });
    // The same status announced (the daemon marks the inbox's guesses `auto`): still an idle away.
    s = run(s, { type: 'presence', email: 'bia@acme.com', online: true, status: 'away', auto: true });
    expect(s.myStatus).toEqual({ status: 'away', auto: true });
    // Away said by hand elsewhere: no key here undoes it.
    s = run(s, { type: 'presence', email: 'bia@acme.com', online: true, status: 'away' });
    expect(s.myStatus).toEqual({ status: 'away', auto: false });
    // Busy said elsewhere (`guru status busy`): by hand.
    s = run(s, { type: 'presence', email: 'bia@acme.com', online: true, status: 'busy' });
    expect(s.myStatus).toEqual({ status: 'busy', auto: false });
    // Offline (the last inbox closing) says nothing of what I said.
    s = run(s, { type: 'presence', email: 'bia@acme.com', online: false, status: 'offline' });
    expect(s.myStatus).toEqual({ status: 'busy', auto: false });
  });

  it('presence, phone events and status keep the status bar current', () => {
    let s = run(initialInbox(user()), {
      type: 'snapshot',
      me: { owner: false, user: user() },
      online: ['bia@acme.com'],
      availability: { 'bia@acme.com': 'online' },
      awayAfterMs: 900_000,
      phones: [{ number: '+55', label: null, linkState: 'syncing' }],
    });
    expect(s.awayAfterMs).toBe(900_000);
    s = run(
      s,
      { type: 'presence', email: 'caio@acme.com', online: true, status: 'busy' },
      { type: 'presence', email: 'bia@acme.com', online: false, status: 'offline' },
    );
    expect(s.online).toEqual(['caio@acme.com']);
    expect(s.availability).toEqual({ 'caio@acme.com': 'busy' });
    s = run(s, { type: 'presence', email: 'caio@acme.com', online: true, status: 'online' });
    expect(s.availability).toEqual({ 'caio@acme.com': 'online' });
    s = run(s, { type: 'phone', phone: '+55', state: 'connected' }, { type: 'phone', phone: '+56', state: 'unlinked' });
    expect(s.phones.map((p) => p.linkState)).toEqual(['connected', 'unlinked']);
  });

  it('the picker filters, wraps around and goes back where it came from', () => {
    const items = [
      { kind: 'user' as const, value: 'caio@acme.com', label: 'Caio <caio@acme.com>' },
      { kind: 'dept' as const, value: 'Vendas', label: 'Vendas' },
    ];
    let s = run(withChats(1), { type: 'open', id: 'c1' }, { type: 'picker', items });
    expect(s.focus).toBe('picker');
    s = run(s, { type: 'move', delta: -1 });
    expect(s.picker?.selected).toBe(1);
    s = run(s, { type: 'pickerQuery', query: 'cai' });
    expect(pickerMatches(s.picker!).map((i) => i.value)).toEqual(['caio@acme.com']);
    expect(run(s, { type: 'picker', items: null }).focus).toBe('chat');
  });

  it('errors go to the notice line', () => {
    const s = run(initialInbox(), { type: 'notice', kind: 'error', text: 'you may not transfer chats' });
    expect(s.notice).toEqual({ kind: 'error', text: 'you may not transfer chats' });
    expect(run(s, { type: 'clearNotice' }).notice).toBeNull();
  });

  it('10k chats: a tab is filtered and sorted fast, and memoised between keys', () => {
    const s = withChats(10_000);
    const started = performance.now();
    const rows = listed(s);
    expect(performance.now() - started).toBeLessThan(500);
    expect(rows.length).toBeGreaterThan(4000);
    expect(visibleChats({ chats: s.chats, tab: s.tab, query: s.query, hits: s.hits, me: s.me })).toBe(rows);
    expect(windowStart(9_999, 10_000, 10)).toBe(9_990);
    expect(windowStart(0, 10_000, 10)).toBe(0);
    expect(windowStart(500, 10_000, 10)).toBe(495);
  });
});

describe('login reducer', () => {
  it('types into the field with the cursor, moves on, and clears the password after a refusal', () => {
    let s = initialLogin();
    s = loginReducer(s, { type: 'insert', text: 'bia@acme.com' });
    expect(canSubmit(s)).toBe(false);
    s = loginReducer(loginReducer(s, { type: 'next' }), { type: 'insert', text: 'secreto' });
    expect(s).toMatchObject({ email: 'bia@acme.com', password: 'secreto', field: 'password' });
    expect(canSubmit(s)).toBe(true);
    s = loginReducer(s, { type: 'busy' });
    expect(loginReducer(s, { type: 'insert', text: 'x' })).toBe(s);
    s = loginReducer(s, { type: 'failed', message: 'wrong email or password' });
    expect(s).toMatchObject({ password: '', busy: false, error: 'wrong email or password' });
    expect(initialLogin('ana@acme.com').field).toBe('password');
  });
});
