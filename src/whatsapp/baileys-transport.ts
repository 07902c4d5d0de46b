import type { WAMessage, WAMessageKey, WASocket } from '@whiskeysockets/baileys';
import type { MessageContent } from '../core/chats/content.js';
import type { Logger } from 'pino';
import { SendDeferred, type SendContext } from '../core/chats/ports.js';
import { GuruError } from '../core/errors.js';
import type { WhatsAppLookup } from '../core/context.js';
import type { LinkState } from '../core/model.js';
import type { Secret } from '../core/ports.js';
import { t } from '../i18n/translate.js';
import { forgetPeersInSecret, PhoneAuthState } from './auth-state.js';
import { ConfirmedSender } from './confirmed-send.js';
import { HistorySync, toInbound, type HistoryEvent } from './history-sync.js';
import { mediaAgents, type MediaAgents } from './media-trust.js';
import { downloadMedia, reuploadMedia } from './media-download.js';
import { MediaFetchError } from '../core/media/remote.js';
import { toBaileys } from './outgoing-message.js';
import type { Transport, TransportHandler } from './transport.js';
import type { ConnectGate } from './connect-gate.js';
import { ReceiptGate } from './receipt-gate.js';

type Baileys = typeof import('@whiskeysockets/baileys');

export interface BaileysTransportOptions {
  phone: string;
  credentials: Secret;
  /** WhatsApp's WebSocket; tests point it at a local server (GURU_WA_URL). */
  url?: string;
  /**
   * A root key to trust instead of WhatsApp's (GURU_WA_TRUST), so `guru demo`'s daemon can link
   * to the built-in simulator. Absent in real use: WhatsApp's own key is left untouched.
   * `mediaCertPem`: the simulator's media host certificate, trusted by Baileys' media transfers
   * only (media-trust.ts).
   */
  trust?: { publicKeyHex: string; serial: number; mediaCertPem?: string };
  logger: Logger;
  /**
   * One of our stored messages for WhatsApp's retry requests, only if it was sent to whoever
   * `askedBy` names (their JIDs: as asked, and the phone number behind a LID).
   */
  getMessage(id: string, askedBy: string[]): Promise<MessageContent | undefined>;
  /** Reconnect backoff: first delay and cap, in ms. */
  backoff?: { initialMs: number; maxMs: number };
  /** How long the first QR lives (then 20 s each); tests shorten it. */
  qrTimeoutMs?: number;
  /** After linking, how long without a history batch counts as "history done". */
  syncSettleMs?: number;
  /** How long a sent message may wait for WhatsApp's confirmation before the outbox tries it again. */
  sendTimeoutMs?: number;
  /** The daemon's limit on connections opened at once (shared by its numbers); none: no limit. */
  connectGate?: ConnectGate;
}

const STATUS = { SERVER_ACK: 2, DELIVERY_ACK: 3, READ: 4, PLAYED: 5 } as const;
/** How long a logout waits for what the gate holds (a write of the credentials just changed) to go first. */
const LOGOUT_WAIT_MS = 5_000;

/**
 * One phone on real WhatsApp, through Baileys (loaded only when a phone connects). Handles the
 * whole life of the link: QR or pairing code, the 515 restart after pairing, the own-number
 * check, reconnects with capped exponential backoff and jitter, and every disconnect reason.
 */
export class BaileysTransport implements Transport {
  readonly kind = 'baileys';
  private baileys!: Baileys;
  private auth!: PhoneAuthState;
  private loaded = false;
  /** Agents trusting the simulator's media host (GURU_WA_TRUST); null on real WhatsApp. */
  private media: MediaAgents | null = null;
  private handler: TransportHandler | null = null;
  private sock: WASocket | null = null;
  /** The current socket's gate: what it sends waits for messages to be stored and keys written. */
  private receipts: ReceiptGate | null = null;
  private state: LinkState = 'unlinked';
  private linking: { pairingCode: boolean; codeRequested: boolean; newLogin: boolean } | null = null;
  /** History batches into the engine; while linking, held until the number is checked. */
  private history: HistorySync | null = null;
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Sockets thrown away (reset, stop): their late events are ignored. */
  private readonly abandoned = new WeakSet<WASocket>();
  /** This number's place in the daemon's connect gate, while its connection is being opened. */
  private slot: (() => void) | null = null;
  /** The current socket got through (connection 'open', the right number): its close is a drop. */
  private open = false;
  /** Set when we are throwing this session away (wrong number, unlink): its close is expected. */
  private discarding: { reason: 'wrong_number' | 'unlink'; message: string } | null = null;

