import type { PhoneHealth } from '../../core/phone-health.js';
import type { TeamPanel } from '../../core/reports/team-panel.js';
import type { LinkState, PhoneStatus, WhoAmI } from '../../api/protocol.js';
import type { DeliveryStatus, MediaStatus } from '../../core/chats/model.js';
import { isAnnotation } from '../../core/chats/content.js';
import type { ChatView, MessageView } from '../../core/chats/views.js';
import type { UserView } from '../../core/views.js';
import type { Availability } from '../../core/model.js';
import type { StatusChoice } from '../../core/ops/status.js';
import type { QuickReplyView } from '../../core/ops/quick-replies.js';
import { tabsFor, visibleChats, type TabId } from './select.js';
import { foldThread } from './thread.js';

/** Where the keyboard is (see keys.ts). */
export type Focus = 'list' | 'chat' | 'composer' | 'search' | 'picker' | 'tagger' | 'help' | 'panel' | 'newchat' | 'react' | 'attach';

/** A file chosen to go with the next reply (its caption is the draft). */
export interface PendingFile {
  path: string;
  /** The file's own name, as the customer will see it. */
  name: string;
  size: number;
}

/** The attach prompt (`a`): a path being typed, and what Tab offered last. */
export interface AttachPrompt {
  path: string;
  /** The names that matched at the last Tab, when more than one did (shown under the path). */
  choices: string[];
}

/** One choice of the transfer picker, of the list of my scheduled messages (`S`), or of the tag picker (`#`). */
export interface PickItem {
  kind: 'user' | 'dept' | 'scheduled' | 'tag';
  /** The email or department name `chats.assign` takes; a scheduled message's id; a tag's name. */
  value: string;
  label: string;
}

/** The new-conversation form (`n`): the customer's number, then an optional first message. */
export interface NewChatForm {
  number: string;
  text: string;
  field: 'number' | 'text';
  /** Which of `phones` to write from (asked only when there are several). */
  phone: number;
  /** True while the daemon checks the number and starts the chat. */
  busy: boolean;
}

/**
 * The conversation on screen; `scroll` counts messages (as shown: annotations folded onto their
 * targets) hidden below the bottom. The bottom one is the selected message.
 */
export interface OpenChat {
  id: string;
  messages: MessageView[];
  /** How many recent messages were asked for; paging up asks for more. */
  limit: number;
  hasMore: boolean;
  loading: boolean;
  scroll: number;
}

/** Everything the inbox shows. Pure data: the container owns it through `useReducer`. */
export interface InboxState {
  me: UserView | null;
  chats: ReadonlyMap<string, ChatView>;
  loaded: boolean;
  tab: TabId;
  selectedId: string | null;
  query: string;
  hits: ReadonlySet<string> | null;
  focus: Focus;
  /** Where to go back to when help or the picker closes. */
  returnTo: Focus;
  open: OpenChat | null;
  drafts: Readonly<Record<string, string>>;
  /** Per chat, the message the next reply quotes. */
  replyTo: Readonly<Record<string, string>>;
  /** Per chat, the file that goes with the next reply. */
  attachments: Readonly<Record<string, PendingFile>>;
  attach: AttachPrompt | null;
  /** The message being reacted to (the emoji row is showing). */
  reacting: string | null;
  /** The selected image's small picture, once drawn (half-block rows). */
  thumbnail: { id: string; rows: string[] } | null;
  picker: { query: string; items: PickItem[]; selected: number } | null;
  newChat: NewChatForm | null;
  phones: PhoneStatus[];
  online: string[];
  /** What each connected colleague shows (busy, away…), by email. */
  availability: Readonly<Record<string, Availability>>;
  /** What I said (`A`, `guru status`), and whether this inbox set it by itself (an idle away); null until known. */
  myStatus: { status: StatusChoice; auto: boolean } | null;
  /** How long without a key press before this inbox marks me away (ms; 0: never). */
  awayAfterMs: number;
  /** False while the watch stream is lost (the daemon restarting): phones and presence are unknown. */
  daemonUp: boolean;
  notice: { kind: 'error' | 'info'; text: string } | null;
  /** Chats where a note mentioned me (`@me`) since I last opened them: marked in the list. */
  mentioned: ReadonlySet<string>;
  /** Per chat, the internal note being written (`N`): apart from the reply's draft, so a note is never sent by mistake. */
  noteDrafts: Readonly<Record<string, string>>;
  /** True while the composer writes an internal note rather than a reply. */
  noting: boolean;
  /** The quick replies I may use, as last loaded (a `/` typed at the start of a reply loads them). */
  quickReplies: readonly QuickReplyView[];
  /** Which of the quick replies offered above the composer Tab inserts. */
  quickPick: number;
  /** The team panel (`P`, for reports.view) as last loaded; null until it is opened. */
  panel: PanelData | null;
}

