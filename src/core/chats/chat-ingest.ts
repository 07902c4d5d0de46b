import { invalid } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { Account, Phone, RoundRobinTarget, State } from '../model.js';
import { hoursZone, openingState, type OpeningState } from '../opening-hours.js';
import { decide, eligibility, sameTarget, userAvailability, type Decision, type RoutingFacts } from '../round-robin.js';
import { assigneeRef, ROUTING_ACTOR } from '../routing-audit.js';
import { departmentInQueue } from '../bot/menu-bot.js';
import type { ChatBot, HandOverHow, Router } from './chat-bot.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { ChatOutbox } from './chat-outbox.js';
import { automaticMessage } from './chat-sends.js';
import { contentFields, isAnnotation, isMedia, looksLikeContent } from './content.js';
import { chatIdFor, normalizeCustomer } from './customer.js';
import type { Chat, InboundMessage, JournalRecord, Receipt } from './model.js';
import { t } from '../../i18n/translate.js';

/** An absent agent holding a chat a customer just wrote into, and how absent. */
interface Absent {
  target: RoundRobinTarget;
  email: string;
  availability: 'offline' | 'busy' | 'away';
}

/** What receiving a message did, and whose absence to act on once the customer's queue lets go. */
interface Received {
  result: ReceiveResult;
  absent?: Absent;
}

/** A rodízio decision and where the cursor stood before it (to give the turn back). */
type RoundRobinTurn = Decision & { cursorBefore: number };

export interface ReceiveResult {
  /** Null when nothing was stored: a reaction, edit or deletion for a customer with no chat. */
  chatId: string | null;
  /** True when this message id was already stored (a redelivery): nothing was written. */
  duplicate: boolean;
}

