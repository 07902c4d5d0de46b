import { assigneeRef } from '../routing-audit.js';
import { answerStep, greetingMessage, timeoutAt } from '../bot/menu-bot.js';
import type { MenuBot, RoundRobinTarget } from '../model.js';
import { SoonestTimer } from '../ports.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { ChatSends } from './chat-sends.js';
import type { MessageContent } from './content.js';
import type { BotStep, Chat, HandoverReason, JournalRecord } from './model.js';

/** Who the journal and the audit name for what the menu bot does. */
export const BOT_ACTOR = 'guru (bot)';

/** How a chat changes hands without a person choosing whom to (`ChatIngest.handOver`). */
export interface HandOverHow {
  unassign: boolean;
  reason: HandoverReason;
  by: string;
  /** Why now, for people (a backlog hand-out's trigger). */
  cause?: string;
  /** A menu bot's choice: only this department's entries (and its members') may take it. */
  onlyDepartment?: string;
}

type Moved = { chat: Chat; from: RoundRobinTarget | null; to: RoundRobinTarget | null } | null;

/** What the bot needs of the ingest: the customer's queue, and a hand-out journaled after records of its own. */
export interface Router {
  inQueue<T>(chat: Pick<Chat, 'phone' | 'customer'>, work: () => Promise<T>): Promise<T>;
  routeNow(chat: Chat, before: JournalRecord[], how: HandOverHow): Promise<Moved>;
}

/**
 * The menu bot in live conversations: it greets a conversation the number's bot holds (new or
 * reopened), reads each answer (`answerStep`, the very step `guru bot test` plays), and hands the
 * chat out — to the chosen department's rodízio, or to the normal one after too many unknown
 * answers or `timeoutMs` of silence. Its messages go through the outbox like any send, marked
 * `auto: 'bot'`, with no author; each step is a `bot.step` record journaled with what it did.
 *
 * One timer on the engine's clock, for the soonest silence to end (like `ChatScheduler`): it is
 * armed at start from the chats still with the bot (`Chat.bot`), so a restart loses none.
 */
/** How soon a hand-out that could not be journaled is tried again (a broken disk is not hammered). */
const RETRY_AFTER_FAILURE_MS = 30_000;

