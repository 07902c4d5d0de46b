import { describe, expect, it } from 'vitest';
import type { ChatView } from '../../src/core/chats/views.js';
import { inTab, tabCounts, visibleChats, type TabId } from '../../src/tui/state/select.js';
import { chat, user } from './fixtures.js';
import { seededRandom } from '../helpers/random.js';

describe('the chat list, patched as chats change', () => {
  const me = user();
  const tabs: TabId[] = ['mine', 'departments', 'unassigned', 'all', 'closed'];
  const fullList = (chats: ReadonlyMap<string, ChatView>, tab: TabId) =>
    [...chats.values()]
      .filter((c) => inTab(tab, c, me))
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1));

  it('equals a full filter-and-sort after every change: new, updated, reassigned, closed, removed chats', () => {
    const rand = seededRandom(7);
    const assignees = [
      null,
      { type: 'user' as const, ref: 'user:bia@acme.com', name: 'Bia Lima' },
      { type: 'user' as const, ref: 'user:ana@acme.com', name: 'Ana' },
      { type: 'department' as const, ref: 'dept:Vendas', name: 'Vendas' },
    ];
    const make = (i: number, minute: number): ChatView =>
      chat(i, {
        assignee: assignees[Math.floor(rand() * assignees.length)] as any,
        status: rand() < 0.2 ? 'closed' : 'open',
        updatedAt: new Date(Date.UTC(2026, 10, 26, 0, minute)).toISOString(),
      });
    let chats = new Map<string, ChatView>();
    for (let i = 0; i < 500; i++) chats.set(`c${i}`, { ...make(i, i), id: `c${i}` });
    for (let step = 0; step < 300; step++) {
      const next = new Map(chats);
      const n = 1 + Math.floor(rand() * 5);
      for (let k = 0; k < n; k++) {
        const i = Math.floor(rand() * 600);
        if (rand() < 0.1) next.delete(`c${i}`);
        else next.set(`c${i}`, { ...make(i, Math.floor(rand() * 2000)), id: `c${i}` });
      }
      chats = next;
      // One tab for 100 steps at a time: the list is patched from the previous one, not rebuilt.
      const tab = (['mine', 'all', 'closed'] as const)[Math.floor(step / 100)]!;
      expect(visibleChats({ chats, tab, query: '', hits: null, me }).map((c) => c.id)).toEqual(fullList(chats, tab).map((c) => c.id));
      const counts = tabCounts(chats, tabs, me);
      for (const tab of tabs) expect(counts[tab]).toBe([...chats.values()].filter((c) => inTab(tab, c, me)).length);
    }
  });
});
