import { randomBytes } from 'node:crypto';
import { conflict, GuruError, invalid } from '../errors.js';
import type { EngineEvent } from '../events.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { State } from '../model.js';
import type { Clock, StateRepository } from '../ports.js';
import type { Presence } from '../presence.js';
import { decide, eligibility, type Decision } from '../round-robin.js';
import { ChatIndex, storedMessage } from './chat-index.js';
import { contentFields, isAnnotation, looksLikeContent, type MessageContent } from './content.js';
import { chatIdFor, customerJid, normalizeCustomer } from './customer.js';
import type { Chat, InboundMessage, JournalRecord, Receipt, StoredMessage } from './model.js';
import type { ChatJournal, MessageSender } from './ports.js';
import { chatView, messageView } from './views.js';

export interface ChatServiceDeps {
  state: StateRepository;
  journal: ChatJournal;
  sender: MessageSender;
  presence: Presence;
  clock: Clock;
  publish: (event: EngineEvent) => void;
  warn?: (message: string, details: Record<string, unknown>) => void;
  /** When a checkpoint is taken by itself (defaults below; tests make it quick). */
  checkpointPolicy?: { afterRecords: number; quietMs: number };
  /** How long a search may read the journal before it answers with what it found (`SEARCH_BUDGET_MS`). */
  searchBudgetMs?: number;
}

/**
 * A search reads the journal for at most this long, then answers with what it found, marked
 * partial: the daemon serves everyone else meanwhile, and a person can narrow the words.
 */
export const SEARCH_BUDGET_MS = 2_000;

export interface SearchResult {
  chatIds: Set<string>;
  /** True when the deadline stopped the journal search: older messages may hold more. */
  partial: boolean;
}

/** A rodízio decision and where the cursor stood before it (to give the turn back). */
type RoundRobinTurn = Decision & { cursorBefore: number };

/**
 * A checkpoint is worth its cost (a pause to serialise the index) after this many records, once
 * no record has been written for a while.
 */
const CHECKPOINT_POLICY = { afterRecords: 20_000, quietMs: 5_000 };

export interface ReceiveResult {
  /** Null when nothing was stored: a reaction, edit or deletion for a customer with no chat. */
  chatId: string | null;
  /** True when this message id was already stored (a redelivery): nothing was written. */
  duplicate: boolean;
}

export const MAX_TEXT_LENGTH = 65_536;

/** How long a send key is honoured: retries come within minutes; a day covers a client left asleep. */
export const SEND_KEY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_SEND_KEY_LENGTH = 128;

export interface SendResult {
  /** The message as committed, with its status once WhatsApp took it. */
  message: StoredMessage;
  /** True when this was a retry of a send already made under the same key: nothing was sent. */
  repeated: boolean;
}

/** A key is the client's own token: short printable ASCII, so it journals and logs safely. */
function checkSendKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_SEND_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalid(`an idempotency key must be 1-${MAX_SEND_KEY_LENGTH} printable ASCII characters without spaces (a UUID does) — or leave it out`);
  }
}

/**
 * Conversations: turns inbound messages into chats handed out by the rodízio, records every
 * chat action in the journal first and memory second, and announces each change.
 */
export class ChatService {
  readonly index = new ChatIndex();
  private readonly perCustomer = new KeyedQueue();
  private readonly perSendKey = new KeyedQueue();
  /** Who has a search running (one each). */
  private readonly searching = new Set<string>();
  /** Records applied per phone since its last checkpoint. */
  private readonly sinceCheckpoint = new Map<string, number>();
  /** Their sum, kept as they are counted (it is checked on every commit). */
  private recordsSinceCheckpoint = 0;
  private lastCommitAt = 0;
  private inFlight = 0;
  private drained: (() => void)[] = [];
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  /** The latest time `now()` handed out (or, at start, the latest activity in the index), in ms. */
  private lastStamp = 0;

