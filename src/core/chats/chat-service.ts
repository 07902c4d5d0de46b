import { storedMessage, type ChatIndex, type PendingMedia, type ScheduledSend } from './chat-index.js';
import { ChatBot } from './chat-bot.js';
import { ChatScheduler } from './chat-scheduler.js';
import { ChatIngest, type ReceiveResult } from './chat-ingest.js';
import { ChatRouting } from './chat-routing.js';
import { ChatLedger, type ChatServiceDeps } from './chat-ledger.js';
import { ChatOutbox } from './chat-outbox.js';
import { ChatReads, type SearchResult } from './chat-reads.js';
import { ChatSends, type SendResult } from './chat-sends.js';
import { ChatStarts, type StartResult } from './chat-starts.js';
import { OpeningTimes } from './opening-times.js';
import { CheckpointPolicy } from './checkpoint-policy.js';
import type { MediaContent, MessageContent } from './content.js';
import type { Chat, InboundMessage, JournalRecord, Receipt, StoredMessage } from './model.js';
import type { JournalRewrite, RewriteOptions } from './ports.js';
import { KeyedQueue } from '../keyed-queue.js';
import { newId } from '../ids.js';
import { GuruError } from '../errors.js';
import type { MediaStore } from '../media/ports.js';
import { chatDetailView, chatView, type ChatDetailView, type ChatView } from './views.js';
import { acceptUpload, outgoingMedia, type OutgoingFile, type UploadedFile } from '../media/outgoing.js';
import type { LinkState, MenuBot, State } from '../model.js';
import type { ContactBook } from '../contacts/contact-book.js';
import { t } from '../../i18n/translate.js';

export type { ChatServiceDeps } from './chat-ledger.js';
export type { ReceiveResult } from './chat-ingest.js';
export type { StartResult } from './chat-starts.js';
export { SEARCH_BUDGET_MS, type SearchResult } from './chat-reads.js';
export { OUTBOX_GIVE_UP_MS } from './chat-outbox.js';
export type { OutboxSettings } from './chat-ledger.js';
export { MAX_SEND_KEY_LENGTH, MAX_TEXT_LENGTH, SEND_KEY_TTL_MS, type SendResult } from './chat-sends.js';

/**
 * Conversations: turns inbound messages into chats handed out by the rodízio, records every
 * chat action in the journal first and memory second, and announces each change. One facade
 * over its jobs: ingest (`ChatIngest`), sends (`ChatSends`), reads and search (`ChatReads`),
 * commits, events and the clock (`ChatLedger`), and when to checkpoint (`CheckpointPolicy`).
 */
export class ChatService {
  readonly index: ChatIndex;
  private readonly policy: CheckpointPolicy;
  private readonly ledger: ChatLedger;
  private readonly reads: ChatReads;
  private readonly ingest: ChatIngest;
  private readonly routing: ChatRouting;
  private readonly sends: ChatSends;
  private readonly outbox: ChatOutbox;
  private readonly starts: ChatStarts;
  private readonly scheduler: ChatScheduler;
  private readonly openings: OpeningTimes;
  private readonly bot: ChatBot;

  constructor(private readonly deps: ChatServiceDeps) {
    this.policy = new CheckpointPolicy(
      deps.checkpointPolicy,
      () => this.checkpoint(),
      () => Date.now(),
      deps.warn,
    );
    this.ledger = new ChatLedger(deps, this.policy);
    this.index = this.ledger.index;
    this.reads = new ChatReads(deps, this.ledger);
    // One queue per customer for what comes in and for conversations started here: one chat each.
    const perCustomer = new KeyedQueue();
    this.outbox = new ChatOutbox(deps, this.ledger, this.reads);
    this.routing = new ChatRouting(deps, this.ledger, perCustomer);
    this.ingest = new ChatIngest(deps, this.ledger, perCustomer, this.routing, this.outbox);
    this.starts = new ChatStarts(this.ledger, perCustomer);
    this.sends = new ChatSends(deps, this.ledger, this.reads, this.outbox);
    this.scheduler = new ChatScheduler(deps, this.ledger, this.sends);
    // A number's opening is handled by the daemon holding it (several daemons on one database).
    this.openings = new OpeningTimes(deps, (phone) => (this.ledger.holds(phone) ? deps.openingTime?.(phone) : undefined));
    this.bot = new ChatBot(deps, this.ledger, this.sends, this.routing);
    this.ingest.attachBot(this.bot);
  }

