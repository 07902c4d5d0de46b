import { GuruError } from '../errors.js';
import type { LinkState } from '../model.js';
import type { PendingSend } from './chat-index.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { ChatReads } from './chat-reads.js';
import { customerJid } from './customer.js';
import type { DeliveryStatus } from './model.js';
import { SendDeferred, type SendContext } from './ports.js';
import { isMedia, referencedId, type MessageContent } from './content.js';
import { runInLanguage, t } from '../../i18n/translate.js';

/** How long a message may wait in the outbox for its phone before it is given up as failed. */
export const OUTBOX_GIVE_UP_MS = 24 * 60 * 60 * 1000;
/** While connected, how soon a send that did not go through (no confirmation, a drop) is tried again. */
export const OUTBOX_RETRY_MS = 5_000;
/**
 * How long `send` waits for the first try of a message on a connected phone, so that the agent
 * usually hears "sent" — and still hears back at once, with the message pending, when WhatsApp is
 * slow: it is in the outbox either way.
 */
export const FIRST_TRY_WAIT_MS = 5_000;

/**
 * What a phone's link state means for its outbox: send, wait, or give up with the next step.
 * In English: it is journaled with the messages it fails, and records never change with the
 * language of whoever reads them later (`blockedNow` says it to the person sending).
 */
function blocked(phone: string, state: LinkState | undefined): string | null {
  if (state === 'logged_out') return `logged out — relink with \`guru phone link ${phone}\``;
  if (state === 'unlinked') return `the phone is not linked — link it with \`guru phone link ${phone}\``;
  return null;
}

/** `blocked`, as a refusal in the language of the person sending now. */
function blockedNow(phone: string, state: LinkState | undefined): string | null {
  if (state === 'logged_out') return t`logged out — relink with \`guru phone link ${phone}\``;
  if (state === 'unlinked') return t`the phone is not linked — link it with \`guru phone link ${phone}\``;
  return null;
}

/**
 * The durable outbox of each phone: the outgoing messages the journal holds as `pending` (the
 * index rebuilds them on replay: the journal is the only truth, this class keeps no list of its
 * own). The rules of sending live here; the transport only sends and reports:
 * - order: each chat's messages leave one at a time in journal order (chats in parallel);
 * - when: as soon as the phone is connected — a phone reconnecting or not yet connected is
 *   waited for, quietly;
 * - retries: always under the message id fixed when it was journaled, so WhatsApp (which keeps
 *   one message per id) never shows a customer a copy twice; a message with a journaled ack
 *   (sent, delivered, read) is no longer pending and never goes again;
 * - giving up: after `giveUpAfterMs` pending, or when the phone is logged out or unlinked, the
 *   message becomes `failed` with the reason and the next step; `retry` puts it back.
 */
