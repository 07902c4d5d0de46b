import type { ChatView } from '../../core/chats/views.js';
import type { UserView } from '../../core/views.js';
import { foldTagName } from '../../core/tags.js';
import { t } from '../../i18n/translate.js';

/** The inbox tabs, in order; which ones a user gets depends on their permissions. */
export type TabId = 'mine' | 'departments' | 'unassigned' | 'all' | 'closed';

/**
 * A tab on the tab bar: its number (the key that opens it), its name and how many chats it holds,
 * ` 1 Mine 3 `. One text per tab, so a translation can name it for the bar (short, as the bar is
 * shared with the search) apart from other uses of the same word.
 */
export function tabText(tab: TabId, key: number, count: number): string {
  switch (tab) {
    case 'mine':
      return t`${key} Mine ${count}`;
    case 'departments':
      return t`${key} Departments ${count}`;
    case 'unassigned':
      return t`${key} Unassigned ${count}`;
    case 'all':
      return t`${key} All ${count}`;
    case 'closed':
      return t`${key} Closed ${count}`;
  }
}

/** Tabs for this user: Unassigned and All only with the permission to see those chats. */
export function tabsFor(me: UserView | null): TabId[] {
  const perms = new Set(me?.effectivePermissions ?? []);
  const admin = me === null || me.role === 'admin';
  const all = admin || perms.has('chats.view_all');
  return ['mine', 'departments', ...(all || perms.has('chats.view_unassigned') ? (['unassigned'] as const) : []), ...(all ? (['all'] as const) : []), 'closed'];
}

/** Whether a chat belongs in a tab for this user. */
export function inTab(tab: TabId, chat: ChatView, me: UserView | null): boolean {
  if (tab === 'closed') return chat.status === 'closed';
  if (chat.status !== 'open') return false;
  switch (tab) {
    case 'mine':
      return chat.assignee?.type === 'user' && chat.assignee.ref === `user:${me?.email ?? ''}`;
    case 'departments':
      return chat.assignee?.type === 'department' && (me?.departments ?? []).includes(chat.assignee.name);
    case 'unassigned':
      return chat.assignee === null;
    case 'all':
      return true;
  }
}

/**
 * A search as typed: `#word`s are tags the chat must wear (each the start of one of its tags'
 * names, ignoring case, accents and spaces: `#urg` finds Urgente), the rest is text.
 */
export function splitSearch(query: string): { tags: string[]; text: string } {
  const tags: string[] = [];
  const text = query
    .split(/\s+/)
    .filter((word) => {
      if (!word.startsWith('#') || word.length < 2) return true;
      tags.push(foldTagName(word.slice(1)));
      return false;
    })
    .join(' ');
  return { tags, text: text.trim() };
}

/**
 * Every `#tag` of the query is worn, and name, a contact field's value, number or last message text contain the rest;
 * `hits` are the daemon's full-text matches (of the rest).
 */
export function matchesSearch(chat: ChatView, query: string, hits: ReadonlySet<string> | null): boolean {
  const { tags, text } = splitSearch(query);
  if (tags.length > 0 && !tags.every((wanted) => chat.tags.some((t) => foldTagName(t.name).startsWith(wanted)))) return false;
  const q = text.toLowerCase();
  if (!q) return true;
  if (hits?.has(chat.id)) return true;
  if (chat.name?.toLowerCase().includes(q)) return true;
  if (Object.values(chat.fields ?? {}).some((value) => value.toLowerCase().includes(q))) return true;
  const digits = q.replace(/[\s().+-]/g, '');
  if (digits && /^\d+$/.test(digits) && chat.customer.includes(digits)) return true;
  return chat.lastMessage?.text.toLowerCase().includes(q) ?? false;
}

const newestFirst = (a: ChatView, b: ChatView) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1);

interface ListInputs {
  chats: ReadonlyMap<string, ChatView>;
  tab: TabId;
  query: string;
  hits: ReadonlySet<string> | null;
  me: UserView | null;
}