/** What WhatsApp brings in: customers' messages (opening chats by the rodízio), aliases and receipts. */
export class ChatIngest implements Router {
  /** The number's menu bot, where it has one: it greets new conversations and reads their answers. */
  private bot: ChatBot | null = null;

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'state' | 'presence' | 'audit' | 'warn'>,
    private readonly ledger: ChatLedger,
    /** Shared with conversations started here (`ChatStarts`): one customer's chat is decided one step at a time. */
    private readonly perCustomer = new KeyedQueue(),
    /** Where automatic replies go out (the out-of-hours reply); without it, none is sent. */
    private readonly outbox: ChatOutbox | null = null,
  ) {}

  /** Set once, by the service that builds both (the bot routes through this ingest). */
  attachBot(bot: ChatBot): void {
    this.bot = bot;
  }

  /** Backlog passes, one phone at a time. */
  private readonly perPhone = new KeyedQueue();

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
  async receive(message: InboundMessage): Promise<ReceiveResult> {
    const state = await this.deps.state.read();
    if (!state.phones.some((p) => p.number === message.phone)) throw invalid(t`phone ${message.phone} is not registered`);
    if (typeof message.id !== 'string' || message.id === '') throw invalid(t`a message needs an id`);
    if (!looksLikeContent(message.content)) throw invalid(t`message ${message.id} has no content this version knows`);
    const annotation = isAnnotation(message.content);
    const phone = state.phones.find((p) => p.number === message.phone)!;
    const customer = this.ledger.index.resolve(message.phone, normalizeCustomer(message.fromPhone ?? message.from));
    const { result, absent } = await this.perCustomer.run(`${message.phone}|${customer}`, async (): Promise<Received> => {
      const known = this.ledger.index.chatOfMessage(message.phone, message.id);
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
        decision = routed && !held ? await this.runRoundRobin(message.phone) : null;
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
          ...(routed && held !== 'bot' && !decision?.target ? { waiting: true as const } : {}),
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
        if (decision) await this.giveTurnBack(message.phone, decision);
        throw err;
      }
      if (auto) void this.outbox?.queued(message.phone, auto.id);
      greeting?.sent();
      // Out of hours nobody is handed anything: the agent keeps the chat until opening time.
      const absentAgent = live && wasOpen && chat && !closed ? await this.absentAgent(chat) : null;
      return { result: { chatId, duplicate: false }, ...(absentAgent ? { absent: absentAgent } : {}) };
    });
    // After the customer's queue let go: the hand-over takes the same key.
    if (absent && result.chatId) await this.reassignIfAbsent(result.chatId, absent);
    return result;
  }

  /**
   * The user holding `chat`, when they are absent (offline, busy or away) on a number that hands
   * such chats out again (`Phone.reassignWhenAbsent`); null otherwise — the agent keeps it.
   */
  private async absentAgent(chat: Chat): Promise<Absent | null> {
    const assignee = chat.assignee;
    if (assignee?.type !== 'user') return null;
    const state = await this.deps.state.read();
    if (state.phones.find((p) => p.number === chat.phone)?.reassignWhenAbsent !== true) return null;
    const user = state.users.find((u) => u.id === assignee.userId);
    if (!user) return null; // a removed user's chats are handed over by the removal
    const availability = userAvailability(user, this.deps.presence.onlineUserIds());
    return availability === 'online' ? null : { target: assignee, email: user.email, availability };
  }

  /**
   * Hands a chat whose agent is absent to the rodízio's next pick among those who can answer now
   * (every entry skipping offline, busy and away targets for this turn), journaled with reason
   * `absent` and audited as `chat.reassign` by the rodízio. Nobody available: the agent keeps it.
   * Left alone if it closed or changed hands meanwhile. The message is stored already: a failure
   * here is reported, not thrown.
   */
  private async reassignIfAbsent(chatId: string, absent: Absent): Promise<void> {
    const cause = `${absent.email} is ${absent.availability}`;
    try {
      const done = await this.handOver(chatId, (c) => c.status === 'open' && sameTarget(c.assignee, absent.target), {
        unassign: false,
        reason: 'absent',
        by: ROUTING_ACTOR,
        cause,
      });
      if (!done) return;
      const state = await this.deps.state.read();
      await this.deps.audit?.append([
        {
          time: this.ledger.now(),
          actor: ROUTING_ACTOR,
          action: 'chat.reassign',
          target: chatId,
          details: {
            customer: done.chat.customer,
            from: assigneeRef(state, absent.target),
            to: done.to ? assigneeRef(state, done.to) : null,
            reason: 'absent',
            cause,
          },
        },
      ]);
    } catch (err) {
      this.deps.warn?.('a chat whose agent is absent could not be handed out again', { err, chatId, cause });
    }
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
    if (!alias.startsWith('lid:') || customer.startsWith('lid:') || this.ledger.index.resolve(phone, alias) === customer) return;
    // Both keys: nothing for this person may be decided while their chats are joined.
    await this.perCustomer.run(`${phone}|${alias}`, () =>
      this.perCustomer.run(`${phone}|${customer}`, () => this.ledger.commit(phone, [{ type: 'customer.alias', alias, customer, time: this.ledger.now() }])),
    );
  }

  /** A delivery receipt for one of our messages; unknown ids (sent from the phone itself) are ignored. */
  async receipt(receipt: Receipt): Promise<void> {
    const chat = this.ledger.index.chatOfMessage(receipt.phone, receipt.id);
    if (!chat) return;
    await this.ledger.commit(receipt.phone, [{ type: 'message.status', id: receipt.id, chatId: chat.id, status: receipt.status, time: receipt.time }]);
  }

  /**
   * A chat whose assignee is gone (removed, disabled, a department removed) goes to the rodízio
   * again — the very turn a new chat would take — or, with `unassign`, to nobody. In the
   * customer's queue, so it cannot interleave with their message reopening the chat; `stillHeld`
   * is asked there, and a chat that closed or changed hands meanwhile is left alone (null).
   */
  async handOver(
    chatId: string,
    stillHeld: (chat: Chat) => boolean,
    how: HandOverHow,
  ): Promise<{ chat: Chat; from: RoundRobinTarget | null; to: RoundRobinTarget | null } | null> {
    const first = this.ledger.index.get(chatId);
    if (!first) return null;
    return this.inQueue(first, async () => {
      const chat = this.ledger.index.get(chatId);
      if (!chat || !stillHeld(chat)) return null;
      return this.routeNow(chat, [], how);
    });
  }

  /** Runs `work` in the queue of `chat`'s customer: nothing else is decided for them meanwhile. */
  inQueue<T>(chat: Pick<Chat, 'phone' | 'customer'>, work: () => Promise<T>): Promise<T> {
    return this.perCustomer.run(`${chat.phone}|${chat.customer}`, work);
  }

  /**
   * `handOver`'s step, for a caller already in the customer's queue: the rodízio (or nobody)
   * decides, and the assignment is journaled after `before` in the same write. Null when a
   * backlog or absent-agent hand-out found nobody (nothing is written). A bot's choice of a
   * department with no entry in the rodízio goes to the department itself; out of hours, the
   * bot's hand-outs wait for opening time (its choice is in the chat's routing records).
   */
  async routeNow(
    chat: Chat,
    before: JournalRecord[],
    how: HandOverHow,
  ): Promise<{ chat: Chat; from: RoundRobinTarget | null; to: RoundRobinTarget | null } | null> {
    const from = chat.assignee;
    const state = how.reason === 'bot' ? await this.deps.state.read() : null;
    const phone = state?.phones.find((p) => p.number === chat.phone);
    const closed = state && phone ? closedNow(phone, state.account, this.ledger.now()) !== null : false;
    // From an absent agent, only to someone who can answer now: every entry skips absent targets.
    const decision = how.unassign || closed ? null : await this.runRoundRobin(chat.phone, how.onlyDepartment, how.reason === 'absent');
    const assignee = decision?.target ?? null;
    // A backlog hand-out that found nobody changes nothing: the chat keeps waiting as it was.
    // Nor does one from an absent agent: better theirs than nobody's (or bounced between absentees).
    if ((how.reason === 'backlog' || how.reason === 'absent') && !assignee) return null;
    const record: JournalRecord = {
      type: 'chat.assigned',
      chatId: chat.id,
      assignee,
      by: how.by,
      time: this.ledger.now(),
      handover: how.reason,
      trail: decision?.trail ?? [],
      ...(!how.unassign && !assignee ? { waiting: true as const } : {}),
      ...(how.cause !== undefined ? { cause: how.cause } : {}),
    };
    try {
      await this.ledger.commit(chat.phone, [...before, record]);
    } catch (err) {
      if (decision) await this.giveTurnBack(chat.phone, decision);
      throw err;
    }
    return { chat, from, to: assignee };
  }

  /**
   * Chats waiting on `phone` go to the rodízio again, oldest first, now that someone may take
   * them (`cause` says why now, for the journal and the audit). Stops at the first chat nobody
   * takes — the ones after it would find nobody too — except chats a menu bot sent to one
   * department, which only that department's entries take. One pass per phone at a time.
   */
  handOutWaiting(phone: string, cause: string, by: string): Promise<{ chat: Chat; to: RoundRobinTarget }[]> {
    return this.perPhone.run(phone, async () => {
      const moved: { chat: Chat; to: RoundRobinTarget }[] = [];
      // Out of hours nobody takes anything: the chats keep waiting for opening time.
      const state = await this.deps.state.read();
      const number = state.phones.find((p) => p.number === phone);
      if (number && closedNow(number, state.account, this.ledger.now())) return moved;
      const blocked = new Set<string | undefined>();
      for (const chat of this.ledger.index.routing.waitingChats(phone)) {
        const onlyDepartment = botChoice(chat);
        if (blocked.has(onlyDepartment)) continue;
        const done = await this.handOver(chat.id, (c) => c.waitingSince !== undefined && c.status === 'open', {
          unassign: false,
          reason: 'backlog',
          by,
          cause,
          ...(onlyDepartment ? { onlyDepartment } : {}),
        });
        if (done?.to) moved.push({ chat: done.chat, to: done.to });
        else if (!done) blocked.add(onlyDepartment);
      }
      return moved;
    });
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

  /** One rodízio decision, with the cursor moved and saved in the same serialised state update. */
  private runRoundRobin(phone: string, onlyDepartment?: string, availableOnly = false): Promise<RoundRobinTurn> {
    return this.deps.state.update((draft: State) => {
      const queue = draft.roundRobins.find((q) => q.phone === phone);
      if ((!queue || queue.entries.length === 0) && onlyDepartment === undefined) return { picked: null, target: null, trail: [], cursorBefore: -1 };
      if (!queue) return { picked: null, target: { type: 'department', departmentId: onlyDepartment! }, trail: [], cursorBefore: -1 };
      const cursorBefore = queue.cursor;
      // A bot's choice with nobody of that department in the rodízio: the department itself takes it.
      if (onlyDepartment !== undefined && !departmentInQueue(draft, queue, onlyDepartment)) {
        return { picked: null, target: { type: 'department', departmentId: onlyDepartment }, trail: [], cursorBefore };
      }
      const facts: RoutingFacts = {
        online: this.deps.presence.onlineUserIds(),
        openChats: this.ledger.index.routing.load(phone),
        ...(onlyDepartment !== undefined ? { onlyDepartment } : {}),
      };
      const entries = availableOnly ? queue.entries.map((e) => ({ ...e, skipOffline: true })) : queue.entries;
      const decision = decide({ entries, cursor: queue.cursor }, eligibility(draft, facts));
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
}

/** Where `phone`'s opening hours stand at `now` when it is closed; null when open (or it has no hours). */
export function closedNow(phone: Phone, account: Account | null, now: string): Extract<OpeningState, { open: false }> | null {
  if (!phone.hours) return null;
  const state = openingState(phone.hours, new Date(now), hoursZone(phone.hours, account));
  return state.open ? null : state;
}

/** The department a menu bot sent this chat to, since it last opened; undefined: none. */
export function botChoice(chat: Chat): string | undefined {
  for (let i = (chat.routing?.length ?? 0) - 1; i >= 0; i--) {
    const record = chat.routing![i]!;
    if (record.type === 'chat.opened') return undefined;
    if (record.type === 'bot.step' && record.step === 'matched') return record.departmentId;
  }
  return undefined;
}