export class ChatBot {
  /** Chats with the bot → when their silence ends (ms). */
  private readonly deadlines = new Map<string, number>();
  /** One timer, for the soonest deadline. */
  private readonly timer: SoonestTimer;
  private started = false;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'clock' | 'state' | 'audit' | 'warn'>,
    private readonly ledger: ChatLedger,
    private readonly sends: ChatSends,
    private readonly router: Router,
  ) {
    this.timer = new SoonestTimer(deps.clock, () => void this.fire());
  }

  /** After the journal is loaded: every chat still with the bot times out when its silence ends (at once if it already did). */
  async start(): Promise<void> {
    const state = await this.deps.state.read();
    for (const chat of this.ledger.index.all()) {
      if (!chat.bot || chat.status !== 'open') continue;
      const bot = state.phones.find((p) => p.number === chat.phone)?.bot;
      this.deadlines.set(chat.id, bot ? timeoutAt(bot, menuSentAt(chat)) : 0);
    }
    this.started = true;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timer.stop();
  }

  /**
   * The greeting of a conversation the bot takes (`chatId` opening now): the records to journal
   * with the opening, and `sent`, to call once they are — the outbox sends it then.
   */
  greet(phone: string, chatId: string, bot: MenuBot): { records: JournalRecord[]; sent: () => void } {
    const { records, sent } = this.sends.autoReply(phone, chatId, greetingMessage(bot), 'bot');
    const time = records[0]!.time;
    return {
      records: [...records, { type: 'bot.step', chatId, step: 'greeted', tries: 0, time }],
      sent: () => {
        sent();
        this.track(chatId, timeoutAt(bot, time));
      },
    };
  }

  /**
   * The customer answered the menu (`before`: their message, not yet journaled; the caller holds
   * their queue). Matched: the chosen department's rodízio takes the chat; not understood: the
   * menu again, or — the `retries`-th time, or with the number's bot gone — the normal rodízio.
   */
  async answer(chat: Chat, bot: MenuBot | undefined, content: MessageContent, before: JournalRecord[]): Promise<void> {
    const answer = answerText(content);
    const tries = chat.bot?.tries ?? 0;
    const time = this.ledger.now();
    const step = bot ? answerStep(bot, tries, answer) : ({ step: 'fallback', tries: tries + 1 } as const);
    const state = await this.deps.state.read();
    const department = step.step === 'matched' && state.departments.some((d) => d.id === step.option.departmentId) ? step.option.departmentId : undefined;
    if (step.step === 'retry') {
      const reply = this.sends.autoReply(chat.phone, chat.id, step.text, 'bot');
      await this.ledger.commit(chat.phone, [
        ...before,
        ...reply.records,
        { type: 'bot.step', chatId: chat.id, step: 'retry', answer, tries: step.tries, time },
      ]);
      reply.sent();
      this.track(chat.id, timeoutAt(bot!, reply.records[0]!.time));
      return;
    }
    // A choice of a department removed since the bot was set: the normal rodízio, as for an unknown answer.
    const record: JournalRecord = department
      ? { type: 'bot.step', chatId: chat.id, step: 'matched', answer, departmentId: department, tries: step.tries, time }
      : { type: 'bot.step', chatId: chat.id, step: 'fallback', answer, tries: step.step === 'matched' ? step.tries + 1 : step.tries, time };
    await this.handOut(chat, [...before, record], record.step, department);
  }

  /** `phone`'s bot was set anew: its conversations time out by the new `timeoutMs`, from their last menu. */
  changed(phone: string, bot: MenuBot): void {
    for (const chat of this.ledger.index.all())
      if (chat.phone === phone && chat.bot && chat.status === 'open') this.deadlines.set(chat.id, timeoutAt(bot, menuSentAt(chat)));
    this.arm();
  }

  /** The chats of `phone` still with the bot go to the normal rodízio now (its bot was switched off). */
  release(phone: string): void {
    for (const chat of this.ledger.index.all()) if (chat.phone === phone && chat.bot && chat.status === 'open') this.deadlines.set(chat.id, 0);
    this.arm();
  }

  /** Hands a chat out after the bot's last step (journaled with it) and audits it like every hand-out. */
  private async handOut(chat: Chat, before: JournalRecord[], step: BotStep, department: string | undefined): Promise<void> {
    const deadline = this.deadlines.get(chat.id);
    this.deadlines.delete(chat.id);
    const moved = await this.router
      .routeNow(chat, before, {
        unassign: false,
        reason: 'bot',
        by: BOT_ACTOR,
        ...(department ? { onlyDepartment: department } : {}),
      })
      .catch((err: unknown) => {
        // Not journaled (a full disk): the chat is still the bot's, and its silence still ends.
        if (deadline !== undefined) this.deadlines.set(chat.id, Math.max(deadline, this.deps.clock.now().getTime() + RETRY_AFTER_FAILURE_MS));
        throw err;
      });
    if (!moved) return;
    const state = await this.deps.state.read();
    await this.deps.audit?.append([
      {
        time: this.deps.clock.now().toISOString(),
        actor: BOT_ACTOR,
        action: 'chat.reassign',
        target: chat.id,
        details: {
          customer: chat.customer,
          from: moved.from ? assigneeRef(state, moved.from) : null,
          to: moved.to ? assigneeRef(state, moved.to) : null,
          reason: 'bot',
          step,
          ...(department ? { department: assigneeRef(state, { type: 'department', departmentId: department }) } : {}),
        },
      },
    ]);
  }

  private track(chatId: string, at: number): void {
    this.deadlines.set(chatId, at);
    this.arm();
  }

  /** One timer, for the soonest silence to end (or none). */
  /** One timer, for the soonest silence ending on a number held here. */
  arm(): void {
    if (!this.started || this.stopped) return;
    let at: number | null = null;
    for (const [chatId, deadline] of this.deadlines) {
      const phone = this.ledger.index.get(chatId)?.phone;
      if (phone !== undefined && !this.ledger.holds(phone)) continue;
      if (at === null || deadline < at) at = deadline;
    }
    this.timer.set(at);
  }

  /** Every chat whose silence ended goes to the normal rodízio, soonest first; one run at a time. */
  private fire(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      const now = this.deps.clock.now().getTime();
      const due = [...this.deadlines]
        .filter(([chatId, at]) => at <= now && this.ledger.holds(this.ledger.index.get(chatId)?.phone ?? ''))
        .sort((a, b) => a[1] - b[1]);
      for (const [chatId] of due) {
        if (this.stopped) break;
        try {
          await this.timeOut(chatId);
        } catch (err) {
          this.deps.warn?.('menu bot: a silent chat could not be handed out; trying again at the next step', {
            chatId,
            err: err instanceof Error ? err.message : String(err),
          });
        }
      }
    })().finally(() => {
      this.running = null;
      this.arm();
    });
    return this.running;
  }

  /** A chat silent since the menu went: checked again in the customer's queue (an answer may have just come). */
  private async timeOut(chatId: string): Promise<void> {
    const first = this.ledger.index.get(chatId);
    if (!first?.bot || first.status !== 'open') {
      this.deadlines.delete(chatId);
      return;
    }
    await this.router.inQueue(first, async () => {
      const chat = this.ledger.index.get(chatId);
      if (!chat?.bot || chat.status !== 'open') {
        this.deadlines.delete(chatId);
        return;
      }
      const state = await this.deps.state.read();
      const bot = state.phones.find((p) => p.number === chat.phone)?.bot;
      const at = bot ? timeoutAt(bot, menuSentAt(chat)) : 0;
      const scheduled = this.deadlines.get(chatId) ?? at;
      if (scheduled > 0 && at > this.deps.clock.now().getTime()) {
        this.deadlines.set(chatId, at); // the menu went again meanwhile
        return;
      }
      // Switched off (deadline 0): the bot gives up on it; else the customer said nothing in time.
      const step: BotStep = scheduled === 0 ? 'fallback' : 'timeout';
      await this.handOut(chat, [{ type: 'bot.step', chatId, step, tries: chat.bot.tries, time: this.ledger.now() }], step, undefined);
    });
  }
}

/** When the bot last sent its menu in a chat (its latest greeting or retry; else when it took the chat). */
export function menuSentAt(chat: Chat): string {
  for (let i = (chat.routing?.length ?? 0) - 1; i >= 0; i--) {
    const record = chat.routing![i]!;
    if (record.type === 'bot.step' && (record.step === 'greeted' || record.step === 'retry')) return record.time;
    if (record.type === 'chat.opened') break;
  }
  return chat.bot?.since ?? chat.openedAt;
}

/** What the customer typed: a text's words, a caption; anything else says nothing the bot can read. */
function answerText(content: MessageContent): string {
  if (content.type === 'text') return content.text;
  if ('caption' in content && typeof content.caption === 'string') return content.caption;
  return '';
}