/**
 * What changed between two versions of the chat map (the reducer replaces the map on every
 * change, keeping untouched chats as the same objects): the old and new versions of each
 * changed chat. Null when too much changed for patching to beat starting over.
 */
function changes(prev: ReadonlyMap<string, ChatView>, next: ReadonlyMap<string, ChatView>): { before: ChatView[]; after: ChatView[] } | null {
  const before: ChatView[] = [];
  const after: ChatView[] = [];
  let kept = 0;
  for (const [id, chat] of next) {
    const old = prev.get(id);
    if (old === chat) {
      kept += 1;
      continue;
    }
    if (old) before.push(old);
    after.push(chat);
    if (after.length > MAX_PATCH) return null;
  }
  if (kept + before.length < prev.size) {
    for (const [id, chat] of prev) if (!next.has(id)) before.push(chat);
  }
  return before.length > MAX_PATCH ? null : { before, after };
}
const MAX_PATCH = 256;

let memo: { inputs: ListInputs; result: ChatView[] } | null = null;

/**
 * The chats of a tab, newest first. Memoised on its inputs; when only a few chats changed (a
 * message came in) the previous list is patched — the changed chats taken out and put back in
 * their place by binary search — instead of filtering and sorting 10k chats again while the
 * agent is typing or moving the cursor.
 */
export function visibleChats(inputs: ListInputs): ChatView[] {
  const m = memo?.inputs;
  const sameView = m !== undefined && m.tab === inputs.tab && m.query === inputs.query && m.hits === inputs.hits && m.me === inputs.me;
  if (sameView && m.chats === inputs.chats) return memo!.result;
  const wanted = (chat: ChatView) => inTab(inputs.tab, chat, inputs.me) && matchesSearch(chat, inputs.query, inputs.hits);
  const delta = sameView ? changes(m.chats, inputs.chats) : null;
  let result: ChatView[];
  if (delta) {
    const out = new Set(delta.before);
    result = out.size ? memo!.result.filter((chat) => !out.has(chat)) : memo!.result.slice();
    for (const chat of delta.after) if (wanted(chat)) result.splice(insertionPoint(result, chat), 0, chat);
  } else {
    result = [];
    for (const chat of inputs.chats.values()) if (wanted(chat)) result.push(chat);
    result.sort(newestFirst);
  }
  memo = { inputs, result };
  return result;
}

function insertionPoint(sorted: readonly ChatView[], chat: ChatView): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newestFirst(sorted[mid]!, chat) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many open chats each tab holds (for the tab bar); patched like the list when few changed. */
export function tabCounts(chats: ReadonlyMap<string, ChatView>, tabs: TabId[], me: UserView | null): Record<TabId, number> {
  const key = tabs.join();
  if (countMemo && countMemo.me === me && countMemo.tabs === key) {
    if (countMemo.chats === chats) return countMemo.counts;
    const delta = changes(countMemo.chats, chats);
    if (delta) {
      const counts = { ...countMemo.counts };
      for (const chat of delta.before) for (const tab of tabs) if (inTab(tab, chat, me)) counts[tab]--;
      for (const chat of delta.after) for (const tab of tabs) if (inTab(tab, chat, me)) counts[tab]++;
      countMemo = { chats, me, tabs: key, counts };
      return counts;
    }
  }
  const counts = { mine: 0, departments: 0, unassigned: 0, all: 0, closed: 0 };
  for (const chat of chats.values()) for (const tab of tabs) if (inTab(tab, chat, me)) counts[tab]++;
  countMemo = { chats, me, tabs: key, counts };
  return counts;
}

let countMemo: { chats: ReadonlyMap<string, ChatView>; me: UserView | null; tabs: string; counts: Record<TabId, number> } | null = null;

/** The first row to draw so that `selected` stays on screen in a window of `height` rows. */
export function windowStart(selected: number, total: number, height: number): number {
  if (total <= height) return 0;
  const start = Math.max(0, selected - Math.floor(height / 2));
  return Math.min(start, total - height);
}