  constructor(private readonly deps: ChatServiceDeps) {}

  /** Rebuilds the index from the journal; outgoing messages left pending by a crash become failed. */
  async load(): Promise<void> {
    await this.deps.journal.replay({
      restore: (phone, checkpoint) => this.index.restore(phone, checkpoint),
      apply: (phone, record, offset) => {
        this.index.apply(phone, record, offset);
        this.counted(phone, 1);
      },
    });
    for (const chat of this.index.all()) this.lastStamp = Math.max(this.lastStamp, Date.parse(chat.updatedAt) || 0);
    // Older message ids from a checkpoint join the dedupe map in slices, after the API is up.
    const indexSlice = () => {
      if (!this.index.indexOlder(50_000)) setImmediate(indexSlice).unref();
    };
    indexSlice();
    for (const p of this.index.pending()) {
      await this.commit(p.phone, [
        { type: 'message.status', id: p.id, chatId: p.chatId, status: 'failed', time: this.now(), reason: 'the daemon stopped before WhatsApp confirmed it' },
      ]);
    }
  }

  /**
   * Stores each phone's index beside its journal (those that changed since the last one), so
   * the next start replays only what came after. Called when the daemon stops, and by itself
   * once the journal has been quiet for a while after many records.
   */
  async checkpoint(): Promise<void> {
    await this.idle();
    const saves: Promise<void>[] = [];
    for (const [phone, count] of this.sinceCheckpoint) {
      if (count === 0) continue;
      this.sinceCheckpoint.set(phone, 0);
      this.recordsSinceCheckpoint -= count;
      saves.push(this.deps.journal.saveCheckpoint(phone, this.index.checkpoint(phone)));
    }
    await Promise.all(saves);
  }

  /** Resolves at a moment when every journaled record is in the index (no commit in flight). */
  private async idle(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
  }

  /** The last `limit` messages of a chat, reading those no longer in memory from the journal. */
  async history(chat: Chat, limit: number): Promise<StoredMessage[]> {
    const recent = chat.messages.slice(-limit);
    const fromDisk = Math.min(limit - recent.length, chat.older.length);
    if (fromDisk <= 0) return recent;
    const offsets = chat.older.slice(chat.older.length - fromDisk);
    const records = await this.deps.journal.read(chat.phone, offsets);
    const older: StoredMessage[] = [];
    records.forEach((record, i) => {
      if (record.type !== 'message') return;
      const message = storedMessage(record, offsets[i]!);
      message.status = this.index.olderStatusOf(chat.phone, record.id) ?? message.status;
      older.push(message);
    });
    return [...older, ...recent];
  }

  /**
   * The chats among those `visible` accepts with a message containing `text` (ignoring case),
   * however old: besides the latest messages in memory (the caller looks there), the journal is
   * searched — only the phones of visible chats with older messages, and only those chats'
   * messages are parsed. One search at a time per `searcher` (a second is refused: searches are
   * the costliest read), and it stops at its deadline, saying the answer is partial.
   */
  async chatsMentioning(text: string, searcher: string, visible: (chat: Chat) => boolean): Promise<SearchResult> {
    if (this.searching.has(searcher)) throw new GuruError('limit', 'a search of yours is still running — wait for it to finish, then search again');
    const withOlder = new Set<string>();
    for (const chat of this.index.all()) if (chat.older.length > 0 && visible(chat)) withOlder.add(chat.id);
    const found = new Set<string>();
    if (withOlder.size === 0) return { chatIds: found, partial: false };
    const phones = new Set([...withOlder].map((id) => this.index.get(id)!.phone));
    this.searching.add(searcher);
    try {
      const { partial } = await this.deps.journal.findMessages(
        text,
        {
          phones,
          // By message id: a LID chat merged into its person's chat lives on under the person's.
          accept: (phone, id) => {
            const chat = this.index.chatOfMessage(phone, id);
            return chat !== undefined && withOlder.has(chat.id);
          },
          deadline: Date.now() + (this.deps.searchBudgetMs ?? SEARCH_BUDGET_MS),
        },
        (phone, record) => {
          const chat = this.index.chatOfMessage(phone, record.id);
          if (chat && withOlder.has(chat.id)) found.add(chat.id);
        },
      );
      return { chatIds: found, partial };
    } finally {
      this.searching.delete(searcher);
    }
  }