export class ChatOutbox {
  /** The link state each phone last reported; absent until its transport said anything ("not yet connected"). */
  private readonly states = new Map<string, LinkState>();
  /** Chats whose messages are being sent now (`phone|chatId`). */
  private readonly draining = new Set<string>();
  /** Messages handed to the transport right now (`phone|id`): not given up under its feet. */
  private readonly inFlight = new Set<string>();
  /** Callers waiting for a message's first try (`phone|id`). */
  private readonly firstTry = new Map<string, () => void>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private sweeper: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly giveUpAfterMs: number;
  private readonly retryMs: number;
  private readonly firstTryWaitMs: number;

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'sender' | 'clock' | 'warn' | 'outbox' | 'media'>,
    private readonly ledger: ChatLedger,
    private readonly reads: ChatReads,
  ) {
    this.giveUpAfterMs = deps.outbox?.giveUpAfterMs ?? OUTBOX_GIVE_UP_MS;
    this.retryMs = deps.outbox?.retryMs ?? OUTBOX_RETRY_MS;
    this.firstTryWaitMs = deps.outbox?.firstTryWaitMs ?? FIRST_TRY_WAIT_MS;
  }

  /** Starts watching the clock for messages pending too long (after the journal is loaded). */
  start(): void {
    const every = Math.min(60_000, Math.max(50, Math.floor(this.giveUpAfterMs / 100)));
    this.sweeper = setInterval(() => void this.giveUpStale().catch((err) => this.warn('outbox: giving up stale sends failed', err)), every);
    this.sweeper.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    for (const wake of this.firstTry.values()) wake();
  }

  /** A phone's transport reported its link state: connected drains its outbox; logged out or unlinked fails it. */
  phoneState(phone: string, state: LinkState): void {
    this.states.set(phone, state);
    if (state === 'connected') this.kick(phone);
    const reason = blocked(phone, state);
    if (reason) void this.failAll(phone, reason).catch((err) => this.warn('outbox: failing the sends of a phone failed', err));
  }

  /** Pending messages another daemon journaled on a phone connected here: they go now. */
  adopt(phone: string): void {
    if (this.states.get(phone) === 'connected' && !this.stopped) this.kick(phone);
  }

  /**
   * Refuses a send that cannot leave until someone acts (the phone is logged out or unlinked),
   * naming what to do; a phone reconnecting or not yet connected takes it into the outbox.
   */
  admit(phone: string): void {
    const reason = blockedNow(phone, this.states.get(phone));
    if (reason) throw new GuruError('not_linked', t`phone ${phone} cannot send: ${reason}`);
  }

  /**
   * A message was journaled as pending: sends it when its phone is connected. Resolves with its
   * status after the first try when the phone is connected now (waiting at most
   * `firstTryWaitMs`), else at once with `pending`.
   */
  async queued(phone: string, id: string): Promise<{ status: DeliveryStatus; reason?: string }> {
    const key = `${phone}|${id}`;
    let tried: Promise<void> | null = null;
    if (this.states.get(phone) === 'connected' && !this.stopped) {
      let timer: NodeJS.Timeout | undefined;
      tried = new Promise<void>((resolve) => {
        this.firstTry.set(key, resolve);
        timer = setTimeout(resolve, this.firstTryWaitMs);
      }).finally(() => {
        clearTimeout(timer);
        this.firstTry.delete(key);
      });
    }
    this.kick(phone);
    if (tried) await tried;
    return this.statusOf(phone, id);
  }

  /** Sends `phone`'s pending messages if it is connected: one runner per chat with any. */
  private kick(phone: string): void {
    if (this.stopped || this.states.get(phone) !== 'connected') return;
    for (const p of this.ledger.index.pending(phone)) {
      const chatKey = `${phone}|${p.chatId}`;
      if (this.draining.has(chatKey)) continue;
      this.draining.add(chatKey);
      // A send's outcome is journaled (a failure with its reason): records stay in English
      // whichever person's request happened to start the runner.
      void runInLanguage('en', () => this.drain(phone, p.chatId))
        .catch((err) => {
          this.warn('outbox: sending failed; trying again later', err, { phone });
          this.retryLater(phone);
        })
        .finally(() => this.draining.delete(chatKey));
    }
  }

  /** One chat's pending messages, oldest first, one at a time, while the phone stays connected. */
  private async drain(phone: string, chatId: string): Promise<void> {
    while (!this.stopped && this.states.get(phone) === 'connected') {
      const next = this.ledger.index.pending(phone).find((p) => p.chatId === chatId);
      if (!next) return;
      if (!(await this.attempt(next))) {
        // Not now (a drop, no confirmation): the next "connected" sends it, or the retry timer
        // if the phone stays connected. Later messages of this chat wait behind it: order first.
        this.retryLater(phone);
        return;
      }
    }
  }

  /** Hands one message to the transport; false when it should be tried again later. */
  private async attempt(p: PendingSend): Promise<boolean> {
    const key = `${p.phone}|${p.id}`;
    this.inFlight.add(key);
    try {
      const message = await this.reads.message(p.phone, p.id);
      const chat = this.ledger.index.get(p.chatId);
      if (!message || !chat) {
        await this.fail(p, 'its record could not be read back from the journal');
        return true;
      }
      if (this.expired(p, message.time)) {
        await this.fail(p, this.staleReason(p));
        return true;
      }
      try {
        await this.deps.sender.send(p.phone, customerJid(chat.customer), message.content, p.id, await this.contextOf(p.phone, message.content));
      } catch (err) {
        if (!(err instanceof SendDeferred)) {
          await this.fail(p, err instanceof Error ? err.message : String(err));
          return true;
        }
        const reason = blocked(p.phone, this.states.get(p.phone));
        if (reason) await this.fail(p, reason);
        return reason !== null;
      }
      // Only if nothing moved it on meanwhile (a delivery receipt can beat the server's ack).
      if (this.ledger.index.pendingSend(p.phone, p.id)) {
        await this.ledger.commit(p.phone, [{ type: 'message.status', id: p.id, chatId: p.chatId, status: 'sent', time: this.ledger.now() }]);
      }
      return true;
    } finally {
      this.inFlight.delete(key);
      this.firstTry.get(key)?.();
    }
  }

  /** The file a media message sends and the message a reply or reaction is about, for the transport. */
  private async contextOf(phone: string, content: MessageContent): Promise<SendContext> {
    const context: SendContext = {};
    const media = this.deps.media;
    if (isMedia(content) && content.sha256 !== undefined && media) {
      const sha256 = content.sha256;
      context.file = async () => {
        if ((await media.size(sha256)) === null) throw new Error(`its file is no longer kept (${sha256.slice(0, 12)}…, pruned?) — send the file again`);
        return media.open(sha256);
      };
    }
    const ref = referencedId(content);
    const about = ref === undefined ? undefined : await this.reads.message(phone, ref);
    // Never a note: what a reply quotes goes to WhatsApp with it (sends refuse it; this holds regardless).
    if (about && about.direction !== 'note') context.about = { id: about.id, fromMe: about.direction === 'out', content: about.content };
    return context;
  }

  private retryLater(phone: string): void {
    if (this.stopped || this.retryTimers.has(phone)) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(phone);
      this.kick(phone);
    }, this.retryMs);
    timer.unref();
    this.retryTimers.set(phone, timer);
  }

  /** Every pending message of `phone` not in the transport's hands becomes failed (those in it fail as it reports back). */
  private async failAll(phone: string, reason: string): Promise<void> {
    for (const p of this.ledger.index.pending(phone)) if (!this.inFlight.has(`${p.phone}|${p.id}`)) await this.fail(p, reason);
  }

  /** Messages pending longer than `giveUpAfterMs` become failed. */
  private async giveUpStale(): Promise<void> {
    for (const p of this.ledger.index.pending()) {
      if (this.inFlight.has(`${p.phone}|${p.id}`)) continue;
      const time = p.since ?? (await this.reads.message(p.phone, p.id))?.time;
      if (time !== undefined && this.expired(p, time)) await this.fail(p, this.staleReason(p));
    }
  }

  private expired(p: PendingSend, messageTime: string): boolean {
    const since = Date.parse(p.since ?? messageTime);
    return Number.isFinite(since) && this.deps.clock.now().getTime() - since > this.giveUpAfterMs;
  }

  private staleReason(p: PendingSend): string {
    const state = this.states.get(p.phone) ?? 'not connected';
    return `not sent within ${duration(this.giveUpAfterMs)} (the phone is ${state.replace('_', ' ')}) — check it with \`guru phone status ${p.phone}\`, then \`guru chat retry ${p.id}\``;
  }

  private async fail(p: PendingSend, reason: string): Promise<void> {
    if (!this.ledger.index.pendingSend(p.phone, p.id)) return;
    await this.ledger.commit(p.phone, [{ type: 'message.status', id: p.id, chatId: p.chatId, status: 'failed', time: this.ledger.now(), reason }]);
  }

  private statusOf(phone: string, id: string): { status: DeliveryStatus; reason?: string } {
    const chat = this.ledger.index.chatOfMessage(phone, id);
    const message = chat?.messages.findLast((m) => m.id === id);
    // Out of memory with no status kept, where the journal answers for old messages: it went.
    const status = message?.status ?? this.ledger.index.olderStatusOf(phone, id) ?? (this.ledger.index.keepsOlder ? 'pending' : 'sent');
    return message?.reason === undefined ? { status } : { status, reason: message.reason };
  }

  private warn(message: string, err: unknown, details: Record<string, unknown> = {}): void {
    this.deps.warn?.(message, { ...details, err: err instanceof Error ? err.message : String(err) });
  }
}

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}
