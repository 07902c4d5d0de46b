import { KeyedQueue } from '../keyed-queue.js';
import type { Account, Phone, RoundRobinTarget, State } from '../model.js';
import { hoursZone, openingState, type OpeningState } from '../opening-hours.js';
import { decide, eligibility, sameTarget, userAvailability, withPicks, type Decision, type RoutingFacts } from '../round-robin.js';
import { assigneeRef, ROUTING_ACTOR } from '../routing-audit.js';
import { departmentInQueue } from '../bot/menu-bot.js';
import type { HandOverHow, Router } from './chat-bot.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { Chat, JournalRecord } from './model.js';

/** An absent agent holding a chat a customer just wrote into, and how absent. */
export interface Absent {
  target: RoundRobinTarget;
  email: string;
  availability: 'offline' | 'busy' | 'away';
}

/** A rodízio decision and where the cursor stood before it (to give the turn back). */
export type RoundRobinTurn = Decision & { cursorBefore: number };

/**
 * Who gets a chat, after it opened: the rodízio's decisions (with the cursor saved, and given back
 * when the chat could not be stored), hand-overs of chats whose assignee is gone or absent, the
 * menu bot's hand-outs, and the waiting chats handed out once someone can take them. Each step
 * for a customer runs in their queue (shared with `ChatIngest` and `ChatStarts`).
 */
export class ChatRouting implements Router {
  /** Backlog passes, one phone at a time. */
  private readonly perPhone = new KeyedQueue();
  /** Per phone: picks decided and not yet journaled (see `runRoundRobin`). */
  private readonly unsettled = new Map<string, RoundRobinTarget[]>();

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'state' | 'presence' | 'audit' | 'warn'>,
    private readonly ledger: ChatLedger,
    private readonly perCustomer: KeyedQueue,
  ) {}

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
      // As for a new chat: it waits when the rodízio found nobody, or for opening time.
      ...(!how.unassign && !assignee && (closed || (decision?.trail.length ?? 0) > 0) ? { waiting: true as const } : {}),
      ...(how.cause !== undefined ? { cause: how.cause } : {}),
    };
    try {
      await this.ledger.commit(chat.phone, [...before, record]);
    } catch (err) {
      if (decision) await this.giveTurnBack(chat.phone, decision);
      throw err;
    } finally {
      this.settled(chat.phone, decision);
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
        // Nobody could take it (not: it was closed or taken meanwhile): the ones after it wait too.
        else if (!done && this.ledger.index.get(chat.id)?.waitingSince !== undefined) blocked.add(onlyDepartment);
      }
      return moved;
    });
  }

  /**
   * The user holding `chat`, when they are absent (offline, busy or away) on a number that hands
   * such chats out again (`Phone.reassignWhenAbsent`); null otherwise — the agent keeps it.
   */
  async absentAgent(chat: Chat): Promise<Absent | null> {
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
  async reassignIfAbsent(chatId: string, absent: Absent): Promise<void> {
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
   * One rodízio decision, with the cursor moved and saved in the same serialised state update.
   * Its pick counts as an open chat of the target until the caller calls `settled` (after the
   * chat's journal write, or its failure): two customers decided at once must not both fill the
   * last place of a `--max-open` agent, whose count only grows once a chat is journaled.
   */
  runRoundRobin(phone: string, onlyDepartment?: string, availableOnly = false): Promise<RoundRobinTurn> {
    return this.deps.state.update((draft: State) => {
      // A bot's choice of a department removed since: the normal rodízio decides.
      if (onlyDepartment !== undefined && !draft.departments.some((d) => d.id === onlyDepartment)) onlyDepartment = undefined;
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
        openChats: withPicks(this.ledger.index.routing.load(phone), this.unsettled.get(phone) ?? []),
        ...(onlyDepartment !== undefined ? { onlyDepartment } : {}),
      };
      const entries = availableOnly ? queue.entries.map((e) => ({ ...e, skipOffline: true })) : queue.entries;
      const decision = decide({ entries, cursor: queue.cursor }, eligibility(draft, facts));
      if (decision.picked !== null) queue.cursor = decision.picked;
      if (decision.target) this.unsettled.set(phone, [...(this.unsettled.get(phone) ?? []), decision.target]);
      return { ...decision, cursorBefore };
    });
  }

  /** A decision's chat was journaled (its load is counted now) or could not be: its pick no longer counts apart. */
  settled(phone: string, turn: RoundRobinTurn | null): void {
    if (!turn?.target) return;
    const picks = this.unsettled.get(phone) ?? [];
    const at = picks.indexOf(turn.target);
    if (at >= 0) picks.splice(at, 1);
    if (picks.length === 0) this.unsettled.delete(phone);
  }

  /**
   * The message a rodízio decision was for could not be stored (a full disk): the chat does not
   * exist, so the agent gets the turn back — unless another decision moved the cursor since.
   */
  async giveTurnBack(phone: string, turn: RoundRobinTurn): Promise<void> {
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