  /** One message by id, whichever chat it is in (for WhatsApp's retry requests: `messageToResend`). */
  async message(phone: string, id: string): Promise<StoredMessage | undefined> {
    const chat = this.index.chatOfMessage(phone, id);
    if (!chat) return undefined;
    const recent = chat.messages.find((m) => m.id === id);
    if (recent) return recent;
    const at = chat.olderIds.indexOf(id);
    if (at < 0) return undefined;
    const [record] = await this.deps.journal.read(phone, [chat.older[at]!]);
    return record?.type === 'message' ? storedMessage(record, chat.older[at]!) : undefined;
  }

  /**
   * One of our messages for WhatsApp to encrypt again, when a device of `askedBy` failed to
   * decrypt it (a retry receipt) — only if it went to that very person's chat. The message id
   * alone would hand any customer the text sent to another: ids travel in receipts and are
   * easy to learn. `askedBy` holds the JIDs of the one asking (a LID and the phone number
   * WhatsApp maps it to); they are normalised and resolved through known aliases exactly as an
   * incoming message's sender is. A customer's own message is never sent back: only the sender
   * of a message resends it.
   */
  async messageToResend(phone: string, id: string, askedBy: readonly string[]): Promise<StoredMessage | undefined> {
    const chat = this.index.chatOfMessage(phone, id);
    if (!chat) return undefined;
    const isTheirs = askedBy.some((jid) => {
      let customer: string;
      try {
        customer = this.index.resolve(phone, normalizeCustomer(jid));
      } catch {
        return false; // not a person (a group, a broadcast): nobody's chat
      }
      return this.index.forCustomer(phone, customer) === chat;
    });
    if (!isTheirs) return undefined;
    const message = await this.message(phone, id);
    return message?.direction === 'out' ? message : undefined;
  }

  /**
   * A customer's message. Resolves once it is durable — only then may the transport acknowledge
   * it. The same id twice is stored once; a first message opens a chat and runs the rodízio, a
   * message on a closed chat reopens it and runs it again. A message the business wrote on the
   * phone (`fromMe`) is stored as outgoing: it opens an unassigned chat if there is none (no
   * rodízio: nobody is waiting for an answer) and reopens nothing. Our own sends, echoed back by
   * WhatsApp, are already journaled under their id: duplicates. A reaction, edit or deletion
   * joins the customer's chat as it is: it opens, reopens and hands out nothing.
   */
  async receive(message: InboundMessage): Promise<ReceiveResult> {
    const state = await this.deps.state.read();
    if (!state.phones.some((p) => p.number === message.phone)) throw invalid(`phone ${message.phone} is not registered`);
    if (typeof message.id !== 'string' || message.id === '') throw invalid('a message needs an id');
    if (!looksLikeContent(message.content)) throw invalid(`message ${message.id} has no content this version knows`);
    const annotation = isAnnotation(message.content);
    const customer = this.index.resolve(message.phone, normalizeCustomer(message.fromPhone ?? message.from));
    return this.perCustomer.run(`${message.phone}|${customer}`, async () => {
      const known = this.index.chatOfMessage(message.phone, message.id);
      if (known) return { chatId: known.id, duplicate: true };
      const chat = this.index.forCustomer(message.phone, customer);
      const chatId = chat?.id ?? chatIdFor(message.phone, customer);
      const records: JournalRecord[] = [];
      const fromMe = message.fromMe === true;
      const now = this.now();
      // On our own messages the push name is ours, not the customer's.
      const name = fromMe ? null : message.pushName?.trim() || null;
      let decision: RoundRobinTurn | null = null;
      if (annotation && !chat) return { chatId: null, duplicate: false }; // about a message we never had
      if (!chat || (chat.status === 'closed' && !message.history && !fromMe && !annotation)) {
        const cause = message.history ? 'history' : fromMe ? 'phone' : chat ? 'reopen' : 'new';
        decision = cause === 'history' || cause === 'phone' ? null : await this.runRoundRobin(message.phone);
        records.push({
          type: 'chat.opened',
          chatId,
          customer,
          name: name ?? chat?.name ?? null,
          time: now,
          assignee: decision?.target ?? null,
          trail: decision?.trail ?? [],
          cause,
        });
      } else if (name && name !== chat.name) {
        records.push({ type: 'chat.renamed', chatId, name, time: now });
      }
      records.push({
        type: 'message',
        id: message.id,
        chatId,
        direction: fromMe ? 'out' : 'in',
        ...contentFields(message.content),
        time: message.time,
        ...(fromMe ? { status: 'sent' as const } : {}),
        ...(message.history ? { history: true } : { receivedAt: now }),
      });
      try {
        await this.commit(message.phone, records);
      } catch (err) {
        if (decision) await this.giveTurnBack(message.phone, decision);
        throw err;
      }
      return { chatId, duplicate: false };
    });
  }