  /** Sends confirmed by WhatsApp's server (the outbox sends again what was not). */
  private readonly sender: ConfirmedSender;

  constructor(private readonly options: BaileysTransportOptions) {
    this.sender = new ConfirmedSender({
      phone: options.phone,
      logger: options.logger,
      timeoutMs: options.sendTimeoutMs ?? 30_000,
    });
  }

  get phone(): string {
    return this.options.phone;
  }

  async start(handler: TransportHandler): Promise<void> {
    this.handler = handler;
    this.history = new HistorySync({
      phone: this.phone,
      handler,
      normalizeJid: (jid) => this.baileys.jidNormalizedUser(jid),
      settleMs: this.options.syncSettleMs ?? 5_000,
      onDone: () => this.finishLink(),
    });
    // Baileys costs ~0.5 s and ~100 MB to load: an unlinked phone does not pay it until linked.
    if ((await this.options.credentials.read()) === null) return this.setState('unlinked');
    await this.load();
    if (this.auth.linked) void this.connectWhenLetIn();
    else this.setState('unlinked');
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.baileys = await import('@whiskeysockets/baileys');
    if (this.options.trust) {
      // Baileys checks the server's Noise certificate chain against one root key, a mutable
      // module-level export (WA_CERT_DETAILS). Only a daemon started with GURU_WA_TRUST (the
      // demo, pointed at its own simulator) replaces it; it applies to this process only.
      this.baileys.WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(this.options.trust.publicKeyHex, 'hex');
      this.baileys.WA_CERT_DETAILS.SERIAL = this.options.trust.serial;
      if (this.options.trust.mediaCertPem) this.media = await mediaAgents(this.options.trust.mediaCertPem);
    }
    this.auth = await this.loadAuth();
    this.loaded = true;
  }

  /** The saved session; a failed write of it is logged (it is tried again). */
  private async loadAuth(): Promise<PhoneAuthState> {
    const auth = await PhoneAuthState.load(this.baileys, this.options.credentials);
    auth.onWriteFailed = (err) =>
      this.options.logger.error({ phone: this.phone, error: (err as Error).message }, 'could not save the WhatsApp session; trying again');
    return auth;
  }

  /**
   * The options to give Baileys' downloadMediaMessage / downloadContentFromMessage: with
   * GURU_WA_TRUST's media certificate, a fetch dispatcher that trusts the simulator's media host;
   * on real WhatsApp nothing (the global fetch and the system's CAs).
   */
  mediaDownloadOptions(): { options?: { dispatcher: MediaAgents['dispatcher'] } } {
    return this.media ? { options: { dispatcher: this.media.dispatcher } } : {};
  }

  async downloadMedia(source: string): Promise<AsyncIterable<Uint8Array>> {
    // Media links work without the WhatsApp connection; Baileys' code is needed all the same.
    await this.load();
    return downloadMedia(this.baileys, source, this.media?.fetchAgent);
  }

  async reuploadMedia(source: string): Promise<string> {
    // The request goes to the sender's phone over the connection: without one, later.
    if (!this.sock || this.state !== 'connected') throw new MediaFetchError('transient', `phone ${this.phone} is not connected to WhatsApp (${this.state})`);
    return reuploadMedia(this.sock, source);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.freeSlot();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.history?.endLink();
    if (this.sock) this.abandoned.add(this.sock);
    this.sock?.end(undefined);
    this.sock = null;
    // Nothing more is written after this: another daemon may be taking the number over from the disk.
    if (this.loaded) await this.auth.close();
  }

  async link(options: { pairingCode: boolean }): Promise<void> {
    await this.load();
    if (this.auth.linked) {
      this.emitLink({
        type: 'failed',
        reason: 'already_linked',
        message: t`${this.phone} is already linked — unlink it first with \`guru phone unlink ${this.phone}\``,
      });
      return;
    }
    this.linking = { pairingCode: options.pairingCode, codeRequested: false, newLogin: false };
    this.history?.beginLink();
    this.attempts = 0;
    this.connect();
  }

