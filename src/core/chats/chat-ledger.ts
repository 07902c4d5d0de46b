import type { EngineEvent } from '../events.js';
import type { AuditLog, Clock, StateRepository } from '../ports.js';
import type { Presence } from '../presence.js';
import { ChatIndex, type PendingMedia } from './chat-index.js';
import { ChatLookups } from './chat-lookups.js';
import type { CheckpointPolicy, CheckpointSettings } from './checkpoint-policy.js';
import { outcomeOf, type Chat, type JournalRecord, type StoredMessage } from './model.js';
import type { ChatJournal, MessageSender } from './ports.js';
import type { MediaStore } from '../media/ports.js';
import type { ContactBook } from '../contacts/contact-book.js';
import { chatView, messageView } from './views.js';
import { sameTarget } from '../round-robin.js';

/** When the outbox tries again and gives up (`ChatOutbox`); tests shorten both. */
export interface OutboxSettings {
  /** How long a message may stay pending before it fails (`OUTBOX_GIVE_UP_MS`; GURU_OUTBOX_GIVE_UP_MS). */
  giveUpAfterMs?: number;
  /** While connected, how soon a send that did not go through is tried again (`OUTBOX_RETRY_MS`). */
  retryMs?: number;
  /** How long `send` waits for a message's first try on a connected phone (`FIRST_TRY_WAIT_MS`). */
  firstTryWaitMs?: number;
}

export interface ChatServiceDeps {
  state: StateRepository;
  journal: ChatJournal;
  sender: MessageSender;
  /** Where the files of media messages are kept; without it, files can be neither sent nor kept. */
  media?: MediaStore;
  presence: Presence;
  clock: Clock;
  /** Customers' contacts: chat summaries show the name the team set (`displayName`); without, WhatsApp's. */
  contacts?: ContactBook;
  /** Where what Guru does by itself is audited (a scheduled message going out); without it, nowhere. */
  audit?: AuditLog;
  publish: (event: EngineEvent) => void;
  warn?: (message: string, details: Record<string, unknown>) => void;
  /** When a checkpoint is taken by itself (defaults below; tests make it quick). */
  checkpointPolicy?: CheckpointSettings;
  /** When the outbox gives a message up (`OUTBOX_GIVE_UP_MS` by default; tests shorten it). */
  outbox?: OutboxSettings;
  /** A number opened (its opening hours began): its waiting chats are handed out (the engine audits it). */
  openingTime?: (phone: string) => void;
  /** How long a search may read the journal before it answers with what it found (`SEARCH_BUDGET_MS`). */
  searchBudgetMs?: number;
  /**
   * Whether this process holds the phone's WhatsApp session: with several daemons on one
   * database, only the holder sends, fetches files and runs the timers of its phones. Absent: all.
   */
  holds?: (phone: string) => boolean;
}

/**
 * Where every chat change goes through: the journal first, the index second, then the events —
 * and the clock that dates them, which never goes back.
 */
export class ChatLedger {
  readonly index: ChatIndex;
  private inFlight = 0;
  private drained: (() => void)[] = [];
  /** The latest time `now()` handed out (or, at start, the latest activity in the index), in ms. */
  private lastStamp = 0;
  private lastIso = { ms: -1, iso: '' };
  /** Told of each live media message as soon as it is journaled (the media fetcher). */
  readonly mediaListeners: ((waiting: PendingMedia) => void)[] = [];

  constructor(
    private readonly deps: ChatServiceDeps,
    private readonly policy: CheckpointPolicy,
  ) {
    // A journal that answers for old messages keeps them: the index holds only the latest.
    this.index = new ChatIndex(!deps.journal.lookup);
    this.lookups = deps.journal.lookup ? new ChatLookups(deps.journal.lookup) : null;
  }

  private readonly lookups: ChatLookups | null;

  /**
   * The chat a message (or note) of `phone` is in, however old: the index knows those in memory
   * (and, over files, every one); a journal that answers for old messages is asked for the rest.
   */
  async locate(phone: string, id: string): Promise<Chat | undefined> {
    return (await this.locateAll(phone, [id])).get(id);
  }

  /** `locate` for many ids at once (a batch of WhatsApp's), one question to the journal for all; found ones only. */
  async locateAll(phone: string, ids: readonly string[]): Promise<Map<string, Chat>> {
    const found = new Map<string, Chat>();
    const unknown: string[] = [];
    for (const id of ids) {
      const chat = this.index.chatOfMessage(phone, id);
      if (chat) found.set(id, chat);
      else unknown.push(id);
    }
    const lookups = this.lookups;
    if (!lookups || unknown.length === 0) return found;
    const chatIds = await Promise.all(unknown.map((id) => lookups.chatOf(phone, id)));
    unknown.forEach((id, i) => {
      const chat = chatIds[i] === undefined ? undefined : this.index.chatByJournalId(chatIds[i]);
      if (chat) found.set(id, chat);
    });
    return found;
  }

  /** Journal first, memory second, then the announcement: nothing is shown that could be lost. */
  async commit(phone: string, records: JournalRecord[]): Promise<number[]> {
    this.inFlight += 1;
    try {
      const offsets = await this.deps.journal.append(phone, records);
      await this.apply(phone, records, offsets);
      return offsets;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
      this.policy.committed();
    }
  }

