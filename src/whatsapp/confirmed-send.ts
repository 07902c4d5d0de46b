import type { BinaryNode, WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';
import { GuruError } from '../core/errors.js';

type Outcome = { type: 'acked' } | { type: 'refused'; code: string } | { type: 'dropped' } | { type: 'timeout' };

interface Waiter {
  sock: WASocket;
  settle(outcome: Outcome): void;
}

export interface ConfirmedSenderOptions {
  phone: string;
  logger: Logger;
  /** How long a message may wait for WhatsApp's confirmation, reconnects included, before it counts as failed. */
  timeoutMs: number;
  /** The open socket once the phone is connected again; rejects when it will not be (logged out, stopped, past `deadline`). */
  connected(deadline: number): Promise<WASocket>;
}

/**
 * Sends that end only when WhatsApp's server confirmed them (`<ack class=message id=…>`).
 * Baileys' `sendMessage` resolves as soon as the stanza is written to the socket, so a drop
 * right then would lose the message while Guru marks it sent. Here a message the connection
 * dropped before its ack is sent again after the reconnect, with the same id (WhatsApp keeps
 * one message per id, so a copy that did get through is not shown twice); after `timeoutMs`
 * without a confirmation it fails, and the engine marks it failed.
 */
export class ConfirmedSender {
  private readonly waiting = new Map<string, Waiter>();

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

  /** Sends on `sock` (connected now); resolves once WhatsApp confirmed the message, rejects when it will not. */
  async send(sock: WASocket, toJid: string, text: string, messageId: string): Promise<void> {
    const { phone, logger, timeoutMs } = this.options;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.sendOnce(sock, toJid, text, messageId, deadline);
      if (outcome.type === 'acked') return;
      if (outcome.type === 'refused') throw new GuruError('internal', `WhatsApp refused it (error ${outcome.code})`);
      if (outcome.type === 'timeout') {
        throw new GuruError(
          'not_linked',
          `WhatsApp did not confirm it within ${Math.round(timeoutMs / 1000)} s — check the phone with \`guru phone status ${phone}\`, then send it again`,
        );
      }
      logger.warn({ phone, id: messageId, attempt }, 'connection dropped before WhatsApp confirmed a message; sending it again after the reconnect');
      try {
        sock = await this.options.connected(deadline);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new GuruError('not_linked', `the connection dropped before WhatsApp confirmed it, and ${reason}`);
      }
    }
  }

  private async sendOnce(sock: WASocket, toJid: string, text: string, id: string, deadline: number): Promise<Outcome> {
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
      await sock.sendMessage(toJid, { text }, { messageId: id });
    } catch (err) {
      // Failing because the socket closed under it is a drop (`closed` settles it); anything else is final.
      if (sock.ws.isOpen) {
        waiter.settle({ type: 'dropped' }); // only to stop waiting: this error is the outcome
        throw err;
      }
    }
    return outcome;
  }
}