  /**
   * Rebuilds the index from the journal. Outgoing messages still pending — the outbox, also
   * those a crash or a stop left — are sent once their phone reports it is connected.
   *
   * A pending message may or may not have reached WhatsApp before the daemon stopped (the
   * window between handing it over and journaling WhatsApp's ack). It is sent again, under the
   * id journaled with it: WhatsApp keeps one message per id, so a copy that had got through is
   * not shown to the customer twice, while one that had not now arrives. Marking such messages
   * failed instead (as before the outbox) made the agent send them again under a new id — a
   * real duplicate when the first had arrived — or lose them. A message whose ack was journaled
   * (sent, delivered, read) is not pending and never goes again.
   */
  async load(): Promise<void> {
    await this.deps.contacts?.load();
    const aliases: Extract<JournalRecord, { type: 'customer.alias' }>[] = [];
    await this.deps.journal.replay({
      restore: (phone, checkpoint) => this.index.restore(phone, checkpoint),
      apply: (phone, record, offset) => {
        this.index.apply(phone, record, offset);
        if (record.type === 'customer.alias') aliases.push(record);
        this.policy.counted(phone, 1);
      },
    });
    // A contact still under a LID the journal says is a number (a stop came between the two): moved now.
    for (const a of aliases) await this.deps.contacts?.alias(a.alias, a.customer);
    this.ledger.floorAtLatestActivity();
    this.outbox.start();
    // Scheduled messages whose time came while no daemon ran go now (into the outbox).
    this.scheduler.start();
    // At each number's opening time its waiting chats go out (the engine's `openingTime`).
    this.openings.start();
    // Menu bots' conversations whose silence ended while no daemon ran go to the rodízio now.
    await this.bot.start();
  }

  /**
   * Records another daemon journaled on `phone` (several daemons on one database): into the
   * index and announced to this daemon's watchers; messages it left pending go out here when
   * this daemon holds the phone.
   */
  async absorb(phone: string, entries: readonly { record: JournalRecord; offset: number }[]): Promise<void> {
    await this.ledger.absorb(phone, entries);
    if (this.ledger.holds(phone)) this.outbox.adopt(phone);
  }

  /** Whether this daemon holds the phone's WhatsApp session (always, but with several daemons on one database). */
  holds(phone: string): boolean {
    return this.ledger.holds(phone);
  }

  /**
   * Another daemon erased these chats of `phone` (several daemons on one database): they leave
   * this index too, and whoever watches them is told. Nobody else's records moved.
   */
  forgetErased(phone: string, chats: ReadonlySet<string>, customers: ReadonlySet<string>): void {
    this.index.erase(phone, chats, customers, (offset) => offset);
    this.policy.counted(phone, 1);
    for (const chatId of chats) this.deps.publish({ type: 'chat.erased', chatId });
  }

  /**
   * This daemon took `phone`'s WhatsApp session over from another (several daemons on one
   * database): the timers of its chats (scheduled messages, menu bots' silences) run here now.
   */
  async tookOver(_phone: string): Promise<void> {
    this.scheduler.arm();
    await this.bot.start();
  }

  /** A number's opening hours (or the account's zone) changed: the opening-time timer is set anew. */
  openingHoursChanged(): void {
    this.openings.changed();
  }

  /** Customers' contacts (names and fields the team set); null where the stores keep none. */
  get contacts(): ContactBook | null {
    return this.deps.contacts ?? null;
  }

