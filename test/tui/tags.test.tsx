import { describe, expect, it } from 'vitest';
import { InboxContainer } from '../../src/tui/InboxContainer.js';
import { ChatList } from '../../src/tui/components/ChatList.js';
import { Conversation } from '../../src/tui/components/Conversation.js';
import { matchesSearch, splitSearch } from '../../src/tui/state/select.js';
import { chat, fakeApi, frameWhere, NOW, renderAt, TEAM_TAGS, tick, user } from './fixtures.js';

const ENTER = '\r';
const ESC = '\u001b';
const [URGENTE, NOVO] = TEAM_TAGS as [(typeof TEAM_TAGS)[number], (typeof TEAM_TAGS)[number]];

/** Tags in the inbox: on the rows and the chat's header, `#` to put them on and off, `/#tag` to filter. */
describe('tags in the inbox', () => {
  it('shows a chat’s tags on its row and in its header', async () => {
    const chats = [chat(1, { tags: [URGENTE, NOVO] }), chat(2)];
    const list = renderAt(<ChatList chats={chats} selected={0} openId={null} focused width={60} height={10} loaded now={NOW} />, 60);
    await tick();
    const rows = list.lastFrame()!.split('\n');
    expect(rows.find((l) => l.includes('Olá, sou o cliente 1'))).toMatch(/#Urgente #Novo/);
    expect(rows.find((l) => l.includes('Olá, sou o cliente 2'))).not.toMatch(/#/);
    const open = { id: 'c1', messages: [], limit: 50, hasMore: false, loading: false, scroll: 0 };
    const header = renderAt(<Conversation chat={chats[0]!} open={open} focused width={90} height={8} />, 90);
    await tick();
    expect(header.lastFrame()!.split('\n')[0]).toMatch(/Cliente 1 .*#Urgente #Novo/);
  });

  it('# opens the team’s tags for the open chat: Enter puts one on, Enter again takes it off, Esc is done', async () => {
    const fake = fakeApi([chat(1), chat(2)]);
    const me = { owner: false, user: user() };
    const r = renderAt(<InboxContainer api={fake.api} me={me} />, 120);
    await frameWhere(r, (f) => f.includes('Cliente 1'));
    fake.emit({ type: 'snapshot', me, online: [], availability: {}, awayAfterMs: 0, phones: [] });
    await tick(30);
    const press = async (...keys: string[]) => {
      for (const k of keys) {
        r.stdin.write(k);
        await tick(k === ESC ? 60 : 20);
      }
    };
    await press(ENTER);
    await frameWhere(r, (f) => f.includes('signed *Bia:*'));
    await press('#');
    await frameWhere(r, (f) => f.includes('Tags of Cliente 1') && f.includes('#Urgente') && f.includes('#Novo'));
    // Typing filters; Enter puts the one under the cursor on.
    await press('nov', ENTER);
    await frameWhere(r, (f) => f.includes('✓ #Novo'));
    expect(fake.calls.filter((c) => c.method === 'tag').map((c) => c.args)).toEqual([['c1', { add: ['Novo'] }]]);
    await press(ENTER);
    await frameWhere(r, (f) => f.includes('  #Novo') && !f.includes('✓ #Novo'));
    expect(fake.calls.filter((c) => c.method === 'tag').map((c) => c.args)).toEqual([
      ['c1', { add: ['Novo'] }],
      ['c1', { remove: ['Novo'] }],
    ]);
    await press(ESC);
    await frameWhere(r, (f) => !f.includes('Tags of Cliente 1'));
    // Live: a colleague tags the chat; its row and header show it without a refresh.
    fake.emit({ type: 'chat', chat: chat(1, { tags: [URGENTE], updatedAt: '2026-11-26T16:00:00Z' }) });
    await frameWhere(r, (f) => f.split('\n').filter((l) => l.includes('#Urgente')).length >= 2);
  });

  it('/#urg keeps the chats wearing a tag that starts so (case and accents ignored); the words go to the daemon, the #tags do not', async () => {
    expect(splitSearch('#urg pedido #NÓVO')).toEqual({ tags: ['urg', 'novo'], text: 'pedido' });
    const tagged = chat(1, { tags: [URGENTE, NOVO] });
    expect(matchesSearch(tagged, '#urg', null)).toBe(true);
    expect(matchesSearch(tagged, '#urgente #novo cliente 1', null)).toBe(true);
    expect(matchesSearch(tagged, '#urgente #outro', null)).toBe(false);
    expect(matchesSearch(chat(2), '#urg', null)).toBe(false);
    // The daemon's full-text hits never let a chat without the tag through.
    expect(matchesSearch(chat(2), '#urg pedido', new Set(['c2']))).toBe(false);

    const fake = fakeApi([chat(1, { tags: [URGENTE] }), chat(2), chat(4, { tags: [NOVO] })]);
    const me = { owner: false, user: user() };
    const r = renderAt(<InboxContainer api={fake.api} me={me} />, 120);
    await frameWhere(r, (f) => f.includes('Cliente 2'));
    r.stdin.write('/');
    await tick();
    r.stdin.write('#urg');
    await frameWhere(r, (f) => f.includes('Cliente 1') && !f.includes('Cliente 2') && !f.includes('Cliente 4'));
    await tick(400); // past the search's debounce: nothing was asked of the daemon for a tag alone
    expect(fake.calls.filter((c) => c.method === 'list')).toHaveLength(1);
  });
});