  /**
   * Many messages at once (a history batch): in order for each customer, customers side by side,
   * so the batch shares a few journal writes instead of one fsync per message.
   */
  async receiveAll(messages: readonly InboundMessage[]): Promise<void> {
    const byCustomer = new Map<string, InboundMessage[]>();
    messages.forEach((message, i) => {
      let key: string;
      try {
        key = `${message.phone}|${this.index.resolve(message.phone, normalizeCustomer(message.fromPhone ?? message.from))}`;
      } catch {
        key = `#${i}`; // not a customer id: receive() says so, for this message alone
      }
      const group = byCustomer.get(key);
      if (group) group.push(message);
      else byCustomer.set(key, [message]);
    });
    await Promise.all(
      [...byCustomer.values()].map(async (group) => {
        for (const message of group) await this.receive(message);
      }),
    );
  }

  /** WhatsApp told us a LID's phone number: one person, one chat (merging any LID chat). */
  async alias(phone: string, lidJid: string, phoneJid: string): Promise<void> {
    const alias = normalizeCustomer(lidJid);
    const customer = normalizeCustomer(phoneJid);
    if (!alias.startsWith('lid:') || customer.startsWith('lid:') || this.index.resolve(phone, alias) === customer) return;
    // Both keys: nothing for this person may be decided while their chats are joined.
    await this.perCustomer.run(`${phone}|${alias}`, () =>
      this.perCustomer.run(`${phone}|${customer}`, () => this.commit(phone, [{ type: 'customer.alias', alias, customer, time: this.now() }])),
    );
  }

  /** A delivery receipt for one of our messages; unknown ids (sent from the phone itself) are ignored. */
  async receipt(receipt: Receipt): Promise<void> {
    const chat = this.index.chatOfMessage(receipt.phone, receipt.id);
    if (!chat) return;
    await this.commit(receipt.phone, [{ type: 'message.status', id: receipt.id, chatId: chat.id, status: receipt.status, time: receipt.time }]);
  }