/** What the team panel shows: the team's figures, each number's health, and when they were read. */
export interface PanelData {
  team: TeamPanel;
  health: readonly PhoneHealth[];
  at: string;
}

export type InboxAction =
  | { type: 'snapshot'; me: WhoAmI; online: string[]; availability: Record<string, Availability>; awayAfterMs: number; phones: PhoneStatus[] }
  | { type: 'chats'; chats: ChatView[]; replace?: boolean }
  | { type: 'chat'; chat: ChatView }
  /** Several chats changed (a burst of watch events), applied in order: one copy of the map. */
  | { type: 'changed'; chats: ChatView[] }
  | { type: 'chat.hidden'; chatId: string }
  | { type: 'message'; chatId: string; message: MessageView }
  | { type: 'message.status'; chatId: string; id: string; status: DeliveryStatus }
  | { type: 'message.media'; chatId: string; id: string; media: MediaStatus }
  | { type: 'presence'; email: string; online: boolean; status: Availability; auto?: boolean }
  /** My own status as the daemon answered it (`awayAfterMs`: the account's, when told). */
  | { type: 'myStatus'; status: StatusChoice; auto: boolean; awayAfterMs?: number }
  | { type: 'phone'; phone: string; state: LinkState }
  | { type: 'status'; phones: PhoneStatus[]; online: string[]; availability: Record<string, Availability> }
  | { type: 'daemon'; up: boolean }
  | { type: 'tab'; delta?: number; index?: number }
  | { type: 'move'; delta: number }
  | { type: 'open'; id: string }
  | { type: 'history'; id: string; messages: MessageView[]; limit: number }
  | { type: 'loadingOlder' }
  | { type: 'scroll'; delta: number }
  | { type: 'focus'; focus: Focus }
  | { type: 'panel'; data: PanelData }
  | { type: 'closeChat' }
  | { type: 'draft'; text: string }
  | { type: 'search'; query: string }
  | { type: 'hits'; query: string; ids: string[] | null }
  /** Opens a picker (`focus`: the transfer picker, or `tagger` for tags), or (null) closes it. */
  | { type: 'picker'; items: PickItem[] | null; focus?: 'picker' | 'tagger' }
  | { type: 'pickerQuery'; query: string }
  /** Opens the new-chat form (null closes it, back to where it was opened from). */
  | { type: 'newChat'; form: NewChatForm | null }
  | { type: 'newChatEdit'; change: Partial<NewChatForm> }
  | { type: 'notice'; kind: 'error' | 'info'; text: string }
  | { type: 'clearNotice' }
  /** The open chat's next reply quotes this message (null: quotes none). */
  | { type: 'quote'; id: string | null }
  /** The open chat's next reply carries this file (null: none). */
  | { type: 'attachment'; file: PendingFile | null }
  /** Opens the attach prompt, edits it, or (null) closes it. */
  | { type: 'attachPrompt'; prompt: AttachPrompt | null }
  /** Opens the emoji row for a message, or (null) closes it. */
  | { type: 'reacting'; id: string | null }
  | { type: 'thumbnail'; thumbnail: { id: string; rows: string[] } | null }
  /** A note mentioned me in this chat: marked until I open it. */
  | { type: 'mention'; chatId: string }
  /** The composer writes a note (true) or a reply (false). */
  | { type: 'noting'; on: boolean }
  /** A note of this chat was saved from `draft`: that draft goes (unless edited since), and the composer back to the chat. */
  | { type: 'noteSaved'; chatId: string; draft: string }
  | { type: 'quickReplies'; replies: readonly QuickReplyView[] }
  | { type: 'quickPick'; index: number };

