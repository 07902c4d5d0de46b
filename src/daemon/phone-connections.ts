import type { Logger } from 'pino';
import { SendDeferred, type MessageSender, type SendContext } from '../core/chats/ports.js';
import type { MessageContent } from '../core/chats/content.js';
import type { Engine } from '../core/engine.js';
import { GuruError } from '../core/errors.js';
import type { LinkEvent } from '../core/link.js';
import type { LinkState } from '../core/model.js';
import { PhoneHealthLog, type PhoneHealth } from '../core/phone-health.js';
import { ConnectGate } from '../whatsapp/connect-gate.js';
import { forgetPeersInSecret } from '../whatsapp/auth-state.js';
import type { SecretStore } from '../core/ports.js';
import { isPrivateMessageId, privateMessageId, type Transport, type TransportHandler } from '../whatsapp/transport.js';
import type { Notifier, WhatsAppDirectory, WhatsAppLookup } from '../core/context.js';
import { MediaFetchError, type MediaRemote } from '../core/media/remote.js';
import { t } from '../i18n/translate.js';

/** What connects phones: real WhatsApp through Baileys, or the in-memory stand-in (tests, benchmarks). */
export type TransportKind = 'baileys' | 'memory';

export interface PhoneConnectionsOptions {
  kind: TransportKind;
  /** Where each phone's WhatsApp credentials are kept. */
  secrets: SecretStore;
  /** GURU_WA_URL: where Baileys connects (tests: a local fake server). */
  waUrl?: string;
  /**
   * GURU_WA_TRUST: a WhatsApp root key to trust instead of WhatsApp's, and the certificate of
   * its media host (the demo's simulator).
   */
  trust?: { publicKeyHex: string; serial: number; mediaCertPem?: string };
  qrTimeoutMs?: number;
  syncSettleMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** How many numbers may be opening their WhatsApp connection at once (default 4). */
  connectConcurrency?: number;
}

type LinkListener = (event: LinkEvent) => void;

/** A history sync so far: the phone's own figure (0–100), and the chats and messages taken in. */
export interface SyncProgress {
  progress: number;
  chats: number;
  messages: number;
}

/** How many private sends, and for how long, can be sent again on a retry request. */
const PRIVATE_KEPT = 200;
const PRIVATE_KEPT_MS = 15 * 60 * 1000;

/**
 * The daemon's phones: one transport per registered phone, its link state, link progress for
 * whoever watches a `guru phone link`, and the wiring of transport events into the engine.
 * Also the engine's MessageSender, and how it asks WhatsApp about numbers.
 */
export class PhoneConnections implements MessageSender, Notifier, WhatsAppDirectory, MediaRemote {
  private transports = new Map<string, Transport>();
  private states = new Map<string, LinkState>();
  private linkListeners = new Map<string, Set<LinkListener>>();
  /** Each phone's history sync as its link last reported it (shown while it is `syncing`). */
  private syncs = new Map<string, SyncProgress>();
  /** Each phone's health since the daemon started: kept while the phone is registered. */
  private healthLogs = new Map<string, PhoneHealthLog>();

  /** Connections opened at once, shared by every number (see ConnectGate). */
  private readonly gate: ConnectGate;

  constructor(
    private readonly options: PhoneConnectionsOptions,
    private readonly engine: () => Engine,
    private readonly logger: Logger,
    private readonly onState: (phone: string, state: LinkState) => void = () => undefined,
  ) {
    this.gate = new ConnectGate(options.connectConcurrency ?? 4);
  }

  linkState(phone: string): LinkState {
    return this.states.get(phone) ?? 'unlinked';
  }

  /** How far a phone's history sync is, while it is syncing; null otherwise. */
  syncProgress(phone: string): SyncProgress | null {
    return this.linkState(phone) === 'syncing' ? (this.syncs.get(phone) ?? null) : null;
  }

  /** A phone's health (`guru phone health`): the link's figures here, the chats' from the engine. */
  health(phone: string): PhoneHealth {
    const figures = this.engine().deps.chats?.linkFigures(phone) ?? { aliases: 0, pending: 0, failed: 0 };
    return this.healthLog(phone).snapshot(figures);
  }

  private healthLog(phone: string): PhoneHealthLog {
    let log = this.healthLogs.get(phone);
    if (!log) {
      log = new PhoneHealthLog(phone, () => new Date());
      this.healthLogs.set(phone, log);
    }
    return log;
  }

  transport(phone: string): Transport | undefined {
    return this.transports.get(phone);
  }

