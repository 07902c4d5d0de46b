import type { Logger } from 'pino';
import type { MessageSender } from '../core/chats/ports.js';
import type { Engine } from '../core/engine.js';
import { GuruError } from '../core/errors.js';
import type { LinkState } from '../core/model.js';
import { MemoryTransport } from '../whatsapp/memory-transport.js';
import type { Transport, TransportHandler } from '../whatsapp/transport.js';

/** Which transport the daemon gives each phone: none yet (until linked), or in-memory (tests, benchmarks). */
export type TransportKind = 'none' | 'memory';

/**
 * The daemon's phones: one transport per registered phone, its link state, and the wiring of
 * its events into the engine. Also the engine's MessageSender.
 */
export class PhoneConnections implements MessageSender {
  private transports = new Map<string, Transport>();
  private states = new Map<string, LinkState>();

  constructor(
    private readonly kind: TransportKind,
    private readonly engine: () => Engine,
    private readonly logger: Logger,
  ) {}

  linkState(phone: string): LinkState {
    return this.states.get(phone) ?? 'unlinked';
  }

  transport(phone: string): Transport | undefined {
    return this.transports.get(phone);
  }

  /** Brings the set of running transports in line with the registered phones. */
  async sync(phones: readonly string[]): Promise<void> {
    for (const phone of phones) if (!this.transports.has(phone)) await this.connect(phone);
    for (const phone of [...this.transports.keys()]) if (!phones.includes(phone)) await this.disconnect(phone);
  }

  async stopAll(): Promise<void> {
    for (const phone of [...this.transports.keys()]) await this.disconnect(phone);
  }

  async send(phone: string, toJid: string, text: string, messageId: string): Promise<void> {
    const transport = this.transports.get(phone);
    if (!transport || this.linkState(phone) !== 'connected') {
      throw new GuruError('not_linked', `phone ${phone} is not connected to WhatsApp (${this.linkState(phone)}) — link it with \`guru phone link ${phone}\``);
    }
    await transport.send(toJid, text, messageId);
  }

  private async connect(phone: string): Promise<void> {
    if (this.kind === 'none') return;
    const transport = new MemoryTransport(phone);
    this.transports.set(phone, transport);
    await transport.start(this.handlerFor(phone));
  }

  private async disconnect(phone: string): Promise<void> {
    const transport = this.transports.get(phone);
    this.transports.delete(phone);
    this.states.delete(phone);
    await transport?.stop();
  }

  private handlerFor(phone: string): TransportHandler {
    const chats = () => this.engine().chats;
    return {
      message: async (message) => {
        await chats().receive(message);
      },
      receipt: (receipt) => chats().receipt(receipt),
      connection: (state, detail) => {
        this.states.set(phone, state);
        this.logger.info({ phone, state, detail }, 'link state');
      },
      history: async ({ messages }) => {
        for (const message of messages) await chats().receive({ ...message, history: true });
      },
    };
  }
}