  /** A phone's transport reported its link state: the outbox sends when connected, fails its messages when logged out. */
  phoneState(phone: string, state: LinkState): void {
    this.outbox.phoneState(phone, state);
  }

  /**
   * Older message ids from a checkpoint join the dedupe map in slices (a lookup that misses
   * meanwhile indexes the rest at once). The daemon starts this once its API is up: started
   * earlier, each ~25 ms slice ran ahead of every await left in the start-up (module imports,
   * the socket), and a restart over 1M messages answered half a second later.
   */
  indexOlderInSlices(): void {
    const indexSlice = () => {
      if (!this.index.indexOlder(50_000)) setImmediate(indexSlice).unref();
    };
    indexSlice();
  }

  /**
   * Stores each phone's index beside its journal (those that changed since the last one), so
   * the next start replays only what came after. Called when the daemon stops, and by itself
   * once the journal has been quiet for a while after many records.
   */
  async checkpoint(): Promise<void> {
    await this.ledger.idle();
    await Promise.all(this.policy.due().map((phone) => this.deps.journal.saveCheckpoint(phone, this.index.checkpoint(phone))));
  }

  /**
   * Rewrites the journals of `phones` without the records of the chats `erased.chats` (and the
   * aliases of `erased.customers`), which `keep` refuses — an erasure — and takes those chats out
   * of the index, every other record's place moved with it as the new journal takes the old one's
   * place. New records of those phones wait meanwhile (appends are held, then written after the
   * kept ones). `beforeCommit` runs once every new journal is written and before any replaces
   * its old one: a step that must not be lost to a crash (removing files only the dropped
   * records named) goes there, so that an erasure run again still finds what it needs.
   * Returns how many records went.
   */
  async rewriteJournals(
    phones: string[],
    erased: { chats: ReadonlySet<string>; customers: ReadonlySet<string> },
    keep: (phone: string, record: JournalRecord) => boolean,
    beforeCommit?: () => Promise<void>,
    options?: RewriteOptions,
  ): Promise<number> {
    const rewrites: { phone: string; rewrite: JournalRewrite }[] = [];
    try {
      for (const phone of phones) {
        const rewrite = await this.deps.journal.rewrite(phone, (record) => keep(phone, record), options);
        if (rewrite) rewrites.push({ phone, rewrite });
      }
      await beforeCommit?.();
      for (const { phone, rewrite } of rewrites) {
        await rewrite.commit(() => this.index.erase(phone, erased.chats, erased.customers, (offset) => rewrite.moved(offset)));
        // The phone's checkpoint went with the old journal: one of the new is due.
        this.policy.counted(phone, 1);
      }
    } catch (err) {
      for (const { rewrite } of rewrites) await rewrite.abandon();
      throw err;
    }
    return rewrites.reduce((sum, r) => sum + r.rewrite.dropped, 0);
  }

  /** The last `limit` messages of a chat, reading those no longer in memory from the journal. */
  history(chat: Chat, limit: number): Promise<StoredMessage[]> {
    return this.reads.history(chat, limit);
  }

  /** The visible chats whose journaled messages mention `text` (`ChatReads.chatsMentioning`: one search per person, bounded in time). */
  chatsMentioning(text: string, searcher: string, visible: (chat: Chat) => boolean): Promise<SearchResult> {
    return this.reads.chatsMentioning(text, searcher, visible);
  }

  /** The chat a message of `phone` is in, however old (`ChatLedger.locate`). */
  locate(phone: string, id: string): Promise<Chat | undefined> {
    return this.ledger.locate(phone, id);
  }

  /** The chats holding a message with this id, on any number (each number's ids are its own). */
  async chatsOfMessage(id: string): Promise<Chat[]> {
    const found = await Promise.all(this.index.phones().map((phone) => this.ledger.locate(phone, id)));
    return found.filter((chat) => chat !== undefined);
  }

