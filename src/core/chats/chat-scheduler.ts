import { randomBytes } from 'node:crypto';
import { principal, userLabel } from '../access.js';
import { GuruError } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { State } from '../model.js';
import { SoonestTimer } from '../ports.js';
import type { ScheduledSend } from './chat-index.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { ChatSends } from './chat-sends.js';
import { contentFields, type MessageContent } from './content.js';
import type { Chat } from './model.js';
import { withSignature } from './signature.js';
import { canSee } from './visibility.js';
import { runInLanguage } from '../../i18n/translate.js';

/** Who the audit names for what the scheduler does by itself. */
export const SCHEDULER_ACTOR = 'guru (scheduled)';

/** After a send that could not be journaled (a disk error), how long before it is tried again. */
const RETRY_MS = 5_000;

/**
 * Messages scheduled for later (`guru chat send --at`). The journal is the only list: a
 * `scheduled` record is written before the author hears "scheduled", and one is due again at
 * every start until a `message` names it (`scheduledId`) or it is cancelled — so a crash loses
 * none, and none goes twice (the message record ends the schedule in the same write).
 *
 * One timer, on the engine's clock, for the soonest only: a thousand schedules cost one timer.
 * When it rings, everything due goes, soonest first, into the outbox — which sends it now, or
 * once the phone is back.
 *
 * When one falls due, its author must still be allowed to send it: active, holding
 * `chats.send`, seeing the chat. If not, it is dropped with the reason (journaled and audited)
 * rather than sent in the name of someone who may no longer speak for the team there.
 */
export class ChatScheduler {
  /** One timer, for the soonest deadline. */
  private readonly timer: SoonestTimer;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;
  /** No earlier than this (ms) after a failure: a broken disk is not hammered. */
  private notBefore = 0;
  /** Sending and cancelling the same schedule, one at a time: cancelled is never also sent. */
  private readonly perSchedule = new KeyedQueue();

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'clock' | 'state' | 'audit' | 'warn'>,
    private readonly ledger: ChatLedger,
    private readonly sends: ChatSends,
  ) {
    this.timer = new SoonestTimer(deps.clock, () => void this.fire());
  }

  /** After the journal is loaded: whatever is already due goes now, the rest when it is. */
  start(): void {
    this.started = true;
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timer.stop();
  }

  /** Journals a message to send at `at` (checked by the caller) and answers it as scheduled. */
  async schedule(chat: Chat, authorId: string, content: MessageContent, at: Date): Promise<ScheduledSend> {
    const id = `S${randomBytes(6).toString('hex').toUpperCase()}`;
    const time = this.ledger.now();
    const [offset] = await this.ledger.commit(chat.phone, [
      { type: 'scheduled', id, chatId: chat.id, ...contentFields(content), at: at.toISOString(), authorId, time },
    ]);
    this.arm();
    return { id, phone: chat.phone, chatId: chat.id, content, at: at.toISOString(), authorId, time, offset: offset! };
  }

  /** Takes a scheduled message back; false when it had already gone (or been cancelled). */
  cancel(scheduled: ScheduledSend, by: string): Promise<boolean> {
    return this.perSchedule.run(scheduled.id, async () => {
      if (!this.ledger.index.scheduledById(scheduled.id)) return false;
      await this.ledger.commit(scheduled.phone, [{ type: 'scheduled.cancelled', id: scheduled.id, chatId: scheduled.chatId, by, time: this.ledger.now() }]);
      this.arm();
      return true;
    });
  }

  /** One timer, for the soonest schedule of a number held here (or none). */
  arm(): void {
    if (!this.started || this.stopped) return;
    const next = this.ledger.index.scheduled().find((due) => this.ledger.holds(due.phone));
    const at = next ? Math.max(Date.parse(next.at), this.notBefore) : null;
    this.timer.set(at);
  }

  /** Sends everything due, soonest first; one run at a time (a ring during a run runs again). */
  private fire(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const now = this.deps.clock.now().getTime();
        for (const due of this.ledger.index.scheduled()) {
          if (this.stopped || Date.parse(due.at) > now) break;
          // Another daemon holds this number: it sends what is due there.
          if (!this.ledger.holds(due.phone)) continue;
          try {
            await this.perSchedule.run(due.id, () => this.sendDue(due));
          } catch (err) {
            this.deps.warn?.('scheduled message: sending failed; trying again shortly', { id: due.id, err: err instanceof Error ? err.message : String(err) });
            this.notBefore = now + RETRY_MS;
            break;
          }
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
      this.arm();
    });
    return this.running;
  }

  private async sendDue(due: ScheduledSend): Promise<void> {
    if (!this.ledger.index.scheduledById(due.id)) return; // cancelled meanwhile
    const state = await this.deps.state.read();
    const chat = this.ledger.index.get(due.chatId);
    const refusal = whyNotSent(state, due, chat);
    const author = state.users.find((u) => u.id === due.authorId);
    const actor = author ? userLabel(author) : SCHEDULER_ACTOR;
    if (refusal === null) {
      const content = due.content.type === 'text' ? { ...due.content, text: withSignature(author!.visibleName, due.content.text) } : due.content;
      try {
        // Its refusal becomes the drop's reason, journaled and audited: records stay in English
        // whatever language this daemon speaks (the scheduler runs in no person's request).
        const sent = await runInLanguage('en', () => this.sends.sendScheduled(chat!, author!.id, content, due.id));
        await this.audit(actor, 'chat.send', due.chatId, {
          messageId: sent.id,
          scheduledId: due.id,
          ...(sent.status === 'failed' ? { status: 'failed' } : {}),
        });
        return;
      } catch (err) {
        // What WhatsApp would never take (the signature made it too long): dropped, saying why.
        if (!(err instanceof GuruError) || err.code !== 'invalid_input') throw err;
        return this.drop(due, actor, err.message);
      }
    }
    return this.drop(due, actor, refusal);
  }

  private async drop(due: ScheduledSend, actor: string, reason: string): Promise<void> {
    await this.ledger.commit(due.phone, [
      { type: 'scheduled.cancelled', id: due.id, chatId: due.chatId, by: SCHEDULER_ACTOR, time: this.ledger.now(), reason },
    ]);
    await this.audit(SCHEDULER_ACTOR, 'chat.schedule.dropped', due.chatId, { scheduledId: due.id, author: actor, reason });
  }

  private async audit(actor: string, action: string, target: string, details: Record<string, unknown>): Promise<void> {
    await this.deps.audit?.append([{ time: this.deps.clock.now().toISOString(), actor, action, target, details }]);
  }
}

/** Why a due message may not go in its author's name any more; null when it may. */
function whyNotSent(state: State, due: ScheduledSend, chat: Chat | undefined): string | null {
  if (!chat) return 'its chat no longer exists';
  const author = state.users.find((u) => u.id === due.authorId);
  if (!author) return 'its author was removed from the team';
  if (!author.active) return 'its author is disabled';
  const who = principal(state, { type: 'user', userId: author.id });
  if (!who.isAdmin && !who.permissions.has('chats.send')) return 'its author may no longer send messages (no "chats.send" permission)';
  if (!canSee(state, who, chat)) return 'its author can no longer see the chat (it was transferred)';
  return null;
}
