import { describe, expect, it } from 'vitest';
import { InboxView } from '../../src/tui/App.js';
import { ChatList } from '../../src/tui/components/ChatList.js';
import { Composer, composerHeight } from '../../src/tui/components/Composer.js';
import { Conversation } from '../../src/tui/components/Conversation.js';
import { inboxReducer, initialInbox, type InboxAction, type InboxState } from '../../src/tui/state/inbox.js';
import { chat, linesOf, message, NOW, renderAt, tick, user } from './fixtures.js';

const run = (s: InboxState, ...actions: InboxAction[]) => actions.reduce(inboxReducer, s);
const chats = (n: number) => Array.from({ length: n }, (_, i) => chat(i + 1));
const fitsIn = (frame: string | undefined, width: number) => linesOf(frame).every((l) => l.length <= width);

describe.each([80, 120])('at %i columns', (cols) => {
  it('the chat list shows name or number, preview, time, unread badge and assignee', async () => {
    const list = [chat(1), chat(5, { name: null }), chat(3)];
    const r = renderAt(<ChatList chats={list} selected={0} openId={null} focused width={cols} height={10} loaded now={NOW} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toMatch(/Cliente 1\s+14:59 2/);
    expect(frame).toContain('Olá, sou o cliente 1');
    expect(frame).toContain('→ Bia Lima');
    expect(frame).toContain('+5511988800005'); // no name: the number
    expect(frame).toContain('→ unassigned');
    expect(frame).toContain('→ Vendas');
    expect(fitsIn(frame, cols)).toBe(true);
  });

  it('the chat list renders only the rows that fit, even with 10k chats', async () => {
    const many = chats(10_000);
    const r = renderAt(<ChatList chats={many} selected={5_000} openId={null} focused width={cols} height={19} loaded now={NOW} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('of 10000');
    expect(frame).toContain('Cliente 5001');
    expect(linesOf(frame).length).toBeLessThanOrEqual(19);
    expect((frame.match(/Cliente \d+/g) ?? []).length).toBe(9);
  });

  it('the conversation shows date separators, the author of replies and delivery ticks', async () => {
    const messages = [
      message('a', { time: '2026-11-25T10:00:00Z', text: 'Oi, bom dia' }),
      message('b', {
        direction: 'out',
        time: '2026-11-26T10:00:00Z',
        text: '*Bia:*\nBom dia!',
        author: { email: 'bia@acme.com', name: 'Bia Lima' },
        status: 'delivered',
      }),
      message('c', { direction: 'out', time: '2026-11-26T10:01:00Z', text: 'Falhou', author: { email: 'caio@acme.com', name: 'Caio Reis' }, status: 'failed' }),
    ];
    const open = { id: 'c1', messages, limit: 50, hasMore: false, loading: false, scroll: 0 };
    const r = renderAt(<Conversation chat={chat(1)} open={open} focused width={cols} height={14} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('25 Nov 2026');
    expect(frame).toContain('26 Nov 2026');
    expect(frame).toMatch(/← \d\d:\d\d Cliente 1/);
    expect(frame).toMatch(/→ \d\d:\d\d Bia Lima ✓✓/);
    expect(frame).toMatch(/Caio Reis ✗ not sent/);
    expect(frame).toContain('*Bia:*');
    expect(fitsIn(frame, cols)).toBe(true);
  });

  it("the conversation shows media and places on one line, a reply's quoted line above it, reactions under their message", async () => {
    const messages = [
      message('img', { content: { type: 'image', caption: 'Foto do defeito', mimetype: 'image/jpeg', size: 48_213 } }),
      message('voice', { content: { type: 'audio', voice: true, duration: 12 } }),
      message('map', { content: { type: 'location', latitude: -23.5613, longitude: -46.6565, name: 'MASP' } }),
      message('re', {
        direction: 'out',
        content: { type: 'text', text: 'Vamos trocar', replyTo: 'img' },
        author: { email: 'bia@acme.com', name: 'Bia Lima' },
        status: 'sent',
      }),
      message('like', { content: { type: 'reaction', target: 're', emoji: '👍' } }),
      message('gone', { content: { type: 'delete', target: 'earlier' } }),
    ];
    const open = { id: 'c1', messages, limit: 50, hasMore: false, loading: false, scroll: 0 };
    const r = renderAt(<Conversation chat={chat(1)} open={open} focused width={cols} height={22} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('📷 image · 47 KB · Foto do defeito');
    expect(frame).toContain('🎤 voice note · 0:12');
    expect(frame).toContain('📍 location MASP (-23.5613, -46.6565)');
    // The reply's quoted line above it, the customer's reaction under it (not a line of its own).
    expect(frame).toMatch(/↪ “📷 image · Foto do defeito”\n\s+Vamos trocar\n\s+👍 Cliente 1\n/);
    expect(frame).not.toContain('reacted to');
    // A deletion of a message not loaded here stands alone.
    expect(frame).toContain('🚫 deleted a message');
  });

  it('the conversation pages: older messages above are announced, long ones wrap inside the width', async () => {
    const messages = Array.from({ length: 50 }, (_, i) => message(`m${i}`, { text: `mensagem ${i} ${'x'.repeat(150)}` }));
    const open = { id: 'c1', messages, limit: 50, hasMore: true, loading: false, scroll: 5 };
    const r = renderAt(<Conversation chat={chat(1)} open={open} focused width={cols} height={12} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('↑ older (PgUp)');
    expect(frame).toContain('5 newer below');
    expect(frame).toContain('mensagem 44');
    expect(frame).not.toContain('mensagem 45');
    expect(linesOf(frame).length).toBeLessThanOrEqual(12);
    expect(fitsIn(frame, cols)).toBe(true);
  });

  it('the composer shows the signature that will go on top and a multi-line draft', async () => {
    const r = renderAt(<Composer draft={'linha um\nlinha dois'} visibleName="Bia" focused canSend width={cols} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('signed *Bia:*');
    expect(frame).toContain('› linha um');
    expect(frame).toContain('› linha dois█');
    expect(linesOf(frame)).toHaveLength(composerHeight('linha um\nlinha dois', cols));
    r.rerender(<Composer draft="" visibleName={null} focused={false} canSend={false} width={cols} />);
    await tick();
    expect(r.lastFrame()).toContain('you may not send');
  });

  it('the whole inbox fits the terminal: header, tabs, list, conversation, status bar', async () => {
    let s = run(initialInbox(user()), { type: 'chats', chats: chats(40) });
    s = run(s, {
      type: 'status',
      phones: [{ number: '+5511999990000', label: 'Vendas SP', linkState: 'connected' }],
      online: ['bia@acme.com'],
      availability: {},
    });
    s = run(s, { type: 'open', id: 'c2' }, { type: 'history', id: 'c2', limit: 50, messages: [message('a', { text: 'Preciso de ajuda' })] });
    const r = renderAt(<InboxView state={s} width={cols} height={23} now={NOW} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain('Bia Lima <bia@acme.com>');
    expect(frame).toMatch(/1 Mine \d+ .*2 Departments \d+ .*3 Closed 0/);
    expect(frame).toContain('Preciso de ajuda');
    expect(frame).toContain('Vendas SP connected');
    expect(frame).toContain('1 online');
    // Wide: list and conversation side by side; at 80 the conversation has the screen.
    expect(/\d+–\d+ of \d+/.test(frame)).toBe(cols >= 100);
    expect(linesOf(frame).length).toBeLessThanOrEqual(23);
    expect(fitsIn(frame, cols)).toBe(true);
  });
});

it('the error line shows refusals in the status bar', async () => {
  const s = run(initialInbox(user()), { type: 'notice', kind: 'error', text: 'you may not transfer chats — ask an admin' });
  const r = renderAt(<InboxView state={s} width={80} height={23} now={NOW} />, 80);
  await tick();
  expect(r.lastFrame()).toContain('✗ you may not transfer chats — ask an admin');
});