  /** One message by id, whichever chat it is in (for WhatsApp's retry requests: `messageToResend`). */
  message(phone: string, id: string): Promise<StoredMessage | undefined> {
    return this.reads.message(phone, id);
  }

  /** Messages of `chat` by id, among `ids` (`ChatReads.inChat`: what a page's replies and reactions quote). */
  messagesInChat(chat: Chat, ids: Iterable<string>): Promise<Map<string, StoredMessage>> {
    return this.reads.inChat(chat, ids);
  }

  /** One of our messages for WhatsApp to encrypt again, only for the very person it went to (`ChatReads.messageToResend`). */
  messageToResend(phone: string, id: string, askedBy: readonly string[]): Promise<StoredMessage | undefined> {
    return this.reads.messageToResend(phone, id, askedBy);
  }

  /** An agent's file into the media store, for a send to name (`acceptUpload`), within what the media quota leaves (`room`). */
  upload(source: AsyncIterable<Uint8Array>, room: number | null = null): Promise<UploadedFile> {
    return acceptUpload(this.mediaStore(), source, room);
  }

  /** How an uploaded file goes out (photo, voice note, document…), checked against WhatsApp's limits (`outgoingMedia`). */
  outgoingMedia(file: OutgoingFile): Promise<MediaContent> {
    return outgoingMedia(this.mediaStore(), file);
  }

  private mediaStore(): MediaStore {
    if (!this.deps.media) throw new GuruError('internal', t`this engine keeps no media files — files are sent through the daemon (\`guru daemon start\`)`);
    return this.deps.media;
  }

  /** A customer's message, durable when this resolves; opens or reopens chats by the rodízio (`ChatIngest.receive`). */
  /** A number's aliases known, sends pending and sends failed (`ChatIndex.linkFigures`). */
  linkFigures(phone: string): { aliases: number; pending: number; failed: number } {
    return this.ledger.index.linkFigures(phone);
  }

  receive(message: InboundMessage): Promise<ReceiveResult> {
    return this.ingest.receive(message);
  }

  /** Many messages at once (a history batch), sharing journal writes (`ChatIngest.receiveAll`). */
  receiveAll(messages: readonly InboundMessage[]): Promise<void> {
    return this.ingest.receiveAll(messages);
  }

  /** WhatsApp told us a LID's phone number: one person, one chat (merging any LID chat). */
  alias(phone: string, lidJid: string, phoneJid: string): Promise<void> {
    return this.ingest.alias(phone, lidJid, phoneJid);
  }

  /** A delivery receipt for one of our messages; unknown ids (sent from the phone itself) are ignored. */
  receipt(receipt: Receipt): Promise<void> {
    return this.ingest.receipt(receipt);
  }

  /** A conversation a colleague starts with `customer` on `phone`, or the one that exists (`ChatStarts.start`). */
  start(phone: string, customer: string, starter: { userId: string }, mayUse: (chat: Chat) => void): Promise<StartResult> {
    return this.starts.start(phone, customer, starter, mayUse);
  }

  /** Sends our message; a retry with the same `key` is answered with the message sent once (`ChatSends.send`). */
  send(chat: Chat, authorId: string, content: MessageContent, key?: string): Promise<SendResult> {
    return this.sends.send(chat, authorId, content, key);
  }

  /**
   * An internal note in `chat` (`guru chat note`): journaled, then a line of the chat's history
   * for whoever sees it — never sent; `mentions` (user ids) are told (`mention` events).
   */
  async note(chat: Chat, authorId: string, text: string, mentions: string[]): Promise<StoredMessage> {
    const record: Extract<JournalRecord, { type: 'note' }> = {
      type: 'note',
      id: newId('note'),
      chatId: chat.id,
      text,
      authorId,
      mentions,
      time: this.ledger.now(),
    };
    const [offset] = await this.ledger.commit(chat.phone, [record]);
    return storedMessage(record, offset!);
  }