  async cancelLink(): Promise<void> {
    if (!this.linking || !this.loaded) return;
    this.endLinking();
    if (!this.auth.linked || this.state !== 'connected') await this.reset('unlinked');
  }

  async linked(): Promise<boolean> {
    // An unlinked phone does not load Baileys to say so.
    if (!this.loaded && (await this.options.credentials.read()) === null) return false;
    await this.load();
    return this.auth.linked;
  }

  async forgetPeers(users: ReadonlySet<string>): Promise<void> {
    // Not loaded (never linked on this daemon's watch): the saved session is edited as a file.
    if (!this.auth) return void (await forgetPeersInSecret(this.options.credentials, users));
    const doomed = this.auth.peerKeys(users);
    if (Object.keys(doomed).length === 0) return;
    // Through the live socket's key store when there is one: it caches keys, and a cached
    // session would otherwise be used (and written back) after it was forgotten.
    await (this.sock?.authState.keys ?? this.auth.state().keys).set(doomed);
    await this.auth.flushed();
  }

  async unlink(): Promise<{ loggedOut: boolean }> {
    await this.load();
    let loggedOut = false;
    // Logged in (connected, or still syncing the history of a link): WhatsApp is told to drop the device.
    if (this.sock && (this.state === 'connected' || this.state === 'syncing')) {
      this.discarding = { reason: 'unlink', message: 'unlinked' };
      // The logout goes before the socket ends: nothing of the gate may hold it back.
      await this.receipts?.drained(LOGOUT_WAIT_MS);
      loggedOut = await this.sock.logout().then(
        () => true,
        () => false,
      );
    }
    if (this.linking) {
      this.endLinking();
      this.emitLink({
        type: 'failed',
        reason: 'error',
        message: t`${this.phone} was unlinked (\`guru phone unlink\`) before its history was in`,
      });
    }
    await this.reset('unlinked');
    return { loggedOut };
  }

  async send(toJid: string, content: MessageContent, messageId: string, context?: SendContext): Promise<void> {
    // Not connected: the outbox sends it once the phone is.
    if (!this.sock || this.state !== 'connected') throw new SendDeferred(`phone ${this.phone} is not connected to WhatsApp (${this.state})`);
    const sock = this.sock;
    const message = await toBaileys(toJid, content, context);
    try {
      await this.sender.send(sock, toJid, message.content, messageId, message.quoted);
    } finally {
      message.file?.destroy(); // read to the end already, unless the send stopped before
    }
  }

  /** WhatsApp's own answer (a usync `contact` query), with the JID it gives: for some numbers not the one typed. */
  async lookup(number: string): Promise<WhatsAppLookup> {
    const found = (await this.requireConnected().onWhatsApp(number.replace(/^\+/, ''))) ?? [];
    const hit = found.find((r) => r.exists === true);
    return hit ? { exists: true, jid: this.baileys.jidNormalizedUser(hit.jid) } : { exists: false };
  }

  async markRead(toJid: string, messageIds: string[]): Promise<void> {
    const sock = this.requireConnected();
    await sock.readMessages(messageIds.map((id) => ({ remoteJid: toJid, id, fromMe: false })));
  }

  async setTyping(toJid: string, typing: boolean): Promise<void> {
    await this.requireConnected().sendPresenceUpdate(typing ? 'composing' : 'paused', toJid);
  }

  private requireConnected(): WASocket {
    if (!this.sock || this.state !== 'connected') {
      throw new GuruError('not_linked', t`phone ${this.phone} is not connected to WhatsApp (${this.state})`);
    }
    return this.sock;
  }

  /**
   * Connects a linked session once the daemon's gate lets it in: after an outage every number
   * reconnects, a few at a time, instead of all in the same second.
   */
  private async connectWhenLetIn(): Promise<void> {
    // First, without a place in the gate: a session whose writes fail (a full disk, the database
    // away) waits here without keeping the other numbers out.
    await this.fromDisk();
    if (this.stopped) return;
    const gate = this.options.connectGate;
    if (gate) {
      const release = await gate.take();
      if (this.stopped) return release();
      this.slot = release;
    }
    this.connect();
  }

