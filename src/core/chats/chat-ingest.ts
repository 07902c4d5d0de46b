import { invalid } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { ChatBot } from './chat-bot.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { ChatOutbox } from './chat-outbox.js';
import { closedNow, type Absent, type ChatRouting, type RoundRobinTurn } from './chat-routing.js';
import { automaticMessage } from './chat-sends.js';
import { contentFields, isAnnotation, isMedia, looksLikeContent } from './content.js';
import { chatIdFor, normalizeCustomer } from './customer.js';
import type { Chat, InboundMessage, JournalRecord, Receipt } from './model.js';
import { t } from '../../i18n/translate.js';

/** What receiving a message did, and whose absence to act on once the customer's queue lets go. */
interface Received {
  result: ReceiveResult;
  absent?: Absent;
}

export interface ReceiveResult {
  /** Null when nothing was stored: a reaction, edit or deletion for a customer with no chat. */
  chatId: string | null;
  /** True when this message id was already stored (a redelivery): nothing was written. */
  duplicate: boolean;
}

/** What WhatsApp brings in: customers' messages (opening chats by the rodízio), aliases and receipts. */
export class ChatIngest {
  /** The number's menu bot, where it has one: it greets new conversations and reads their answers. */
  private bot: ChatBot | null = null;

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'state' | 'presence' | 'audit' | 'warn'>,
    private readonly ledger: ChatLedger,
    /** Shared with conversations started here (`ChatStarts`): one customer's chat is decided one step at a time. */
    private readonly perCustomer = new KeyedQueue(),
    /** Who gets the chats it opens (the rodízio, hand-overs): shares `perCustomer`. */
    private readonly routing: ChatRouting,
    /** Where automatic replies go out (the out-of-hours reply); without it, none is sent. */
    private readonly outbox: ChatOutbox | null = null,
  ) {}

  /** Set once, by the service that builds both (the bot routes through this ingest). */
  attachBot(bot: ChatBot): void {
    this.bot = bot;
  }

  /**
   * A customer's message. Resolves once it is durable — only then may the transport acknowledge
   * it. The same id twice is stored once; a first message opens a chat and runs the rodízio, a
   * message on a closed chat reopens it and runs it again. A message the business wrote on the
   * phone (`fromMe`) is stored as outgoing: it opens an unassigned chat if there is none (no
   * rodízio: nobody is waiting for an answer) and reopens nothing. Our own sends, echoed back by
   * WhatsApp, are already journaled under their id: duplicates. A reaction, edit or deletion
   * joins the customer's chat as it is: it opens, reopens and hands out nothing. A customer
   * writing into an open chat whose agent is absent, on a number that says so, sees the chat
   * handed out again once the message is stored (`reassignIfAbsent`).
   */
  receive(message: InboundMessage): Promise<ReceiveResult> {
    return this.receiveOne(message, null);
  }

  /** `receive`; `asked`: the chats of the batch's ids already known (none missing from it was journaled). */
  private async receiveOne(message: InboundMessage, asked: ReadonlyMap<string, Chat> | null): Promise<ReceiveResult> {
    const state = await this.deps.state.read();
    if (!state.phones.some((p) => p.number === message.phone)) throw invalid(t`phone ${message.phone} is not registered`);
    if (typeof message.id !== 'string' || message.id === '') throw invalid(t`a message needs an id`);
    if (!looksLikeContent(message.content)) throw invalid(t`message ${message.id} has no content this version knows`);
    const annotation = isAnnotation(message.content);
    const phone = state.phones.find((p) => p.number === message.phone)!;
    const customer = this.ledger.index.resolve(message.phone, normalizeCustomer(message.fromPhone ?? message.from));
    const { result, absent } = await this.perCustomer.run(`${message.phone}|${customer}`, async (): Promise<Received> => {
      // The index knows the latest messages; an older redelivery may need the journal asked.
      const known =
        this.ledger.index.chatOfMessage(message.phone, message.id) ??
        (asked ? this.current(asked.get(message.id)) : await this.ledger.locate(message.phone, message.id));
      if (known) return { result: { chatId: known.id, duplicate: true } };
      const chat = this.ledger.index.forCustomer(message.phone, customer);
      const chatId = chat?.id ?? chatIdFor(message.phone, customer);
      const wasOpen = chat?.status === 'open';
      const records: JournalRecord[] = [];
      const fromMe = message.fromMe === true;
      const now = this.ledger.now();
      // On our own messages the push name is ours, not the customer's.
      const name = fromMe ? null : message.pushName?.trim() || null;
      let decision: RoundRobinTurn | null = null;
      let greeting: ReturnType<ChatBot['greet']> | null = null;
      if (annotation && !chat) return { result: { chatId: null, duplicate: false } }; // about a message we never had
      // A customer writing now (not history, not our own, not a reaction): what opening hours are about.
      const live = !message.history && !fromMe && !annotation;
      const closed = live ? closedNow(phone, state.account, now) : null;
      if (!chat || (chat.status === 'closed' && live)) {
        const cause = message.history ? 'history' : fromMe ? 'phone' : chat ? 'reopen' : 'new';
        const routed = cause === 'new' || cause === 'reopen';
        // Out of hours the rodízio does not run: the chat waits for opening time, unassigned. Then
        // the number's menu bot takes the conversation first: no rodízio until it knows where to.
        const held = !routed ? undefined : closed ? ('hours' as const) : phone.bot && this.bot ? ('bot' as const) : undefined;
        if (held === 'bot') greeting = this.bot!.greet(message.phone, chatId, phone.bot!);
        decision = routed && !held ? await this.routing.runRoundRobin(message.phone) : null;
        records.push({
          type: 'chat.opened',
          chatId,
          customer,
          name: name ?? chat?.name ?? null,
          time: now,
          assignee: decision?.target ?? null,
          trail: decision?.trail ?? [],
          cause,
          ...(held === 'hours' ? { held, ...(closed!.opensAt ? { opensAt: closed!.opensAt.toISOString() } : {}) } : {}),
          ...(held === 'bot' ? { held } : {}),
          // Out of hours, or the rodízio found nobody: it waits. A number without a rodízio is
          // worked by hand: its chats are nobody's, and adding entries later hands none of them out.
          ...(held === 'hours' || (routed && !held && !decision?.target && (decision?.trail.length ?? 0) > 0) ? { waiting: true as const } : {}),
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
        ...(message.mediaSource !== undefined && isMedia(message.content) ? { mediaSource: message.mediaSource } : {}),
      });
      // An answer to the bot's menu: journaled with what the bot made of it (and where the chat went).
      if (chat?.bot && chat.status === 'open' && live && this.bot) {
        await this.bot.answer(chat, phone.bot, message.content, records);
        return { result: { chatId, duplicate: false } };
      }
      if (greeting) records.push(...greeting.records);
      // Out of hours, the automatic reply, once per closed period: committed with the message
      // that asked for it (in this customer's queue, so two messages at once get one reply).
      const reply = closed && phone.hours?.reply && this.mayReply(message.phone) ? phone.hours.reply : null;
      const since = closed?.since ? closed.since.toISOString() : null;
      const replied = chat?.autoReplyAt !== undefined && (since === null || chat.autoReplyAt >= since);
      const auto = reply && !replied ? automaticMessage(chatId, reply, 'hours', this.ledger.now()) : null;
      if (auto) records.push(auto);
      try {
        await this.ledger.commit(message.phone, records);
      } catch (err) {
        if (decision) await this.routing.giveTurnBack(message.phone, decision);
        throw err;
      } finally {
        this.routing.settled(message.phone, decision);
      }
      if (auto) void this.outbox?.queued(message.phone, auto.id);
      greeting?.sent();
      // Out of hours nobody is handed anything: the agent keeps the chat until opening time.
      const absentAgent = live && wasOpen && chat && !closed ? await this.routing.absentAgent(chat) : null;
      return { result: { chatId, duplicate: false }, ...(absentAgent ? { absent: absentAgent } : {}) };
    });
    // After the customer's queue let go: the hand-over takes the same key.
    if (absent && result.chatId) await this.routing.reassignIfAbsent(result.chatId, absent);
    return result;
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
        key = `${message.phone}|${this.ledger.index.resolve(message.phone, normalizeCustomer(message.fromPhone ?? message.from))}`;
      } catch {
        key = `#${i}`; // not a customer id: receive() says so, for this message alone
      }
      const group = byCustomer.get(key);
      if (group) group.push(message);
      else byCustomer.set(key, [message]);
    });
    // Which of them were journaled already: one question per number for the batch, not one each.
    const asked = new Map<string, Map<string, Chat>>();
    for (const phone of new Set(messages.map((m) => m.phone))) {
      const ids = messages.filter((m) => m.phone === phone && typeof m.id === 'string').map((m) => m.id);
      asked.set(phone, await this.ledger.locateAll(phone, ids));
    }
    await Promise.all(
      [...byCustomer.values()].map(async (group) => {
        for (const message of group) await this.receiveOne(message, asked.get(message.phone) ?? null);
      }),
    );
  }

  /** A chat found before this customer's turn came: the chat it was joined into since, if it was. */
  private current(chat: Chat | undefined): Chat | undefined {
    return chat && (this.ledger.index.chatByJournalId(chat.id) ?? chat);
  }

  /** WhatsApp told us a LID's phone number: one person, one chat (merging any LID chat). */
  async alias(phone: string, lidJid: string, phoneJid: string): Promise<void> {
    const alias = normalizeCustomer(lidJid);
    const customer = normalizeCustomer(phoneJid);
    if (!alias.startsWith('lid:') || customer.startsWith('lid:') || this.ledger.index.resolve(phone, alias) === customer) return;
    // Both keys: nothing for this person may be decided while their chats are joined.
    await this.perCustomer.run(`${phone}|${alias}`, () =>
      this.perCustomer.run(`${phone}|${customer}`, () => this.ledger.commit(phone, [{ type: 'customer.alias', alias, customer, time: this.ledger.now() }])),
    );
  }

  /** A delivery receipt for one of our messages; unknown ids (sent from the phone itself) are ignored. */
  async receipt(receipt: Receipt): Promise<void> {
    const chat = await this.ledger.locate(receipt.phone, receipt.id);
    if (!chat) return;
    await this.ledger.commit(receipt.phone, [{ type: 'message.status', id: receipt.id, chatId: chat.id, status: receipt.status, time: receipt.time }]);
  }

  /** Whether an automatic reply can go out on `phone` now or later (not while it is logged out or unlinked). */
  private mayReply(phone: string): boolean {
    if (!this.outbox) return false;
    try {
      this.outbox.admit(phone);
      return true;
    } catch {
      return false;
    }
  }
}
