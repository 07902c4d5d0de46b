import { randomBytes } from 'node:crypto';
import { describeContent, type MessageContent } from '../core/chats/content.js';
import type { InboundMessage } from '../core/chats/model.js';
import { SendDeferred } from '../core/chats/ports.js';
import type { WhatsAppLookup } from '../core/context.js';
import { GuruError } from '../core/errors.js';
import type { Transport, TransportHandler } from './transport.js';

export interface SentMessage {
  to: string;
  /** The content in plain text (`describeContent`): the words, for text. */
  text: string;
  content: MessageContent;
  id: string;
  time: string;
}

/**
 * A transport with no WhatsApp behind it: customers' messages are injected, what agents send
 * is kept in `outbox`. The engine cannot tell it from the real one, which is the point — tests
 * and benchmarks drive the whole daemon path with it.
 */
export class MemoryTransport implements Transport {
  readonly kind = 'memory';
  readonly outbox: SentMessage[] = [];
  /** Numbers (E.164) that have no WhatsApp, as a test says; every other number has it. */
  readonly withoutWhatsApp = new Set<string>();
  private handler: TransportHandler | null = null;
  private unlinked = false;

  constructor(readonly phone: string) {}

  async start(handler: TransportHandler): Promise<void> {
    this.handler = handler;
    handler.connection('connected');
  }

  async stop(): Promise<void> {
    this.handler = null;
  }

  /** A customer writes (any content: text, an image, a reaction…); resolves once the engine has it durably (the acknowledgement). */
  async inject(message: Omit<InboundMessage, 'phone' | 'id' | 'time'> & { id?: string; time?: string }): Promise<void> {
    await this.connected().message({
      ...message,
      phone: this.phone,
      id: message.id ?? randomBytes(10).toString('hex').toUpperCase(),
      time: message.time ?? new Date().toISOString(),
    });
  }

  async deliver(id: string, status: 'delivered' | 'read'): Promise<void> {
    await this.connected().receipt({ phone: this.phone, id, status, time: new Date().toISOString() });
  }

  async send(toJid: string, content: MessageContent, messageId: string): Promise<void> {
    if (!this.handler) throw new SendDeferred(`phone ${this.phone} is not connected`);
    this.outbox.push({ to: toJid, text: describeContent(content), content, id: messageId, time: new Date().toISOString() });
  }

  async lookup(number: string): Promise<WhatsAppLookup> {
    this.connected();
    return this.withoutWhatsApp.has(number) ? { exists: false } : { exists: true, jid: `${number.replace(/^\+/, '')}@s.whatsapp.net` };
  }

  async markRead(): Promise<void> {
    this.connected();
  }

  async setTyping(): Promise<void> {
    this.connected();
  }

  /** Linked from the start; linking again (after an unlink) has nothing to do but say so. */
  async link(): Promise<void> {
    const handler = this.connected();
    if (this.unlinked) {
      this.unlinked = false;
      handler.connection('connected');
    }
    handler.link({ type: 'linked', number: this.phone });
  }

  async cancelLink(): Promise<void> {}

  async linked(): Promise<boolean> {
    return !this.unlinked;
  }

  /** Nothing on a server to log out of; the phone reports unlinked until linked again. */
  async unlink(): Promise<{ loggedOut: boolean }> {
    this.unlinked = true;
    this.handler?.connection('unlinked');
    return { loggedOut: true };
  }

  private connected(): TransportHandler {
    if (!this.handler) throw new GuruError('not_linked', `phone ${this.phone} is not connected`);
    return this.handler;
  }
}