  /**
   * Before a new connection: what may be written is, and a session still ahead of the disk (keys
   * of messages decrypted on the last connection and not stored) starts again from the disk —
   * WhatsApp gives those messages again, and only the disk's keys open them once more.
   */
  private async fromDisk(): Promise<void> {
    await this.auth.idle();
    if (!this.auth.ahead && !this.auth.letGo) return;
    await this.auth.close();
    this.auth = await this.loadAuth();
  }

  private freeSlot(): void {
    this.slot?.();
    this.slot = null;
  }

  private connect(): void {
    if (this.stopped) return;
    const { makeWASocket, makeCacheableSignalKeyStore, Browsers, DEFAULT_CONNECTION_CONFIG } = this.baileys;
    const receipts = new ReceiptGate(this.auth, this.options.logger.child({ phone: this.phone }));
    const logger = receipts.watch(this.options.logger.child({ module: 'baileys', phone: this.phone }, { level: 'warn' }));
    const state = this.auth.state();
    const sock = makeWASocket({
      auth: { creds: state.creds, keys: makeCacheableSignalKeyStore(state.keys, logger) },
      logger,
      browser: Browsers.ubuntu('Guru'),
      markOnlineOnConnect: false,
      ...(this.options.url ? { waWebSocketUrl: this.options.url } : {}),
      ...(this.options.qrTimeoutMs ? { qrTimeout: this.options.qrTimeoutMs } : {}),
      getMessage: (key) => this.messageToResend(key),
      makeSignalRepository: (...args) => receipts.repository(DEFAULT_CONNECTION_CONFIG.makeSignalRepository(...args)),
      // uploads: only with the simulator's media host certificate; WhatsApp's hosts need none
      ...(this.media ? { fetchAgent: this.media.fetchAgent } : {}),
    });
    receipts.attach(sock);
    this.sock = sock;
    this.receipts = receipts;
    this.sender.attach(sock);
    const onEvents: Parameters<WASocket['ev']['process']>[0] = async (events) => {
      if (events['connection.update']?.connection === 'close') {
        this.sender.closed(sock);
        receipts.close();
      }
      if (this.abandoned.has(sock)) return; // a socket we threw away: nothing it says counts
      if (sock === this.sock) {
        if (events['creds.update']) this.auth.changed();
        if (events['connection.update']) await this.onConnection(sock, events['connection.update']);
      }
      // What a socket that has dropped since still hands over counts: WhatsApp will not send it again.
      if (events['messages.upsert']) {
        const { messages } = events['messages.upsert'];
        const ids = messages.flatMap((m) => (m.key.id ? [m.key.id] : []));
        receipts.handedOver(ids);
        await this.onMessages(messages);
        // Stored: WhatsApp may now be told they arrived. (A failure to store leaves them unreceipted.)
        receipts.settled(ids);
      }
      if (events['messages.update']) await this.onUpdates(events['messages.update']);
      if (events['messaging-history.set']) await this.onHistory(events['messaging-history.set']);
      if (events['lid-mapping.update']) await this.onAlias([events['lid-mapping.update']]);
    };
    sock.ev.process(onEvents);
    // Baileys holds events in a buffer (100 ms, or while a history batch is unpacked) and, when
    // the connection ends, destroys it. A message in there is decrypted already: its keys are
    // used up in this process, so WhatsApp's second copy could not be opened here — a drop would
    // lose it. So the buffer is flushed before it goes, and what is still being unpacked is
    // listened for afterwards.
    const destroy = sock.ev.destroy.bind(sock.ev);
    sock.ev.destroy = () => {
      sock.ev.flush();
      destroy();
      sock.ev.process(onEvents);
    };
  }

  /**
   * Baileys asks for a message to encrypt again when a device that failed to decrypt it sends a
   * retry receipt, and relays it to the key's `remoteJid` (the one who asked, not the message's
   * chat). So a message is handed over only when that is the person it was sent to — and the
   * device asking (`participant`) is theirs too; otherwise anyone could ask for any message id.
   */
  private async messageToResend(key: WAMessageKey): Promise<import('@whiskeysockets/baileys').proto.IMessage | undefined> {
    if (!key.id || !key.remoteJid) return undefined;
    const { areJidsSameUser } = this.baileys;
    const askers = [key.remoteJid];
    if (key.participant && !areJidsSameUser(key.participant, key.remoteJid)) askers.push(key.participant);
    let content: MessageContent | undefined;
    for (const jid of askers) {
      content = await this.options.getMessage(key.id, await this.knownAs(jid));
      if (content === undefined) return undefined;
    }
    // As it went out when it was sent lately (a file keeps its key, a reply its quote); else a
    // text is rebuilt from its words. A file sent before this process started cannot be.
    const recent = this.sender.recentMessage(key.id);
    if (recent) return recent;
    return content?.type === 'text' ? { conversation: content.text } : undefined;
  }

