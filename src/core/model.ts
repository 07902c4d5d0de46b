import type { Permission } from './permissions.js';

/**
 * The small, persisted state of one Guru installation (the state file). Messages and the
 * audit trail live in append-only journals, never here, so this stays small and cheap to rewrite.
 */
export interface State {
  schemaVersion: number;
  account: Account | null;
  users: User[];
  departments: Department[];
  phones: Phone[];
  roundRobins: RoundRobin[];
  /** Labels agents put on chats (`guru tag`); chats name them by id in the journal (`chat.tagged`). */
  tags: Tag[];
  /** Saved answers agents insert by shortcut (`guru quick`). */
  quickReplies: QuickReply[];
}

/**
 * The state file's shape. Raise it with every change to that shape, together with a step in
 * `src/store/migrations.ts` (2: login sessions; 3: login sessions moved to their own store;
 * 4: invited users — no password yet, a WhatsApp number, a pending invite; 5: tags and
 * quick replies; 6: routing — agents' status, entries' capacity, phones' hours, bot and policy).
 */
export const SCHEMA_VERSION = 6;

export function emptyState(): State {
  return { schemaVersion: SCHEMA_VERSION, account: null, users: [], departments: [], phones: [], roundRobins: [], tags: [], quickReplies: [] };
}

export interface Account {
  name: string;
  /** Licences: how many users may be active at once. */
  seats: number;
  createdAt: string;
  /** How long a login session may go unused before it ends (ms); absent: DEFAULT_SESSION_IDLE_MS. */
  sessionIdleMs?: number;
  /**
   * HOST:PORT people's machines reach this server at (a DNS name, a proxy in front), for the
   * invites to give; absent: the daemon's own listen address, when it is not a wildcard.
   */
  publicAddress?: string;
  /** `HOST:PORT` the daemon serves the network on when started without `--listen`; absent: the socket only. */
  listen?: string;
  /**
   * How many bytes of customers' and our own files the data dir may keep; absent: no limit. Over
   * it, new files stay on WhatsApp (fetched when opened, once there is room) — nothing is deleted.
   */
  mediaQuota?: number;
  /**
   * IANA time zone (`America/Sao_Paulo`) the team's times are read in — a scheduled message's
   * `--at`, opening hours; absent: the daemon machine's own zone.
   */
  timeZone?: string;
  /**
   * How long an agent's inbox may go without a key press before Guru marks them away (ms; they
   * are back online with the next key); absent: DEFAULT_AWAY_AFTER_MS; 0: never.
   */
  awayAfterMs?: number;
  /**
   * How long closed conversations are kept (`24mo`, `90d`, `2y`): each day, those whose last
   * message is older are erased (`src/core/privacy/retention.ts`). Absent: kept for good.
   */
  retention?: string;
}

/** Fifteen minutes without touching the inbox: away (`guru account set --away-after`). */
export const DEFAULT_AWAY_AFTER_MS = 15 * 60 * 1000;

/** Twelve hours: a working day, so an agent logs in once a day. */
export const DEFAULT_SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

export type Role = 'admin' | 'normal';

export interface User {
  id: string;
  /** Unique, lower-cased; the login. */
  email: string;
  /** Shown to colleagues and in the audit. */
  name: string;
  /** Signature shown to customers; empty means none. */
  visibleName: string | null;
  role: Role;
  permissions: Permission[];
  /**
   * `scrypt$N$r$p$salt$hash` — never the password itself. Null for someone invited who has not
   * chosen one yet: no password logs them in until they redeem their invite.
   */
  passwordHash: string | null;
  /** Their own WhatsApp number (E.164), where invites go; absent: none known. */
  whatsapp?: string;
  /** An invite waiting to be redeemed (one at a time: a new one replaces it). */
  invite?: PendingInvite;
  /**
   * What they told the team (`guru status`), besides being connected or not; absent: available.
   * Busy and away agents get no chats from entries that skip offline agents.
   */
  status?: AgentStatus;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * An agent's own say on taking chats: `busy` (at work, taking no new chats) or `away` (not at the
 * desk). `auto`: set by the inbox after `Account.awayAfterMs` idle — the next key press clears it.
 */
export interface AgentStatus {
  state: 'busy' | 'away';
  since: string;
  auto?: boolean;
}

/** What presence shows of an agent: connected and available, busy, away, or not connected. */
export type Availability = 'online' | 'busy' | 'away' | 'offline';

/** An invite code as stored: only its hash, never the code. */
export interface PendingInvite {
  /** SHA-256 (hex) of the user's id and the code (see `src/core/invites.ts`). */
  codeHash: string;
  sentAt: string;
  /** After this the code no longer works (48 h after it was made, by the engine's clock). */
  expiresAt: string;
}