  /**
   * Records another daemon journaled (several daemons on one database): into the index and
   * announced to this daemon's watchers, as if written here.
   */
  async absorb(phone: string, entries: readonly { record: JournalRecord; offset: number }[]): Promise<void> {
    this.inFlight += 1;
    try {
      await this.apply(
        phone,
        entries.map((e) => e.record),
        entries.map((e) => e.offset),
      );
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
      this.policy.committed();
    }
  }

  /** Journaled records into memory, then announced. */
  private async apply(phone: string, records: readonly JournalRecord[], offsets: readonly number[]): Promise<void> {
    {
      const state = await this.deps.state.read();
      const touched = new Map<string, Chat>();
      const onlyMessages = new Map<string, boolean>();
      const movedFrom = new Map<string, Chat['assignee']>();
      const stored: { chat: Chat; message: StoredMessage }[] = [];
      const statuses: EngineEvent[] = [];
      records.forEach((record, i) => {
        if (record.type === 'chat.assigned' || record.type === 'chat.opened') {
          const before = this.index.get(record.chatId);
          if (before && !movedFrom.has(before.id)) movedFrom.set(before.id, before.assignee);
        }
        const chat = this.index.apply(phone, record, offsets[i]);
        // Where a file stands is no change to its chat: only the message's line is told.
        if (record.type === 'media') {
          statuses.push({ type: 'message.media', chatId: record.chatId, id: record.id, media: outcomeOf(record) });
        }
        if (!chat) return;
        touched.set(chat.id, chat);
        const line = record.type === 'message' || record.type === 'note'; // a line of the chat's history
        onlyMessages.set(chat.id, (onlyMessages.get(chat.id) ?? true) && line);
        if (line) stored.push({ chat, message: chat.messages.at(-1)! });
        if (record.type === 'message.status') {
          const failure = record.status === 'failed' && record.reason !== undefined ? { reason: record.reason } : {};
          statuses.push({ type: 'message.status', chatId: chat.id, id: record.id, status: record.status, ...failure });
        }
      });
      // One person's contact follows their chats when WhatsApp tells us a LID's number. The alias
      // is journaled already: a contact that could not move now moves at the next start.
      for (const r of records) {
        if (r.type !== 'customer.alias') continue;
        await this.deps.contacts?.alias(r.alias, r.customer).catch((err: unknown) => this.deps.warn?.('a contact could not follow its customer', { err }));
      }
      const mediaOf = this.index.mediaOf(phone);
      const views = new Map([...touched.values()].map((chat) => [chat.id, chatView(state, chat, mediaOf, this.deps.contacts?.get(chat.customer))]));
      // Chat events first (a new chat before its first message), then messages with their chat's summary.
      for (const chat of touched.values()) {
        if (onlyMessages.get(chat.id)) continue;
        const previous = movedFrom.get(chat.id);
        const moved = movedFrom.has(chat.id) && !sameTarget(previous ?? null, chat.assignee);
        const closed = chat.status === 'closed' && records.some((r) => r.type === 'chat.closed' && r.chatId === chat.id);
        this.deps.publish({
          type: 'chat',
          chat: views.get(chat.id)!,
          ...(moved ? { movedFrom: previous ?? null } : {}),
          ...(closed ? { closed: true as const } : {}),
        });
      }
      for (const { chat, message } of stored)
        this.deps.publish({ type: 'message', chatId: chat.id, message: messageView(state, message, mediaOf(message)), chat: views.get(chat.id)! });
      for (const event of statuses) this.deps.publish(event);
      // After the note itself: whoever its `@names` named is told (the watch tells only them).
      for (const record of records) {
        if (record.type !== 'note') continue;
        const author = state.users.find((u) => u.id === record.authorId);
        const by = author ? { email: author.email, name: author.name } : null;
        for (const userId of new Set(record.mentions)) {
          if (userId !== record.authorId)
            this.deps.publish({ type: 'mention', chatId: record.chatId, id: record.id, userId, by, text: record.text, time: record.time });
        }
      }
      // Live media just journaled: its file is fetched now, after the message is durable — by
      // the daemon that holds the phone's WhatsApp session.
      if (this.holds(phone)) {
        for (const { message } of stored) {
          const waiting = this.index.mediaPendingOf(phone, message.id);
          if (waiting) for (const listener of this.mediaListeners) listener(waiting);
        }
      }
      this.policy.counted(phone, records.length);
    }
  }

  /** Whether this daemon holds the phone's WhatsApp session (always, but with several daemons on one database). */
  holds(phone: string): boolean {
    return this.deps.holds?.(phone) ?? true;
  }

  /** Resolves at a moment when every journaled record is in the index (no commit in flight). */
  async idle(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /** At start: no stamp before the latest activity the index holds. */
  floorAtLatestActivity(): void {
    for (const chat of this.index.all()) this.lastStamp = Math.max(this.lastStamp, Date.parse(chat.updatedAt) || 0);
  }

  /**
   * The engine's time for what it records: the clock's, but never before what it recorded last.
   * A clock stepped back (NTP, a resumed VM) would otherwise date new activity before old and
   * sink a busy chat under idle ones; until the clock catches up, each stamp is 1 ms after the
   * one before, so activity stays in the order it happened.
   */
  now(): string {
    const clock = this.deps.clock.now().getTime();
    this.lastStamp = clock >= this.lastStamp ? clock : this.lastStamp + 1;
    // A history batch stamps thousands of records within one millisecond: format it once.
    if (this.lastIso.ms !== this.lastStamp) this.lastIso = { ms: this.lastStamp, iso: new Date(this.lastStamp).toISOString() };
    return this.lastIso.iso;
  }
}