  /**
   * Journals an outgoing message as pending, hands it to WhatsApp, then records the outcome, and
   * answers with the message as committed (not looked up among the chat's latest: under
   * concurrent sends it may already have left memory). Callers have checked permission and
   * visibility; a text already carries the signature. Only text can be sent so far (files come
   * with media storage).
   *
   * `key`, chosen by the client once per message it means to send, makes a retry harmless: a
   * send with a key this chat remembers (journaled with the message, so a restart keeps it) is
   * answered with that message, sent once — unless it failed, when it is sent again.
   */
  async send(chat: Chat, authorId: string, content: MessageContent, key?: string): Promise<SendResult> {
    if (content.type !== 'text') throw invalid(`sending ${content.type} messages is not supported yet — send text`);
    const { text } = content;
    if (text.trim() === '') throw invalid('nothing to send: the message is empty');
    if (text.length > MAX_TEXT_LENGTH) throw invalid(`message too long (${text.length} characters; WhatsApp takes at most ${MAX_TEXT_LENGTH})`);
    if (key === undefined) return { message: await this.sendNew(chat, authorId, content), repeated: false };
    checkSendKey(key);
    // One send per key at a time: a retry arriving while the first try is still out waits for it.
    return this.perSendKey.run(`${chat.id}|${key}`, async () => {
      const earlier = await this.sentWithKey(chat, key);
      if (earlier && earlier.status !== 'failed') {
        const same = earlier.direction === 'out' && earlier.content.type === 'text' && earlier.content.text === text;
        if (!same) throw conflict(`idempotency key "${key}" was already used for a different message in this chat — use a new key for a new message`);
        return { message: earlier, repeated: true };
      }
      return { message: await this.sendNew(chat, authorId, content, key), repeated: false };
    });
  }

  /** The message sent in `chat` under `key` within `SEND_KEY_TTL_MS`, with its latest status. */
  private async sentWithKey(chat: Chat, key: string): Promise<StoredMessage | undefined> {
    const entry = this.index.sentWithKey(chat, key);
    if (!entry || this.deps.clock.now().getTime() - Date.parse(entry.time) > SEND_KEY_TTL_MS) return undefined;
    const message = await this.message(chat.phone, entry.id);
    if (!message) return undefined;
    return { ...message, status: this.index.olderStatusOf(chat.phone, message.id) ?? message.status };
  }