export interface Department {
  id: string;
  name: string;
  /** User ids. Membership lives here only, so it cannot disagree with itself. */
  members: string[];
  permissions: Permission[];
  createdAt: string;
}

/**
 * A phone's WhatsApp link, as DESIGN.md draws it; linking by code waits in `waiting_code` where
 * linking by QR waits in `waiting_qr`.
 */
export type LinkState = 'unlinked' | 'waiting_qr' | 'waiting_code' | 'pairing' | 'syncing' | 'connected' | 'reconnecting' | 'logged_out' | 'replaced';

export interface Phone {
  /** E.164, e.g. +5511999990000. */
  number: string;
  label: string | null;
  createdAt: string;
  /**
   * A customer writing into an open chat whose agent is absent (offline, busy or away): true hands
   * the chat out again by the rodízio; absent/false keeps the agent (`guru phone set`).
   */
  reassignWhenAbsent?: boolean;
  /** When the number is attended (`guru phone hours`); absent: always. */
  hours?: OpeningHours;
  /** The greeting menu that sends new conversations to a department (`guru bot set`); absent: none. */
  bot?: MenuBot;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM` to `HH:MM` (24 h) on one day; `to` after `from` (`24:00` ends at midnight). */
export interface TimeRange {
  from: string;
  to: string;
}

/**
 * A number's opening hours. Outside them the rodízio hands out nothing: new chats wait, and are
 * handed out oldest first at opening time; the customer gets `reply` once per closed period.
 */
export interface OpeningHours {
  /** IANA zone the hours are read in; absent: the account's (`Account.timeZone`). */
  timeZone?: string;
  /** Open ranges per weekday; a day with none is closed. */
  week: Partial<Record<Weekday, TimeRange[]>>;
  /** Whole days closed (`YYYY-MM-DD` in the hours' zone). */
  holidays: string[];
  /** The automatic out-of-hours answer; null: none is sent. */
  reply: string | null;
}

/** One choice of a menu bot: what the customer may answer, and where it sends the chat. */
export interface MenuOption {
  /** What to type: `1`, `2`… */
  key: string;
  /** Shown in the menu: `Vendas`. */
  label: string;
  /** Other answers that choose it (`suporte`, `ajuda`), matched ignoring case, accents and punctuation. */
  keywords: string[];
  departmentId: string;
}

/**
 * A greeting menu for new conversations (`guru bot set <number> -f bot.yaml`): the customer's
 * answer sends the chat to that department's rodízio; `retries` unknown answers or `timeoutMs`
 * of silence hand it out by the number's normal rodízio.
 */
export interface MenuBot {
  greeting: string;
  options: MenuOption[];
  /** Said before the menu again after an answer it does not know. */
  retryText: string;
  retries: number;
  timeoutMs: number;
  /** The file as it was applied (`guru bot show`), so comments and order survive. */
  source: string;
  updatedAt: string;
}

export type RoundRobinTarget = { type: 'user'; userId: string } | { type: 'department'; departmentId: string };

export interface RoundRobinEntry {
  id: string;
  target: RoundRobinTarget;
  active: boolean;
  skipOffline: boolean;
  /**
   * Skipped while its target holds this many open chats on the phone (a department: while each
   * active member does, counting the department's own chats for every member); absent: no cap.
   */
  maxOpen?: number;
}

/** One queue per phone. `cursor` is the index of the entry that got the last chat (-1: none yet). */
export interface RoundRobin {
  phone: string;
  entries: RoundRobinEntry[];
  cursor: number;
}

/** The colours a tag may have: the terminal's named colours, so every inbox can draw them. */
export const TAG_COLOURS = ['red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray'] as const;
export type TagColour = (typeof TAG_COLOURS)[number];

/** A label for chats ("Urgente", "Novo"): unique by name, ignoring case and accents. */
export interface Tag {
  id: string;
  name: string;
  colour: TagColour;
  createdAt: string;
}

/** Who sees a quick reply: the whole team, one department's members, or only its author. */
export type QuickReplyScope = { type: 'everyone' } | { type: 'department'; departmentId: string } | { type: 'user'; userId: string };

/**
 * A saved answer: typing its shortcut (`/preco`) in the composer offers it. `{cliente}` and
 * `{agente}` in the text are filled in when it is used (the customer's name, the agent's
 * visible name).
 */
export interface QuickReply {
  id: string;
  /** Starts with `/`, lower-case, unique within what one person sees. */
  shortcut: string;
  text: string;
  scope: QuickReplyScope;
  /** User id of whoever made it; null: the owner. */
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Who is acting: the installation's owner (local admin, owner token) or a logged-in user. */
export type Actor = { type: 'owner' } | { type: 'user'; userId: string };

export const OWNER: Actor = { type: 'owner' };
