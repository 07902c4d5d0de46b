import type { ChatJournal } from './chats/ports.js';
import type { ContactStore } from './contacts/ports.js';
import type { MediaStore } from './media/ports.js';
import type { State } from './model.js';

/**
 * What the engine needs from persistence. `src/store` implements these (files, memory; a
 * database later); the engine never sees files, locks, paths or JSON. Every call is async so
 * an implementation over a network (PostgreSQL) fits as well as one over local files.
 */
export interface StateRepository {
  /** A consistent snapshot. Callers must not mutate it. */
  read(): Promise<State>;
  /**
   * Runs `change` on a private copy of the latest state. If it returns, the copy becomes the
   * state and is durable before the promise resolves; if it throws, nothing is written at all.
   *
   * `audit` (called once `change` returned) names the audit entries of this change: they are
   * made durable together with it — a crash leaves both or neither — and appended to the audit
   * log, in the order of the changes themselves, before the promise resolves.
   */
  update<T>(change: (draft: State) => T, audit?: (result: T) => readonly AuditEntry[]): Promise<T>;
}

/** One line of the audit trail: who did what to what, and when. */
export interface AuditEntry {
  /**
   * Unique; lets a store tell whether an entry is already in the log (recovery after a crash
   * appends only what is missing). Entries written before ids existed have none.
   */
  id?: string;
  time: string;
  /** The actor as people know them: "Ana Souza <ana@acme.com>" or "owner". */
  actor: string;
  /** Dotted verb, e.g. `user.add`, `round_robin.move`. */
  action: string;
  /** What it was done to: an email, a department or phone name. */
  target: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /** Appends durably before resolving. For entries that go with a state change, see StateRepository.update. */
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** Entries at or after `since`, oldest first. */
  list(filter: { since?: Date }): Promise<AuditEntry[]>;
  /**
   * Passes every entry through `change` and keeps what it returns — an erasure (LGPD): the
   * entries about one customer lose what names them, and stay. Appends wait meanwhile. Whole or
   * not at all should the process die. Resolves with how many entries changed.
   */
  rewrite(change: (entry: AuditEntry) => AuditEntry): Promise<number>;
}

/** A login session, as stored: never the token itself, only its hash. */
export interface SessionRecord {
  id: string;
  /** SHA-256 of the bearer token, hex. The token itself is only ever on the user's side. */
  tokenHash: string;
  userId: string;
  createdAt: string;
  /** The last time it was used (stores may record this coarsely: a little early, never late). */
  lastSeenAt: string;
  /** Where it was opened from: the peer's address over TCP, "local" on the unix socket (absent in older records). */
  source?: string;
}

/**
 * Login sessions: hot, growing data kept out of the state (a login or a request must not
 * rewrite it). Keyed by user as well as by token, so one person's sessions can be ended or
 * erased together.
 */
export interface SessionStore {
  add(session: SessionRecord): Promise<void>;
  /** The session with this token hash, or null. */
  find(tokenHash: string): Promise<SessionRecord | null>;
  /** Every session of one user, oldest first. */
  listOf(userId: string): Promise<SessionRecord[]>;
  /** Records that a session was used at `at`. */
  touch(id: string, at: string): Promise<void>;
  /** Ends one session (a logout). Ending one that is gone is not an error. */
  end(id: string): Promise<void>;
  /** Ends every session of a user (new password, user removed); how many there were. */
  endAllOf(userId: string): Promise<number>;
  /** Ends every session unused since before `idleSince`, and those `keep` refuses; how many. */
  prune(idleSince: string, keep?: (session: SessionRecord) => boolean): Promise<number>;
  /** How many sessions are stored. */
  count(): Promise<number>;
  /** Every session, whoever's (a copy of the stores, `guru store migrate`). */
  list(): Promise<SessionRecord[]>;
}

/**
 * A secret kept whole (a phone's WhatsApp credentials): read, replaced atomically, wiped. The
 * store knows nothing of its format; `src/whatsapp` serialises it.
 */
export interface Secret {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  /** Deletes it for good (logged out, wrong number, unlinked). */
  wipe(): Promise<void>;
}

export interface SecretStore {
  /** The WhatsApp credentials of one phone (E.164). */
  phoneCredentials(phone: string): Secret;
  /** The SMTP server (with its password) and sender address mail goes out through (`src/core/mail.ts`). */
  mailSettings(): Secret;
}

/**
 * Everything one installation keeps, opened together by `openStores` in `src/store`: the
 * state (account, users, departments, phones, round-robins), the audit trail, login sessions,
 * secrets, the message journal and media files.
 *
 * Each store is keyed so one person's data can be found and erased (LGPD): a user's sessions
 * by user id, a phone's credentials by number, a customer's messages by phone and chat (their
 * records carry `chatId`), a customer's contact by customer id, audit entries by actor and target. None of them assumes files: a
 * database implementation fits beside the files as another branch of `openStores`.
 */
export interface Stores {
  state: StateRepository;
  audit: AuditLog;
  sessions: SessionStore;
  secrets: SecretStore;
  journal: ChatJournal;
  /** Photos, voice notes, documents…: content-addressed files that messages name by sha256. */
  media: MediaStore;
  /** What the team set about each customer (a name, fields), by customer id. */
  contacts: ContactStore;
  /** The state as this process knows it, synchronously (authoritative where it is the only writer). */
  stateNow(): State;
  /** Lets go of what was opened (the writer lock, open files). */
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
  /**
   * Calls `wake` once, about when this clock reaches `at` (maybe early: the caller checks `now()`
   * again); returns how to call it off. Absent, a real timer stands in (`wakeAt`). A test clock
   * fires its own when moved forward, so times hours away are tested in no time.
   */
  wakeAt?(at: Date, wake: () => void): () => void;
}

/** Node's timers take at most ~24.8 days: a later time wakes early, and the caller waits again. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** `clock.wakeAt`, or a real (unref'd) timer for `at` as that clock tells the time. */
export function wakeAt(clock: Clock, at: Date, wake: () => void): () => void {
  if (clock.wakeAt) return clock.wakeAt(at, wake);
  const delay = Math.min(LONGEST_TIMER_MS, Math.max(0, at.getTime() - clock.now().getTime()));
  const timer = setTimeout(wake, delay);
  timer.unref();
  return () => clearTimeout(timer);
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * One timer for the soonest of many deadlines (scheduled messages, a bot's silences, openings):
 * `set` it to the soonest after every change; setting the same time again keeps the running timer.
 */
export class SoonestTimer {
  private cancel: (() => void) | null = null;
  private armedFor: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly ring: () => void,
  ) {}

  /** Rings once at `at` (ms on the clock), replacing any earlier setting; null: not at all. */
  set(at: number | null): void {
    if (at === this.armedFor && (at === null || this.cancel)) return;
    this.stop();
    this.armedFor = at;
    if (at === null) return;
    this.cancel = wakeAt(this.clock, new Date(at), () => {
      this.cancel = null;
      this.armedFor = null;
      this.ring();
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
    this.armedFor = null;
  }
}