  private async sendNew(chat: Chat, authorId: string, content: MessageContent, key?: string): Promise<StoredMessage> {
    const id = `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
    const record: Extract<JournalRecord, { type: 'message' }> = {
      type: 'message',
      id,
      chatId: chat.id,
      direction: 'out',
      ...contentFields(content),
      time: this.now(),
      authorId,
      status: 'pending',
      ...(key === undefined ? {} : { sendKey: key }),
    };
    const [offset] = await this.commit(chat.phone, [record]);
    try {
      await this.deps.sender.send(chat.phone, customerJid(chat.customer), content, id);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.commit(chat.phone, [{ type: 'message.status', id, chatId: chat.id, status: 'failed', time: this.now(), reason }]);
      throw new GuruError(err instanceof GuruError ? err.code : 'internal', `the message was not sent: ${reason}`);
    }
    await this.commit(chat.phone, [{ type: 'message.status', id, chatId: chat.id, status: 'sent', time: this.now() }]);
    return { ...storedMessage(record, offset!), status: 'sent' };
  }

  /** Writes chat records (assign, close, reopen, read) through the journal. */
  async record(chat: Chat, record: JournalRecord): Promise<void> {
    await this.commit(chat.phone, [record]);
  }

  /** Journal first, memory second, then the announcement: nothing is shown that could be lost. */
  private async commit(phone: string, records: JournalRecord[]): Promise<number[]> {
    this.inFlight += 1;
    try {
      const offsets = await this.deps.journal.append(phone, records);
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
        if (!chat) return;
        touched.set(chat.id, chat);
        onlyMessages.set(chat.id, (onlyMessages.get(chat.id) ?? true) && record.type === 'message');
        if (record.type === 'message') stored.push({ chat, message: chat.messages.at(-1)! });
        if (record.type === 'message.status') statuses.push({ type: 'message.status', chatId: chat.id, id: record.id, status: record.status });
      });
      const views = new Map([...touched.values()].map((chat) => [chat.id, chatView(state, chat)]));
      // Chat events first (a new chat before its first message), then messages with their chat's summary.
      for (const chat of touched.values()) {
        if (onlyMessages.get(chat.id)) continue;
        const previous = movedFrom.get(chat.id);
        const moved = movedFrom.has(chat.id) && !sameTarget(previous ?? null, chat.assignee);
        this.deps.publish({ type: 'chat', chat: views.get(chat.id)!, ...(moved ? { movedFrom: previous ?? null } : {}) });
      }
      for (const { chat, message } of stored) this.deps.publish({ type: 'message', chatId: chat.id, message: messageView(state, message), chat: views.get(chat.id)! });
      for (const event of statuses) this.deps.publish(event);
      this.counted(phone, records.length);
      return offsets;
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.drained.splice(0)) resolve();
      this.checkpointWhenQuiet();
    }
  }

  private counted(phone: string, records: number): void {
    this.sinceCheckpoint.set(phone, (this.sinceCheckpoint.get(phone) ?? 0) + records);
    this.recordsSinceCheckpoint += records;
  }

  /** After many records, a checkpoint once the journal has been quiet for a moment. */
  private checkpointWhenQuiet(): void {
    this.lastCommitAt = Date.now();
    const policy = this.deps.checkpointPolicy ?? CHECKPOINT_POLICY;
    if (this.quietTimer || this.recordsSinceCheckpoint < policy.afterRecords) return;
    this.armQuietTimer(policy.quietMs);
  }

  /**
   * One timer, not one per commit (this runs on the ingest path): when it fires while records
   * are still coming in, it waits out the rest of the quiet spell from the last commit.
   */
  private armQuietTimer(ms: number): void {
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      const { quietMs } = this.deps.checkpointPolicy ?? CHECKPOINT_POLICY;
      const quietFor = Date.now() - this.lastCommitAt;
      if (quietFor < quietMs) return this.armQuietTimer(quietMs - quietFor);
      this.checkpoint().catch((err) => this.deps.warn?.('could not store a journal checkpoint; the next start replays more', { error: (err as Error).message }));
    }, ms);
    this.quietTimer.unref?.();
  }

  /** Stops the quiet-time checkpoint timer (the daemon checkpoints itself when it stops). */
  stop(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }

  /** One rodízio decision, with the cursor moved and saved in the same serialised state update. */
  private runRoundRobin(phone: string): Promise<RoundRobinTurn> {
    return this.deps.state.update((draft: State) => {
      const queue = draft.roundRobins.find((q) => q.phone === phone);
      if (!queue || queue.entries.length === 0) return { picked: null, target: null, trail: [], cursorBefore: -1 };
      const cursorBefore = queue.cursor;
      const decision = decide(queue, eligibility(draft, this.deps.presence.onlineUserIds()));
      if (decision.picked !== null) queue.cursor = decision.picked;
      return { ...decision, cursorBefore };
    });
  }

  /**
   * The message a rodízio decision was for could not be stored (a full disk): the chat does not
   * exist, so the agent gets the turn back — unless another decision moved the cursor since.
   */
  private async giveTurnBack(phone: string, turn: RoundRobinTurn): Promise<void> {
    if (turn.picked === null) return;
    await this.deps.state
      .update((draft: State) => {
        const queue = draft.roundRobins.find((q) => q.phone === phone);
        if (queue && queue.cursor === turn.picked) queue.cursor = turn.cursorBefore;
      })
      .catch(() => undefined); // the disk that refused the journal may refuse this too: the turn is lost, nothing else
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
    return new Date(this.lastStamp).toISOString();
  }
}

function sameTarget(a: Chat['assignee'], b: Chat['assignee']): boolean {
  if (a === null || b === null) return a === b;
  return a.type === 'user' ? b.type === 'user' && a.userId === b.userId : b.type === 'department' && a.departmentId === b.departmentId;
}