  /** Journals a message to send at `at` (`ChatScheduler.schedule`); `content` as typed, signed when it goes. */
  schedule(chat: Chat, authorId: string, content: MessageContent, at: Date): Promise<ScheduledSend> {
    return this.scheduler.schedule(chat, authorId, content, at);
  }

  /** Takes a scheduled message back; false when it had already gone (`ChatScheduler.cancel`). */
  unschedule(scheduled: ScheduledSend, by: string): Promise<boolean> {
    return this.scheduler.cancel(scheduled, by);
  }

  /** Sends a failed message of ours again, under its own id (`ChatSends.retry`). */
  retry(chat: Chat, id: string): Promise<StoredMessage> {
    return this.sends.retry(chat, id);
  }

  /** `phone`'s menu bot was set anew: the conversations it holds time out by its new timeout. */
  botChanged(phone: string, bot: MenuBot): void {
    this.bot.changed(phone, bot);
  }

  /** The chats of `phone` still with its menu bot go to the normal rodízio now (the bot was switched off). */
  releaseBot(phone: string): void {
    this.bot.release(phone);
  }

  /** Waiting chats of `phone` to whoever can take them now (`ChatIngest.handOutWaiting`). */
  handOutWaiting(...args: Parameters<ChatRouting['handOutWaiting']>): ReturnType<ChatRouting['handOutWaiting']> {
    return this.routing.handOutWaiting(...args);
  }

  /** A chat whose assignee is gone, to the rodízio again or to nobody (`ChatIngest.handOver`). */
  handOver(...args: Parameters<ChatRouting['handOver']>): ReturnType<ChatRouting['handOver']> {
    return this.routing.handOver(...args);
  }

  /** Told of each live media message as soon as it is journaled (the media fetcher listens). */
  get mediaListeners(): ((waiting: PendingMedia) => void)[] {
    return this.ledger.mediaListeners;
  }

  /** The journal records at these offsets of a phone's journal (a message's media source, for one). */
  records(phone: string, offsets: readonly number[]): Promise<JournalRecord[]> {
    return this.deps.journal.read(phone, offsets);
  }

  /** Journals what became of a message's file (a `media` record). */
  async recordMedia(phone: string, record: Extract<JournalRecord, { type: 'media' }>): Promise<void> {
    await this.ledger.commit(phone, [record]);
  }

  /** Writes chat records (assign, close, reopen, read) through the journal. */
  async record(chat: Chat, record: JournalRecord): Promise<void> {
    await this.ledger.commit(chat.phone, [record]);
  }

  /**
   * A chat as people see it: with where its files stand and the customer's contact (the name the
   * team set, the fields). Every summary goes through here, so none shows WhatsApp's name where
   * the team set another.
   */
  view(state: State, chat: Chat): ChatView {
    return chatView(state, chat, this.index.mediaOf(chat.phone), this.deps.contacts?.get(chat.customer));
  }

  /** `view` with these messages (its latest ones: `history`). */
  detailView(state: State, chat: Chat, messages: readonly StoredMessage[]): ChatDetailView {
    return chatDetailView(state, chat, messages, this.index.mediaOf(chat.phone), this.deps.contacts?.get(chat.customer));
  }

  /**
   * Tells watchers these chats' summaries anew (a `chat` event each) after a change made outside
   * the journal that shows in them — a tag renamed or recoloured in the state.
   */
  async announce(chats: readonly Chat[]): Promise<void> {
    if (chats.length === 0) return;
    const state = await this.deps.state.read();
    for (const chat of chats) this.deps.publish({ type: 'chat', chat: this.view(state, chat) });
  }

  /** Stops the quiet-time checkpoint timer (the daemon checkpoints itself when it stops). */
  stop(): void {
    this.policy.stop();
    this.outbox.stop();
    this.scheduler.stop();
    this.openings.stop();
    this.bot.stop();
  }

  /** The engine's time for what it records (`ChatLedger.now`): never before what it recorded last. */
  now(): string {
    return this.ledger.now();
  }
}
