import type { AnyMessageContent, BinaryNode, proto, WAMessage, WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { SendDeferred } from '../core/chats/ports.js';
import { GuruError } from '../core/errors.js';

type Outcome = { type: 'acked' } | { type: 'refused'; code: string } | { type: 'dropped' } | { type: 'timeout' };

interface Waiter {
  sock: WASocket;
  settle(outcome: Outcome): void;
}

export interface ConfirmedSenderOptions {
  phone: string;
  logger: Logger;
  /** How long a message may wait for WhatsApp's confirmation before this try counts as not gone through. */
  timeoutMs: number;
}

/**
 * Sends that end only when WhatsApp's server confirmed them (`<ack class=message id=…>`).
 * Baileys' `sendMessage` resolves as soon as the stanza is written to the socket, so a drop
 * right then would lose the message while Guru marks it sent. Here a message the connection
 * dropped before its ack, or left unconfirmed for `timeoutMs`, is reported as `SendDeferred`:
 * the outbox (src/core) sends it again after the reconnect, with the same id (WhatsApp keeps one
 * message per id, so a copy that did get through is not shown twice). Only a refusal is final.
 */
export class ConfirmedSender {
  private readonly waiting = new Map<string, Waiter>();
  /**
   * The messages as sent lately (by id), across reconnects: a device that could not decrypt one
   * asks for it again (a retry receipt), and a file, a quote or a reaction cannot be rebuilt from
   * what the journal keeps (a file's encryption key lives only in the message). Bounded.
   */
  private readonly recent = new Map<string, { message: proto.IMessage; at: number }>();

  constructor(private readonly options: ConfirmedSenderOptions) {}

  /** Listens for the server's acks on a new socket. */
  attach(sock: WASocket): void {
    sock.ws.on('CB:ack,class:message', (node: BinaryNode) => {
      const { id, error } = node.attrs;
      if (id) this.waiting.get(id)?.settle(error ? { type: 'refused', code: error } : { type: 'acked' });
    });
  }

  /** `sock` closed: whatever was sent on it and not confirmed will be sent again. */
  closed(sock: WASocket): void {
    for (const waiter of [...this.waiting.values()]) if (waiter.sock === sock) waiter.settle({ type: 'dropped' });
  }

  /**
   * Sends on `sock` (connected now); resolves once WhatsApp confirmed the message. Rejects with
   * `SendDeferred` when the connection dropped first or no confirmation came in time, with a
   * plain error when WhatsApp refused it.
   */
  async send(sock: WASocket, toJid: string, content: AnyMessageContent, messageId: string, quoted?: WAMessage): Promise<void> {
    const { phone, logger, timeoutMs } = this.options;
    const outcome = await this.sendOnce(sock, toJid, content, quoted, messageId, Date.now() + timeoutMs);
    if (outcome.type === 'acked') return;
    if (outcome.type === 'refused') throw new GuruError('internal', `WhatsApp refused it (error ${outcome.code})`);
    logger.warn({ phone, id: messageId, outcome: outcome.type }, 'WhatsApp did not confirm a message; the outbox sends it again');
    throw new SendDeferred(
      outcome.type === 'timeout'
        ? `WhatsApp did not confirm it within ${Math.round(timeoutMs / 1000)} s`
        : 'the connection dropped before WhatsApp confirmed it',
    );
  }

  private async sendOnce(
    sock: WASocket,
    toJid: string,
    content: AnyMessageContent,
    quoted: WAMessage | undefined,
    id: string,
    deadline: number,
  ): Promise<Outcome> {
    let settle!: (outcome: Outcome) => void;
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
    const timer = setTimeout(() => waiter.settle({ type: 'timeout' }), Math.max(0, deadline - Date.now()));
    const waiter: Waiter = {
      sock,
      settle: (result) => {
        clearTimeout(timer);
        if (this.waiting.get(id) === waiter) this.waiting.delete(id);
        settle(result);
      },
    };
    this.waiting.set(id, waiter);
    try {
      const sent = await sock.sendMessage(toJid, content, { messageId: id, ...(quoted ? { quoted } : {}) });
      if (sent?.message) this.remember(id, sent.message);
    } catch (err) {
      // Failing because the socket closed under it is a drop (`closed` settles it), and so is a
      // file upload that did not get through (media hosts, their token: Baileys asks for new ones
      // on the next try); anything else is final.
      if (sock.ws.isOpen) {
        waiter.settle({ type: 'dropped' }); // only to stop waiting: this error is the outcome
        if (uploadFailed(err)) {
          this.options.logger.warn({ phone: this.options.phone, id, err: String(err) }, 'uploading a file to WhatsApp failed; the outbox sends it again');
          throw new SendDeferred(`uploading the file to WhatsApp failed (${err instanceof Error ? err.message : String(err)})`);
        }
        throw err;
      }
    }
    return outcome;
  }

  /** One of the messages sent lately, as it went out (see `recent`). */
  recentMessage(id: string): proto.IMessage | undefined {
    const entry = this.recent.get(id);
    return entry && Date.now() - entry.at <= RECENT_KEPT_MS ? entry.message : undefined;
  }

  private remember(id: string, message: proto.IMessage): void {
    const at = Date.now();
    this.recent.delete(id);
    for (const [key, old] of this.recent) {
      if (this.recent.size < RECENT_KEPT && at - old.at <= RECENT_KEPT_MS) break;
      this.recent.delete(key); // oldest first: a Map iterates in insertion order
    }
    this.recent.set(id, { message, at });
  }
}

/** How many sent messages, and for how long, can be sent again as they were on a retry request. */
const RECENT_KEPT = 500;
const RECENT_KEPT_MS = 60 * 60 * 1000;

/** Baileys' errors of a file upload that may go through on another try (the hosts, their token, the network). */
function uploadFailed(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /Media upload failed|media_conn|ECONNRESET|ECONNREFUSED|ETIMEDOUT|socket hang up|fetch failed|Timed Out/i.test(message);
}
