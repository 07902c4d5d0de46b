// Baileys tells WhatsApp a message arrived (its delivery receipt) BEFORE it hands the message
// over, and writes the Signal keys the decryption used up before that: WhatsApp never sends a
// receipted message again, and a second copy of a message whose keys are gone cannot be opened.
// A daemon killed in between (kill -9, a power cut, a crash) would lose a message its customer saw
// delivered. So both wait until the message is stored: the key change (PhoneAuthState keeps it
// off the disk until then) and the receipt (held here). If the daemon dies first, WhatsApp still
// holds the message and gives it to the next connection (this daemon restarted, or the one
// taking the number over), whose keys open it; the journal's id check keeps it once.
import type { SignalRepositoryWithLIDStore, WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { decryptingFor, type PhoneAuthState } from './auth-state.js';

/** What Baileys logs (at debug), synchronously, just before it encodes and sends a receipt: the cue. */
const RECEIPT_LOG = 'sending receipt for messages';
/** Receipts this device sends for messages it read or played: nothing waits on those. */
const READ_TYPES = new Set(['read', 'read-self', 'played']);
/** Held this long without the message handed over: Baileys' event buffer is flushed to hand it over. */
const FLUSH_AFTER_MS = 200;
/** Decrypted and never handed over after this long (Baileys failed on the way): nothing waits on it any more. */
const GIVE_UP_MS = 30_000;
/** Ids of received messages remembered; the oldest (never decrypted: ignored by Baileys) go first. */
const ARRIVED_KEPT = 10_000;

type SendArgs = [data: unknown, ...rest: unknown[]];
type RawSend = (...args: SendArgs) => void;

/**
 * A frame for WhatsApp held in turn: `needs`, the key changes it may depend on (on disk first);
 * `waitFor`, the messages a receipt is for (stored first).
 */
interface Held {
  args: SendArgs;
  needs: number;
  waitFor: Set<string> | null;
}

/**
 * One socket's gate. Frames leave in the order Baileys made them (each is encrypted with the next
 * nonce of the connection), so everything sent after a held frame waits behind it; Baileys is
 * told each one went at once, so nothing of its own ever waits on a held frame (what holds them —
 * storing messages already decrypted, writing keys — never waits on WhatsApp).
 */
export class ReceiptGate {
  /** Messages this socket received and has not handed over yet (the newest few thousand). */
  private readonly arrived = new Set<string>();
  /** Decrypted and not handed over yet: given up on after a while (Baileys failed on the way). */
  private readonly giveUps = new Map<string, NodeJS.Timeout>();
  /** Handed over, being stored. */
  private readonly inHand = new Set<string>();
  /** Each received message's ciphertext, to know which message a decryption is for. */
  private readonly ciphertexts = new WeakMap<object, string>();
  /** The messages the next frame is the receipt of (set by the log cue, taken by the send). */
  private cue: Set<string> | null = null;
  private readonly queue: Held[] = [];
  private send: RawSend | null = null;
  private flush: (() => void) | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly stopListening: () => void;

  constructor(
    private readonly auth: PhoneAuthState,
    private readonly logger: Logger,
  ) {
    this.stopListening = auth.onWritten(() => this.pump());
  }

  /** `logger` for Baileys, listening for its cue (all else as it was). */
  watch(logger: Logger): Logger {
    const debug = logger.debug.bind(logger);
    logger.debug = ((obj: unknown, ...rest: unknown[]) => {
      if (rest[0] === RECEIPT_LOG) this.receiptComing(obj as { attrs?: { type?: string }; messageIds?: string[] });
      return (debug as (...args: unknown[]) => void)(obj, ...rest);
    }) as Logger['debug'];
    return logger;
  }

  /** Baileys' Signal repository, each decryption marked with the message it opens (for PhoneAuthState). */
  repository(repository: SignalRepositoryWithLIDStore): SignalRepositoryWithLIDStore {
    return {
      ...repository,
      decryptMessage: (options) => this.decrypting(options.ciphertext, () => repository.decryptMessage(options)),
      decryptGroupMessage: (options) => this.decrypting(options.msg, () => repository.decryptGroupMessage(options)),
    };
  }

  /** Starts gating `sock`'s frames; call right after making it, before anything arrives. */
  attach(sock: WASocket): void {
    sock.ws.on('CB:message', (node: { attrs?: { id?: string }; content?: unknown }) => this.arrive(node));
    // Baileys sends through this inner WebSocket (made with the socket); it is not in its types.
    const inner = (sock.ws as unknown as { socket: { send: RawSend } | null }).socket;
    if (!inner) throw new Error('Baileys made no WebSocket: the receipt gate cannot hold its frames');
    this.send = inner.send.bind(inner);
    inner.send = (...args: SendArgs) => this.take(args);
    this.flush = () => sock.ev.flush();
  }

  /** Baileys emitted these messages: our handler has them now. */
  handedOver(ids: readonly string[]): void {
    for (const id of ids) {
      this.keep(id);
      if (this.arrived.delete(id)) this.inHand.add(id);
    }
  }

  /** These messages are stored (or were nothing to store): their keys may be written, their receipts go. */
  settled(ids: readonly string[]): void {
    this.auth.stored(ids);
    for (const id of ids) {
      this.inHand.delete(id);
      this.arrived.delete(id);
      this.keep(id);
      for (const held of this.queue) {
        // Its message stored: the receipt now waits for the keys it used up to be written too.
        if (held.waitFor?.delete(id) && held.waitFor.size === 0) held.needs = Math.max(held.needs, this.auth.currentGeneration);
      }
    }
    this.pump();
  }

  /** Resolves once nothing is held and every key change is on disk (or after `ms`): before a frame that must go before the end. */
  async drained(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.closed && (this.queue.length > 0 || this.auth.currentGeneration > this.auth.writtenGeneration) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * The socket is gone: what is held never goes (WhatsApp gives those messages to the next
   * connection, which starts from the keys on disk if memory got ahead: BaileysTransport.fromDisk).
   */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    // Not given up on: what they changed stays off the disk (the next connection starts from it).
    for (const timer of this.giveUps.values()) clearTimeout(timer);
    this.giveUps.clear();
    this.stopListening();
  }

  /** The message reached us: no giving up on it. */
  private keep(id: string): void {
    clearTimeout(this.giveUps.get(id));
    this.giveUps.delete(id);
  }

  private arrive(node: { attrs?: { id?: string }; content?: unknown }): void {
    const id = node.attrs?.id;
    if (!id) return;
    this.arrived.delete(id);
    this.arrived.add(id);
    if (this.arrived.size > ARRIVED_KEPT) this.arrived.delete(this.arrived.values().next().value!);
    // The ciphertexts Baileys will decrypt are these very buffers (the `enc` children's content).
    if (Array.isArray(node.content)) {
      for (const child of node.content as { content?: unknown }[]) {
        if (child?.content && typeof child.content === 'object') this.ciphertexts.set(child.content, id);
      }
    }
  }

  private decrypting<T>(ciphertext: unknown, decrypt: () => Promise<T>): Promise<T> {
    const id = ciphertext && typeof ciphertext === 'object' ? this.ciphertexts.get(ciphertext) : undefined;
    if (id === undefined || this.closed) return decrypt();
    this.auth.opening(id);
    if (!this.giveUps.has(id))
      this.giveUps.set(
        id,
        setTimeout(() => this.giveUp(id), GIVE_UP_MS),
      );
    return decryptingFor.run(id, decrypt);
  }

  private receiptComing({ attrs, messageIds }: { attrs?: { type?: string }; messageIds?: string[] }): void {
    if (READ_TYPES.has(attrs?.type ?? '')) return;
    const waiting = (messageIds ?? []).filter((id) => this.arrived.has(id) || this.inHand.has(id));
    this.cue = waiting.length > 0 ? new Set(waiting) : null;
  }

  private take(args: SendArgs): void {
    const waitFor = this.cue;
    this.cue = null;
    const needs = this.auth.currentGeneration;
    if (!waitFor && this.queue.length === 0 && needs <= this.auth.writtenGeneration) return this.send!(...args);
    // Told sent now (Baileys awaits this before it goes on); it goes in its turn.
    const callback = args.findLast((arg) => typeof arg === 'function') as ((err?: Error) => void) | undefined;
    this.queue.push({ args: args.filter((arg) => arg !== callback) as SendArgs, needs, waitFor });
    // A message still in Baileys' event buffer (offline messages, a sync going on) is handed over now.
    if (waitFor && !this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        if (this.queue.some((held) => held.waitFor && [...held.waitFor].some((id) => !this.inHand.has(id)))) this.flush?.();
      }, FLUSH_AFTER_MS);
    }
    callback?.();
    this.pump();
  }

  private giveUp(id: string): void {
    this.giveUps.delete(id);
    // Most such messages held nothing (refused by Baileys before its receipt).
    if (this.auth.holds(id) || this.queue.some((frame) => frame.waitFor?.has(id))) {
      this.logger.warn({ messageId: id }, 'a message WhatsApp delivered was never handed over by Baileys; its receipt and keys go anyway');
    }
    this.settled([id]);
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0) {
      const held = this.queue[0]!;
      if ((held.waitFor?.size ?? 0) > 0 || held.needs > this.auth.writtenGeneration) return;
      this.queue.shift();
      // Already reported as sent: a failure now means the connection is going, and its close says so.
      this.send!(...held.args, () => undefined);
    }
  }
}