export function initialInbox(me: UserView | null = null): InboxState {
  return {
    me,
    chats: new Map(),
    loaded: false,
    tab: 'mine',
    selectedId: null,
    query: '',
    hits: null,
    focus: 'list',
    returnTo: 'list',
    open: null,
    drafts: {},
    replyTo: {},
    attachments: {},
    attach: null,
    reacting: null,
    thumbnail: null,
    picker: null,
    newChat: null,
    phones: [],
    online: [],
    availability: {},
    myStatus: null,
    awayAfterMs: 0,
    daemonUp: true,
    notice: null,
    mentioned: new Set(),
    noteDrafts: {},
    noting: false,
    quickReplies: [],
    quickPick: 0,
    panel: null,
  };
}

/** The chats the list shows right now. */
export const listed = (s: InboxState) => visibleChats({ chats: s.chats, tab: s.tab, query: s.query, hits: s.hits, me: s.me });

/** The picker's items matching what was typed. */
export const pickerMatches = (p: NonNullable<InboxState['picker']>) => p.items.filter((i) => i.label.toLowerCase().includes(p.query.trim().toLowerCase()));

const PAGE = 50;

export function inboxReducer(s: InboxState, a: InboxAction): InboxState {
  switch (a.type) {
    case 'snapshot':
      return { ...s, me: a.me.user, online: a.online, availability: a.availability, awayAfterMs: a.awayAfterMs, phones: a.phones };
    case 'chats': {
      const next = new Map(a.replace ? [] : s.chats);
      for (const chat of a.chats) {
        const known = s.chats.get(chat.id);
        next.set(chat.id, known && known.updatedAt > chat.updatedAt ? known : chat);
      }
      return { ...s, chats: next, loaded: true };
    }
    case 'chat':
    case 'changed': {
      const next = new Map(s.chats);
      for (const chat of a.type === 'chat' ? [a.chat] : a.chats) next.set(chat.id, chat);
      return { ...s, chats: next };
    }
    case 'chat.hidden': {
      // Moved out of our sight by someone else: gone from the list, and closed if it was open.
      const next = new Map(s.chats);
      next.delete(a.chatId);
      return { ...s, chats: next, ...(s.open?.id === a.chatId ? { open: null, focus: 'list' as const, picker: null } : {}) };
    }
    case 'message': {
      if (s.open?.id !== a.chatId || s.open.messages.some((m) => m.id === a.message.id)) return s;
      // Reading older ones: stay put (a reaction, edit or deletion of a loaded message adds no line).
      const folded = isAnnotation(a.message.content) && s.open.messages.some((m) => 'target' in a.message.content && m.id === a.message.content.target);
      const scroll = s.open.scroll > 0 && !folded ? s.open.scroll + 1 : s.open.scroll;
      return { ...s, open: { ...s.open, messages: [...s.open.messages, a.message], scroll } };
    }
    case 'message.status': {
      if (s.open?.id !== a.chatId) return s;
      const messages = s.open.messages.map((m) => (m.id === a.id ? { ...m, status: a.status } : m));
      return { ...s, open: { ...s.open, messages } };
    }
    case 'message.media': {
      // A file of the open chat was downloaded (or given up on): its line says so at once.
      if (s.open?.id !== a.chatId) return s;
      const messages = s.open.messages.map((m) => (m.id === a.id ? { ...m, media: a.media } : m));
      return { ...s, open: { ...s.open, messages } };
    }
    case 'presence': {
      const online = s.online.filter((e) => e !== a.email);
      const availability = { ...s.availability, [a.email]: a.status };
      if (a.status === 'offline') delete availability[a.email];
      // My own, said elsewhere (`guru status`, an admin, another inbox of mine): what I show now —
      // an idle away of another inbox included, which a key here ends like this inbox's own.
      const mine = a.email === s.me?.email && a.status !== 'offline' && (a.status !== s.myStatus?.status || (a.auto === true) !== s.myStatus?.auto);
      return {
        ...s,
        online: a.online ? [...online, a.email] : online,
        availability,
        ...(mine ? { myStatus: { status: a.status as StatusChoice, auto: a.auto === true } } : {}),
      };
    }
    case 'myStatus':
      return { ...s, myStatus: { status: a.status, auto: a.auto }, ...(a.awayAfterMs !== undefined ? { awayAfterMs: a.awayAfterMs } : {}) };
    case 'phone': {
      const known = s.phones.some((p) => p.number === a.phone);
      const phones = known
        ? s.phones.map((p) => (p.number === a.phone ? { ...p, linkState: a.state } : p))
        : [...s.phones, { number: a.phone, label: null, linkState: a.state }];
      return { ...s, phones };
    }
    case 'status':
      return { ...s, phones: a.phones, online: a.online, availability: a.availability };
    case 'daemon':
      return { ...s, daemonUp: a.up };
    case 'tab': {
      const tabs = tabsFor(s.me);
      const at = a.index ?? tabs.indexOf(s.tab) + (a.delta ?? 0);
      if (a.index !== undefined && a.index >= tabs.length) return s;
      const tab = tabs[(at + tabs.length) % tabs.length]!;
      return { ...s, tab, selectedId: null };
    }
    case 'move':
      return moveSelection(s, a.delta);
    case 'open':
      return {
        ...s,
        mentioned: withoutId(s.mentioned, a.id),
        noting: false,
        selectedId: a.id,
        focus: 'chat',
        open: { id: a.id, messages: [], limit: PAGE, hasMore: false, loading: true, scroll: 0 },
        notice: null,
      };
    case 'loadingOlder':
      return s.open ? { ...s, open: { ...s.open, loading: true } } : s;
    case 'history': {
      // Older messages come in above: `scroll` counts those hidden below, so it stays.
      if (s.open?.id !== a.id) return s;
      // A message that arrived live while the page was on its way stays: the page may have been
      // read before it was journaled (and dropping it would hide it until the chat is reopened).
      const paged = new Set(a.messages.map((m) => m.id));
      const since = a.messages[0]?.time ?? '';
      const arrived = s.open.messages.filter((m) => !paged.has(m.id) && m.time >= since);
      const messages = arrived.length === 0 ? a.messages : [...a.messages, ...arrived];
      return { ...s, open: { ...s.open, messages, limit: a.limit, hasMore: a.messages.length >= a.limit, loading: false } };
    }
    case 'scroll': {
      if (!s.open) return s;
      const max = Math.max(0, foldThread(s.open.messages).length - 1);
      return { ...s, open: { ...s.open, scroll: Math.min(max, Math.max(0, s.open.scroll - a.delta)) } };
    }
    case 'focus': {
      // Screens over the inbox go back where they were opened from.
      const over = (f: Focus) => f === 'help' || f === 'panel' || f === 'picker' || f === 'tagger';
      if (over(a.focus)) return { ...s, focus: a.focus, returnTo: over(s.focus) ? s.returnTo : s.focus };
      return { ...s, focus: a.focus };
    }
    case 'panel':
      return { ...s, panel: a.data };
    case 'closeChat':
      return { ...s, open: null, focus: 'list', picker: null };
    case 'draft':
      if (!s.open) return s;
      return s.noting ? { ...s, noteDrafts: { ...s.noteDrafts, [s.open.id]: a.text } } : { ...s, drafts: { ...s.drafts, [s.open.id]: a.text }, quickPick: 0 };
    case 'search':
      return { ...s, query: a.query, hits: a.query === s.query ? s.hits : null, selectedId: null };
    case 'hits':
      return a.query === s.query ? { ...s, hits: a.ids ? new Set(a.ids) : null } : s;
    case 'picker':
      return a.items
        ? {
            ...s,
            picker: { query: '', items: a.items, selected: 0 },
            focus: a.focus ?? 'picker',
            returnTo: s.focus === 'picker' || s.focus === 'tagger' ? s.returnTo : s.focus,
          }
        : { ...s, picker: null, focus: s.returnTo };
    case 'pickerQuery':
      return s.picker ? { ...s, picker: { ...s.picker, query: a.query, selected: 0 } } : s;
    case 'newChat':
      return a.form
        ? { ...s, newChat: a.form, focus: 'newchat', returnTo: s.focus === 'newchat' ? s.returnTo : s.focus }
        : { ...s, newChat: null, focus: s.focus === 'newchat' ? s.returnTo : s.focus };
    case 'newChatEdit':
      return s.newChat ? { ...s, newChat: { ...s.newChat, ...a.change } } : s;
    case 'notice':
      return { ...s, notice: { kind: a.kind, text: a.text } };
    case 'clearNotice':
      return { ...s, notice: null };
    case 'quote':
      return s.open ? { ...s, replyTo: withKey(s.replyTo, s.open.id, a.id) } : s;
    case 'attachment':
      return s.open ? { ...s, attachments: withKey(s.attachments, s.open.id, a.file) } : s;
    case 'attachPrompt':
      if (a.prompt) return { ...s, attach: a.prompt, focus: 'attach', returnTo: s.focus === 'attach' ? s.returnTo : s.focus };
      return { ...s, attach: null, focus: s.focus === 'attach' ? s.returnTo : s.focus };
    case 'reacting':
      if (a.id) return { ...s, reacting: a.id, focus: 'react', returnTo: s.focus === 'react' ? s.returnTo : s.focus };
      return { ...s, reacting: null, focus: s.focus === 'react' ? s.returnTo : s.focus };
    case 'thumbnail':
      return { ...s, thumbnail: a.thumbnail };
    case 'mention':
      // The open chat is in front of me already: nothing to mark.
      return s.open?.id === a.chatId || s.mentioned.has(a.chatId) ? s : { ...s, mentioned: new Set([...s.mentioned, a.chatId]) };
    case 'noting':
      return { ...s, noting: a.on };
    case 'noteSaved': {
      const noteDrafts = s.noteDrafts[a.chatId] === a.draft ? withKey(s.noteDrafts, a.chatId, null) : s.noteDrafts;
      const writing = s.noting && s.open?.id === a.chatId && s.focus === 'composer';
      return { ...s, noteDrafts, ...(writing ? { noting: false, focus: 'chat' as const } : {}) };
    }
    case 'quickReplies':
      return { ...s, quickReplies: a.replies, quickPick: 0 };
    case 'quickPick':
      return { ...s, quickPick: a.index };
  }
}