  /** A JID as the chats know it: the user (no device), plus the phone number Baileys has learned for a LID. */
  private async knownAs(jid: string): Promise<string[]> {
    const { jidNormalizedUser, isLidUser } = this.baileys;
    const user = jidNormalizedUser(jid);
    if (!isLidUser(user)) return [user];
    const pn = await this.sock?.signalRepository.lidMapping.getPNForLID(user).catch(() => null);
    return pn ? [user, jidNormalizedUser(pn)] : [user];
  }

  private async onConnection(sock: WASocket, update: Partial<import('@whiskeysockets/baileys').ConnectionState>): Promise<void> {
    if (update.qr && this.linking) {
      if (this.linking.pairingCode) {
        if (!this.linking.codeRequested) {
          this.linking.codeRequested = true;
          const code = await sock.requestPairingCode(this.phone.replace(/^\+/, ''));
          this.emitLink({ type: 'pairing-code', code });
        }
        // Baileys still makes QR codes underneath; the person is waiting to type the code, not to scan.
        this.setState('waiting_code');
      } else {
        this.emitLink({ type: 'qr', qr: update.qr, validForMs: this.options.qrTimeoutMs ?? 60_000 });
        this.setState('waiting_qr');
      }
    }
    if (update.isNewLogin && this.linking) {
      this.linking.newLogin = true;
      this.setState('pairing');
    }
    if (update.connection === 'open') {
      this.freeSlot();
      await this.onOpen(sock);
    }
    if (update.receivedPendingNotifications && this.state === 'syncing' && !this.linking) this.setState('connected');
    if (update.connection === 'close') await this.onClose(update.lastDisconnect?.error);
  }

  private async onOpen(sock: WASocket): Promise<void> {
    const own = this.baileys.jidDecode(this.auth.creds.me?.id ?? '')?.user;
    const expected = this.phone.replace(/^\+/, '');
    if (own !== expected) {
      // The seed's rule: only the registered number may be linked. Log that companion out,
      // and keep nothing it sends meanwhile (its history is another number's).
      this.endLinking();
      this.discarding = {
        reason: 'wrong_number',
        message: t`the phone that scanned is +${own}, but this is ${this.phone} — scan with the WhatsApp of ${this.phone}`,
      };
      await this.receipts?.drained(LOGOUT_WAIT_MS);
      await sock.logout().catch(() => undefined);
      return;
    }
    this.attempts = 0;
    this.open = true;
    if (this.linking) {
      // Freshly linked, right number: the phone now pushes history (some may already be held
      // back, waiting for this check). The link is done once that is in.
      this.setState('syncing');
      await this.history?.verified();
    } else {
      this.setState('connected');
    }
  }

  /** History is in (see HistorySync): the link is done. */
  private finishLink(): void {
    if (!this.linking) return;
    this.linking = null;
    // Connected only if it is: a drop during the sync is being reconnected, and the reconnect
    // reports "connected" itself.
    if (this.state === 'syncing') this.setState('connected');
    this.emitLink({ type: 'linked', number: this.phone });
  }

  private endLinking(): void {
    this.linking = null;
    this.history?.endLink();
  }

