import { randomBytes } from 'node:crypto';
import type { Presence } from '../context.js';
import { GuruError, invalid } from '../errors.js';
import type { EngineEvent } from '../events.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { State } from '../model.js';
import { eligibility } from '../ops/round-robin.js';
import type { Clock, StateRepository } from '../ports.js';
import { decide, type Decision } from '../round-robin.js';
import { ChatIndex } from './chat-index.js';
import { chatIdFor, customerJid, normalizeCustomer } from './customer.js';
import type { Chat, InboundMessage, JournalRecord, Receipt } from './model.js';
import type { ChatJournal, MessageSender } from './ports.js';
import { chatView, messageView } from './views.js';

export interface ChatServiceDeps {
  state: StateRepository;
  journal: ChatJournal;
  sender: MessageSender;
  presence: Presence;
  clock: Clock;
  publish: (event: EngineEvent) => void;
}

export interface ReceiveResult {
  chatId: string;
  /** True when this message id was already stored (a redelivery): nothing was written. */
  duplicate: boolean;
}

export const MAX_TEXT_LENGTH = 65_536;

/**
 * Conversations: turns inbound messages into chats handed out by the rodízio, records every
 * chat action in the journal first and memory second, and announces each change.
 */
export class ChatService {
  readonly index = new ChatIndex();
  private readonly perCustomer = new KeyedQueue();

  constructor(private readonly deps: ChatServiceDeps) {}

  /** Rebuilds the index from the journal; outgoing messages left pending by a crash become failed. */
  async load(): Promise<void> {
    const pending: { phone: string; chatId: string; id: string }[] = [];
    await this.deps.journal.replay((phone, record) => {
      this.index.apply(phone, record);
    });
    for (const chat of this.index.all()) {
      for (const m of chat.messages) if (m.status === 'pending') pending.push({ phone: chat.phone, chatId: chat.id, id: m.id });
    }
    for (const p of pending) {
      await this.commit(p.phone, [
        { type: 'message.status', id: p.id, chatId: p.chatId, status: 'failed', time: this.now(), reason: 'the daemon stopped before WhatsApp confirmed it' },
      ]);
    }
  }

  /**
   * A customer's message. Resolves once it is durable — only then may the transport acknowledge
   * it. The same id twice is stored once; a first message opens a chat and runs the rodízio, a
   * message on a closed chat reopens it and runs it again.
   */
  async receive(message: InboundMessage): Promise<ReceiveResult> {
    const state = await this.deps.state.read();
    if (!state.phones.some((p) => p.number === message.phone)) throw invalid(`phone ${message.phone} is not registered`);
    if (typeof message.id !== 'string' || message.id === '') throw invalid('a message needs an id');
    const customer = this.index.resolve(message.phone, normalizeCustomer(message.fromPhone ?? message.from));
    return this.perCustomer.run(`${message.phone}|${customer}`, async () => {
      const known = this.index.chatOfMessage(message.phone, message.id);
      if (known) return { chatId: known.id, duplicate: true };
      const chat = this.index.forCustomer(message.phone, customer);
      const chatId = chat?.id ?? chatIdFor(message.phone, customer);
      const records: JournalRecord[] = [];
      const name = message.pushName?.trim() || null;
      if (!chat || (chat.status === 'closed' && !message.history)) {
        const cause = message.history ? 'history' : chat ? 'reopen' : 'new';
        const decision = cause === 'history' ? null : await this.runRoundRobin(message.phone);
        records.push({
          type: 'chat.opened',
          chatId,
          customer,
          name: name ?? chat?.name ?? null,
          time: this.now(),
          assignee: decision?.target ?? null,
          trail: decision?.trail ?? [],
          cause,
        });
      } else if (name && name !== chat.name) {
        records.push({ type: 'chat.renamed', chatId, name, time: this.now() });
      }
      records.push({
        type: 'message',
        id: message.id,
        chatId,
        direction: 'in',
        text: String(message.text ?? ''),
        time: message.time,
        ...(message.history ? { history: true } : {}),
      });
      await this.commit(message.phone, records);
      return { chatId, duplicate: false };
    });
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
   * Journals an outgoing message as pending, hands it to WhatsApp, then records the outcome.
   * Callers have checked permission and visibility; `text` already carries the signature.
   */
  async send(chat: Chat, authorId: string, text: string): Promise<string> {
    if (text.trim() === '') throw invalid('nothing to send: the message is empty');
    if (text.length > MAX_TEXT_LENGTH) throw invalid(`message too long (${text.length} characters; WhatsApp takes at most ${MAX_TEXT_LENGTH})`);
    const id = `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
    await this.commit(chat.phone, [
      { type: 'message', id, chatId: chat.id, direction: 'out', text, time: this.now(), authorId, status: 'pending' },
    ]);
    try {
      await this.deps.sender.send(chat.phone, customerJid(chat.customer), text, id);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.commit(chat.phone, [{ type: 'message.status', id, chatId: chat.id, status: 'failed', time: this.now(), reason }]);
      throw new GuruError(err instanceof GuruError ? err.code : 'internal', `the message was not sent: ${reason}`);
    }
    await this.commit(chat.phone, [{ type: 'message.status', id, chatId: chat.id, status: 'sent', time: this.now() }]);
    return id;
  }

  /** Writes chat records (assign, close, reopen, read) through the journal. */
  record(chat: Chat, record: JournalRecord): Promise<void> {
    return this.commit(chat.phone, [record]);
  }

  /** Journal first, memory second, then the announcement: nothing is shown that could be lost. */
  private async commit(phone: string, records: JournalRecord[]): Promise<void> {
    await this.deps.journal.append(phone, records);
    const state = await this.deps.state.read();
    const touched = new Map<string, Chat>();
    const movedFrom = new Map<string, Chat['assignee']>();
    for (const record of records) {
      if (record.type === 'chat.assigned' || record.type === 'chat.opened') {
        const before = this.index.get(record.chatId);
        if (before && !movedFrom.has(before.id)) movedFrom.set(before.id, before.assignee);
      }
      const chat = this.index.apply(phone, record);
      if (!chat) continue;
      touched.set(chat.id, chat);
      if (record.type === 'message') this.deps.publish({ type: 'message', chatId: chat.id, message: messageView(state, chat.messages.at(-1)!) });
      if (record.type === 'message.status') this.deps.publish({ type: 'message.status', chatId: chat.id, id: record.id, status: record.status });
    }
    for (const chat of touched.values()) {
      const previous = movedFrom.get(chat.id);
      const moved = movedFrom.has(chat.id) && !sameTarget(previous ?? null, chat.assignee);
      this.deps.publish({ type: 'chat', chat: chatView(state, chat), ...(moved ? { movedFrom: previous ?? null } : {}) });
    }
  }

  /** One rodízio decision, with the cursor moved and saved in the same serialised state update. */
  private runRoundRobin(phone: string): Promise<Decision> {
    return this.deps.state.update((draft: State) => {
      const queue = draft.roundRobins.find((q) => q.phone === phone);
      if (!queue || queue.entries.length === 0) return { picked: null, target: null, trail: [] };
      const decision = decide(queue, eligibility(draft, this.deps.presence.onlineUserIds()));
      if (decision.picked !== null) queue.cursor = decision.picked;
      return decision;
    });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}

function sameTarget(a: Chat['assignee'], b: Chat['assignee']): boolean {
  if (a === null || b === null) return a === b;
  return a.type === 'user' ? b.type === 'user' && a.userId === b.userId : b.type === 'department' && a.departmentId === b.departmentId;
}