  /** Brings the set of running transports in line with the registered phones. */
  async sync(phones: readonly string[]): Promise<void> {
    // Let go first, then connect: a number another daemon is taking over is closed here before
    // anything slower (a connection being made) can hold it up.
    for (const phone of [...this.transports.keys()]) {
      if (!phones.includes(phone))
        await this.disconnect(phone, `${phone} was removed (\`guru phone remove\`) while it was being linked — nothing of the link was kept`);
    }
    for (const phone of phones) if (!this.transports.has(phone)) await this.connect(phone);
  }

  async stopAll(): Promise<void> {
    for (const phone of [...this.transports.keys()])
      await this.disconnect(phone, t`the daemon stopped while ${phone} was being linked — run \`guru phone link ${phone}\` again`);
  }

  /** Starts linking `phone`; `listener` gets every link event until it unsubscribes. */
  async link(phone: string, pairingCode: boolean, listener: LinkListener): Promise<() => Promise<void>> {
    const transport = this.requireTransport(phone);
    const listeners = this.linkListeners.get(phone) ?? new Set();
    this.linkListeners.set(phone, listeners);
    listeners.add(listener);
    this.syncs.delete(phone);
    await transport.link({ pairingCode });
    return async () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.linkState(phone) !== 'connected') await transport.cancelLink();
    };
  }

  /** A phone just registered may have no transport yet: then nothing of it is linked. */
  async linked(phone: string): Promise<boolean> {
    return (await this.transports.get(phone)?.linked()) ?? false;
  }

  unlink(phone: string): Promise<{ loggedOut: boolean }> {
    return this.requireTransport(phone).unlink();
  }

  async send(phone: string, toJid: string, content: MessageContent, messageId: string, context?: SendContext): Promise<void> {
    const transport = this.transports.get(phone);
    // Not connected now: the outbox sends it when the phone is (or says why it never will).
    if (!transport || this.linkState(phone) !== 'connected') throw new SendDeferred(`phone ${phone} is not connected to WhatsApp (${this.linkState(phone)})`);
    await transport.send(toJid, content, messageId, context);
  }

  /**
   * Forgets what `phone`'s WhatsApp session keeps about these people (an erasure): through its
   * transport while it runs, else in its saved session.
   */
  async forgetPeers(phone: string, users: ReadonlySet<string>): Promise<void> {
    const transport = this.transports.get(phone);
    if (transport?.forgetPeers) return transport.forgetPeers(users);
    await forgetPeersInSecret(this.options.secrets.phoneCredentials(phone), users);
  }

  /** A message's file, from the transport of the phone it arrived on. */
  async download(phone: string, source: string): Promise<AsyncIterable<Uint8Array>> {
    const transport = this.transports.get(phone);
    if (!transport) throw new MediaFetchError('transient', `phone ${phone} is not running`);
    return transport.downloadMedia(source);
  }

  /** Asks the sender's phone, through ours, to upload an expired file again. */
  async reupload(phone: string, source: string): Promise<string> {
    const transport = this.transports.get(phone);
    if (!transport) throw new MediaFetchError('transient', `phone ${phone} is not running`);
    return transport.reuploadMedia(source);
  }

  /**
   * Whether `number` has WhatsApp, asked through `phone`. Only a connected phone can ask: the
   * error says whether to wait (it is connecting) or to link it.
   */
  async lookup(phone: string, number: string): Promise<WhatsAppLookup> {
    const transport = this.transports.get(phone);
    const state = this.linkState(phone);
    if (!transport || state !== 'connected') {
      const waiting = state === 'reconnecting' || state === 'syncing' || state === 'pairing';
      throw new GuruError(
        'not_linked',
        waiting
          ? t`phone ${phone} is ${state}, so WhatsApp cannot be asked about the number yet — try again in a moment (\`guru phone status ${phone}\`)`
          : t`phone ${phone} is not connected to WhatsApp (${state}) — link it with \`guru phone link ${phone}\``,
      );
    }
    return transport.lookup(number);
  }

  /**
   * A private message: straight to the transport under an id that keeps WhatsApp's echo of it
   * out of the chats (see `privateMessageId`), so it never reaches a journal or an inbox.
   */
  async whatsapp(phone: string, to: string, text: string): Promise<void> {
    const transport = this.transports.get(phone);
    if (!transport || this.linkState(phone) !== 'connected') {
      throw new GuruError('not_linked', t`phone ${phone} is not connected to WhatsApp (${this.linkState(phone)})`);
    }
    const jid = `${to.replace(/^\+/, '')}@s.whatsapp.net`;
    const id = privateMessageId();
    this.rememberPrivate(id, { phone, jid, text, at: Date.now() });
    await transport.send(jid, { type: 'text', text }, id);
  }

  /**
   * Private sends, kept in memory only (never on disk) for a while, so that WhatsApp's retry
   * requests — a recipient's device that could not decrypt — can be answered, for that
   * recipient alone: there is no journal to find them in. Bounded in age and in number.
   */
  private readonly privateSent = new Map<string, { phone: string; jid: string; text: string; at: number }>();

  private rememberPrivate(id: string, sent: { phone: string; jid: string; text: string; at: number }): void {
    for (const [key, old] of this.privateSent) {
      if (this.privateSent.size < PRIVATE_KEPT && sent.at - old.at < PRIVATE_KEPT_MS) break;
      this.privateSent.delete(key); // oldest first: a Map iterates in insertion order
    }
    this.privateSent.set(id, sent);
  }

  /** A private message to send again, if `askedBy` (the asker's JIDs) is whom it went to through `phone`. */
  private privateToResend(phone: string, id: string, askedBy: string[]): MessageContent | undefined {
    const sent = this.privateSent.get(id);
    if (!sent || sent.phone !== phone || !askedBy.includes(sent.jid) || Date.now() - sent.at > PRIVATE_KEPT_MS) return undefined;
    return { type: 'text', text: sent.text };
  }

  private requireTransport(phone: string): Transport {
    const transport = this.transports.get(phone);
    if (!transport) throw new GuruError('not_found', t`phone ${phone} is not registered — add it with \`guru phone add ${phone}\``);
    return transport;
  }

  private async connect(phone: string): Promise<void> {
    const transport = await this.create(phone);
    this.transports.set(phone, transport);
    try {
      await transport.start(this.handlerFor(phone));
    } catch (err) {
      // Its credentials are encrypted and no key was given, or unreadable: the other numbers,
      // and the daemon, go on; this one stays off WhatsApp until the cause is fixed and the
      // daemon restarted.
      this.logger.error({ phone, error: (err as Error).message }, 'could not start the WhatsApp connection of a number');
    }
  }

  private async create(phone: string): Promise<Transport> {
    if (this.options.kind === 'memory') {
      const { MemoryTransport } = await import('../whatsapp/memory-transport.js');
      return new MemoryTransport(phone);
    }
    const { BaileysTransport } = await import('../whatsapp/baileys-transport.js');
    return new BaileysTransport({
      phone,
      credentials: this.options.secrets.phoneCredentials(phone),
      logger: this.logger,
      getMessage: async (id, askedBy) =>
        isPrivateMessageId(id) ? this.privateToResend(phone, id, askedBy) : (await this.engine().chats.messageToResend(phone, id, askedBy))?.content,
      ...(this.options.waUrl ? { url: this.options.waUrl } : {}),
      ...(this.options.trust ? { trust: this.options.trust } : {}),
      ...(this.options.qrTimeoutMs ? { qrTimeoutMs: this.options.qrTimeoutMs } : {}),
      ...(this.options.syncSettleMs ? { syncSettleMs: this.options.syncSettleMs } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      connectGate: this.gate,
    });
  }

  /** Stops a phone's transport; a `guru phone link` watching it is told `why` (it would wait forever). */
  private async disconnect(phone: string, why: string): Promise<void> {
    const listeners = this.linkListeners.get(phone);
    for (const listener of listeners ?? []) listener({ type: 'failed', reason: 'error', message: why });
    listeners?.clear();
    const transport = this.transports.get(phone);
    this.transports.delete(phone);
    this.states.delete(phone);
    this.syncs.delete(phone);
    this.healthLogs.delete(phone);
    await transport?.stop();
  }

  private handlerFor(phone: string): TransportHandler {
    const chats = () => this.engine().chats;
    const health = this.healthLog(phone);
    return {
      message: async (message) => {
        await chats().receive(message);
        health.received(message.id);
      },
      receipt: (receipt) => chats().receipt(receipt),
      connection: (state) => {
        this.states.set(phone, state);
        health.state(state);
        this.logger.info({ phone, state }, 'link state');
        this.onState(phone, state);
      },
      history: async ({ messages, progress }) => {
        await chats().receiveAll(messages.map((message) => ({ ...message, history: true })));
        health.historyBatch({ chats: new Set(messages.map((m) => m.from)).size, messages: messages.length, progress });
      },
      health: (event) => {
        health.event(event);
        if (event.type === 'decrypt_failed')
          this.logger.warn({ phone, messageId: event.messageId }, 'a message could not be decrypted; WhatsApp was asked to send it again');
      },
      alias: (lid, pn) => chats().alias(phone, lid, pn),
      link: (event) => {
        if (event.type === 'state' && event.state === 'syncing') {
          const { progress = 0, chats = 0, messages = 0 } = event;
          this.syncs.set(phone, { progress, chats, messages });
        }
        for (const listener of this.linkListeners.get(phone) ?? []) listener(event);
      },
    };
  }
}