  private async onClose(error: Error | undefined): Promise<void> {
    const code = (error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
    const { DisconnectReason } = this.baileys;
    this.freeSlot();
    if (this.stopped) return;
    // A drop of an open session (not a reconnect attempt that never got through, not the restart
    // pairing asks for, not one we caused): what `guru phone health` counts, with WhatsApp's reason.
    const wasOpen = this.open;
    this.open = false;
    if (wasOpen && !this.discarding && code !== DisconnectReason.restartRequired) {
      const name = Object.entries(DisconnectReason).find(([, value]) => value === code)?.[0];
      this.handler?.health?.({ type: 'disconnected', code: code ?? null, reason: name ?? error?.message ?? 'closed' });
    }
    if (this.discarding) {
      const { reason, message } = this.discarding;
      this.discarding = null;
      await this.reset('unlinked');
      if (reason === 'wrong_number') this.emitLink({ type: 'failed', reason, message });
      return;
    }
    if (code === DisconnectReason.restartRequired) {
      // Always right after pairing: with the new credentials on disk first.
      await this.fromDisk();
      return this.connect();
    }
    if (code === DisconnectReason.loggedOut || code === DisconnectReason.forbidden) {
      await this.reset('logged_out');
      this.emitLink({
        type: 'failed',
        reason: 'logged_out',
        message: t`WhatsApp logged ${this.phone} out — link it again with \`guru phone link ${this.phone}\``,
      });
      return;
    }
    if (code === DisconnectReason.connectionReplaced) {
      this.sock = null;
      // Someone else holds the session now (another daemon taking the number over): write no more over theirs.
      await this.auth.close();
      this.setState('replaced');
      this.emitLink({ type: 'failed', reason: 'replaced', message: t`another client took over ${this.phone}'s session` });
      return;
    }
    if (this.linking && !this.auth.linked) {
      // Before pairing, a close means the QR codes ran out (408) or the link broke: start over.
      const byCode = this.linking.pairingCode;
      this.endLinking();
      await this.reset('unlinked');
      const message = byCode
        ? t`the pairing code expired before it was entered — run \`guru phone link ${this.phone} --pairing-code\` again`
        : t`QR expired — run \`guru phone link ${this.phone}\` again`;
      this.emitLink({ type: 'failed', reason: 'qr_expired', message });
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.history?.paused();
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 1_000, maxMs: 60_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts += 1;
    this.setState('reconnecting');
    this.options.logger.warn({ phone: this.phone, attempt: this.attempts, delayMs: Math.round(delay) }, 'WhatsApp connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => void this.connectWhenLetIn(), delay);
    this.reconnectTimer.unref();
  }

  /** Ends the socket and forgets the credentials; nothing of this session is kept. */
  private async reset(state: LinkState): Promise<void> {
    const sock = this.sock;
    this.sock = null;
    // That socket's close and late events will be ignored (it is no longer ours): nothing is being discarded now.
    if (sock) this.abandoned.add(sock);
    this.discarding = null;
    sock?.end(undefined);
    await this.auth.wipe();
    this.auth = await this.loadAuth();
    this.setState(state);
  }

  private async onMessages(messages: WAMessage[]): Promise<void> {
    if (this.discarding) return;
    for (const m of messages) {
      // Baileys hands over what it could not decrypt as a CIPHERTEXT stub (and asks for it again).
      if (m.messageStubType === this.baileys.proto.WebMessageInfo.StubType.CIPHERTEXT && m.key.id) {
        this.handler?.health?.({ type: 'decrypt_failed', messageId: m.key.id });
        continue;
      }
      const inbound = toInbound(this.phone, m);
      if (inbound) await this.handler?.message(inbound);
    }
  }

  private async onUpdates(updates: { key: WAMessage['key']; update: Partial<WAMessage> }[]): Promise<void> {
    for (const { key, update } of updates) {
      if (!key.fromMe || !key.id || update.status === undefined || update.status === null) continue;
      const status = update.status >= STATUS.READ ? 'read' : update.status >= STATUS.DELIVERY_ACK ? 'delivered' : 'sent';
      await this.handler?.receipt({ phone: this.phone, id: key.id, status, time: new Date().toISOString() });
    }
  }

  private async onAlias(mappings: { lid: string; pn: string }[]): Promise<void> {
    if (this.discarding) return;
    for (const { lid, pn } of mappings) {
      if (lid && pn) await this.handler?.alias(this.baileys.jidNormalizedUser(lid), this.baileys.jidNormalizedUser(pn));
    }
  }

  private async onHistory(history: HistoryEvent): Promise<void> {
    if (this.discarding) return;
    await this.history?.add(history);
  }

  private setState(state: LinkState): void {
    if (this.state === state) return;
    this.state = state;
    this.handler?.connection(state);
    if (this.linking || state === 'connected') this.emitLink({ type: 'state', state });
  }

  private emitLink(event: Parameters<TransportHandler['link']>[0]): void {
    this.handler?.link(event);
  }
}