function moveSelection(s: InboxState, delta: number): InboxState {
  if ((s.focus === 'picker' || s.focus === 'tagger') && s.picker) {
    const n = pickerMatches(s.picker).length;
    return n ? { ...s, picker: { ...s.picker, selected: (s.picker.selected + delta + n) % n } } : s;
  }
  const rows = listed(s);
  if (!rows.length) return s;
  const at = Math.max(
    0,
    rows.findIndex((c) => c.id === s.selectedId),
  );
  const next = Math.min(rows.length - 1, Math.max(0, at + delta));
  return { ...s, selectedId: rows[next]!.id };
}

function withoutId(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!ids.has(id)) return ids;
  const next = new Set(ids);
  next.delete(id);
  return next;
}

/** `record` with `key` set to `value`, or without `key` when `value` is null. */
function withKey<T>(record: Readonly<Record<string, T>>, key: string, value: T | null): Record<string, T> {
  const next = { ...record };
  if (value === null) delete next[key];
  else next[key] = value;
  return next;
}

/** The selected message of the open chat: the bottom one on screen (annotations folded), or null. */
export function selectedMessage(s: Pick<InboxState, 'open'>): MessageView | null {
  if (!s.open) return null;
  const shown = foldThread(s.open.messages);
  return shown[shown.length - 1 - s.open.scroll] ?? null;
}

/** Index of the selected row in the list (the first when none or gone). */
export function selectedIndex(s: InboxState): number {
  return Math.max(
    0,
    listed(s).findIndex((c) => c.id === s.selectedId),
  );
}
