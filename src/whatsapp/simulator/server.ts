// The WhatsApp simulator: a local WhatsApp server that the unmodified Baileys client links to,
// offline. `guru demo` runs it as the demo's phone and customers; the tests use it as a fake.
// See /work/shared/docs/whatsapp-offline.md for the protocol notes this follows.
// This file is its public face (FakeWhatsApp); the parts behind it: connection.ts (handshake and
// login), pairing.ts, iq.ts, client-stanzas.ts, delivery.ts, media.ts (with its HTTPS host,
// media-server.ts), all sharing state.ts.
import { randomInt, X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { Curve, proto } from '@whiskeysockets/baileys';
import type { FakeContact } from './contact.js';
import { acceptConnection } from './connection.js';
import * as delivery from './delivery.js';
import type { SimulatorFaults } from './faults.js';
import * as media from './media.js';
import { MediaServer } from './media-server.js';
import type { MediaSpec } from './media-spec.js';
import { makeCertChain, type KeyPair } from './noise.js';
import * as pairing from './pairing.js';
import { SimulatorState, type ClientReceipt, type DeliveredMessage, type FakeWhatsAppOptions } from './state.js';
import type { HistoryBatch } from './stanzas.js';

export { FakeContact } from './contact.js';
export { SimulatorFaults, type MessageDropPoint } from './faults.js';
export type { HistoryBatch } from './stanzas.js';
export type { MediaKind, MediaSpec } from './media-spec.js';
export type { ClientReceipt, DeliveredMessage, FakeWhatsAppOptions } from './state.js';
/** `HistoryBatch.syncType` values (INITIAL_BOOTSTRAP, RECENT, …), so callers need not import Baileys. */
export const HistorySyncType = proto.HistorySync.HistorySyncType;

export class FakeWhatsApp {
  readonly url: string;
  /**
   * What a client must trust to talk to this server: the root key of its Noise certificate chain
   * (instead of WhatsApp's) and its media host's self-signed certificate (PEM).
   */
  readonly trust: { publicKeyHex: string; serial: number; mediaCertPem: string };
  /** The media host (`media_conn`): uploads refused so far, with why, in `media.refused`. */
  readonly media: MediaServer;
  /** Messages the linked client sent, decrypted by the fake contact they were addressed to. */
  readonly delivered: DeliveredMessage[];
  /** Receipts (delivery/read/...) the linked client sent for incoming messages. */
  readonly clientReceipts: ClientReceipt[];
  /** Chat states (typing indicators) the linked client sent: `sendPresenceUpdate('composing'|'paused', jid)`. */
  readonly clientChatstates: { to: string; state: string }[];
  /** Protocol-level problems (decryption failures, unknown recipients...). Should stay empty. */
  readonly errors: string[];
  /**
   * Messages the client sent again with an id the contact already had (a resend of one it could
   * not confirm). The contact's phone shows a message id once, so these are not in `delivered`.
   */
  readonly redelivered: DeliveredMessage[];
  /**
   * Reactions the linked client sent (`reactionMessage`): a phone shows them under the message
   * they name, not as messages of their own, so they are kept apart from `delivered`.
   */
  readonly reactions: DeliveredMessage[];
  /** Faults to fire at an exact point: a drop mid history sync, or while a message is sent. */
  readonly faults: SimulatorFaults;

  private wss: WebSocketServer;
  private readonly sim: SimulatorState;
  private readonly serverStatic: KeyPair = Curve.generateKeyPair();
  private readonly certChain: Uint8Array;

  private constructor(wss: WebSocketServer, mediaServer: MediaServer, options: FakeWhatsAppOptions) {
    this.wss = wss;
    const sim = new SimulatorState(options);
    this.sim = sim;
    sim.media = mediaServer;
    this.media = mediaServer;
    // the records live in the shared state, where the parts write them; these are the same arrays
    this.delivered = sim.delivered;
    this.clientReceipts = sim.clientReceipts;
    this.clientChatstates = sim.clientChatstates;
    this.errors = sim.errors;
    this.redelivered = sim.redelivered;
    this.reactions = sim.reactions;
    this.faults = sim.faults;
    const port = (wss.address() as AddressInfo).port;
    this.url = `ws://127.0.0.1:${port}/ws/chat`;
    const root = Curve.generateKeyPair();
    const serial = randomInt(1000, 1_000_000);
    this.trust = { publicKeyHex: Buffer.from(root.public).toString('hex'), serial, mediaCertPem: mediaServer.certPem };
    this.certChain = makeCertChain(root, serial, this.serverStatic.public);
    this.accept(wss);
  }

  static async start(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsApp> {
    const mediaServer = await MediaServer.start(options.maxMediaBytes ? { maxBytes: options.maxMediaBytes } : {});
    try {
      return new FakeWhatsApp(await listen(0), mediaServer, options);
    } catch (err) {
      await mediaServer.close();
      throw err;
    }
  }

  private accept(wss: WebSocketServer): void {
    wss.on('connection', (ws) => {
      if (this.sim.faults.unreachable) return ws.terminate();
      acceptConnection(this.sim, ws, this.serverStatic, this.certChain);
    });
  }

  /** Numbers currently paired (the server knows their creds). */
  get linkedNumbers(): string[] {
    return [...this.sim.accounts.keys()];
  }

  /** Numbers with a logged-in connection right now. */
  get onlineNumbers(): string[] {
    return [...new Set([...this.sim.conns].filter((c) => c.account && !c.closed).map((c) => c.account!.number))];
  }

  /** Number of open websocket connections (any stage). */
  get connectionCount(): number {
    return [...this.sim.conns].filter((c) => !c.closed).length;
  }

  // ---------------------------------------------------------------- public API

  /**
   * Act as the phone `phone.number` scanning the QR text a client displayed
   * (`https://wa.me/settings/linked_devices#REF,NOISE,IDENTITY,ADV,PLATFORM`).
   * Resolves after pair-success was confirmed by the client and `515` was sent.
   */
  async scan(qr: string, phone: { number: string; lid?: string }): Promise<void> {
    return pairing.scan(this.sim, qr, phone);
  }

  /**
   * Act as the phone `phone.number` whose user typed the 8-character pairing code a client displayed
   * after `requestPairingCode(number)`. Resolves after pair-success was confirmed and `515` was sent.
   * Throws if no client asked for a code, the code is wrong, or the client asked for another number.
   */
  async enterPairingCode(code: string, phone: { number: string; lid?: string }): Promise<void> {
    return pairing.enterPairingCode(this.sim, code, phone);
  }

  /** A customer with a real libsignal identity. Unknown numbers messaged by the client are created on the fly. */
  async contact(number: string, name?: string, options: { lid?: string } = {}): Promise<FakeContact> {
    return this.sim.getOrCreateContact(number.replace(/\D/g, ''), name, options.lid);
  }

  /** Looks up a contact by number or LID. */
  findContact(numberOrLid: string): FakeContact | undefined {
    return this.sim.contacts.get(numberOrLid);
  }

  /** Someone writes to `to` on the phone itself: the linked device gets it as one of its own (fromMe). */
  sendFromPhone(to: FakeContact, text: string, options: { id?: string; time?: number } = {}): Promise<string> {
    return delivery.sendFromPhone(this.sim, to, text, options);
  }

  /**
   * A message from `from` to the linked device (Signal `pkmsg` unless `plaintext`): a text, or
   * any WhatsApp message (an image with its caption, a reaction…; media is described, no bytes).
   * If the device is offline it is queued and delivered as offline backlog on its next login.
   */
  async sendMessage(
    from: FakeContact,
    text: string | proto.IMessage,
    options: { id?: string; viaLid?: boolean; plaintext?: boolean; undecryptable?: boolean; pushName?: string; time?: number; to?: string } = {},
  ): Promise<string> {
    return delivery.sendMessage(this.sim, from, text, options);
  }

  /**
   * `from` sends a photo, voice note (`ptt`), audio file, video, document or sticker, as WhatsApp
   * carries it: encrypted under a fresh mediaKey, uploaded to the media host, then an
   * imageMessage/audioMessage/… with url, directPath, mediaKey and the file's hashes and length.
   * Queued like any message while the device is offline. Returns the message id.
   */
  async sendMedia(
    from: FakeContact,
    spec: MediaSpec,
    options: { id?: string; viaLid?: boolean; pushName?: string; time?: number; to?: string } = {},
  ): Promise<string> {
    return media.sendMedia(this.sim, from, spec, options);
  }

  /**
   * The contact's phone opening a media message the linked device sent (`delivered[i].message`):
   * the stored file is checked (fileEncSha256, mac), decrypted with the message's mediaKey and
   * checked again (fileSha256, fileLength). Throws naming the check that failed.
   */
  async downloadMedia(message: proto.IMessage): Promise<Buffer> {
    return media.downloadMedia(this.sim, message);
  }

  /**
   * The media of message `id` (sent by a contact with `sendMedia`) stops downloading (410), as
   * an old WhatsApp link does; the device can still get a new link with a re-upload request.
   * `permanently`: the file is gone, and the re-upload request fails too (NOT_FOUND).
   */
  async expireMedia(id: string, options: { permanently?: boolean } = {}): Promise<void> {
    const sent = this.sim.sentMedia.get(id);
    if (!sent) throw new Error(`FakeWhatsApp: no media message ${id} was sent by a contact`);
    if (options.permanently) await this.media.forget(sent.directPath);
    else this.media.expire(sent.directPath);
  }

  /** Wait until `delivered` has at least `count` entries. */
  async waitForDelivered(count: number, timeoutMs = 10_000): Promise<DeliveredMessage[]> {
    await this.waitFor(() => this.delivered.length >= count, timeoutMs, `${count} delivered message(s)`);
    return this.delivered.slice();
  }

  /** Wait until `number` (or any account) has a logged-in connection. */
  async waitForOnline(number?: string, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(() => (number ? this.onlineNumbers.includes(number) : this.onlineNumbers.length > 0), timeoutMs, `${number ?? 'a device'} online`);
  }

  /** Generic wait on server state (re-checked on every server event). */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    return this.sim.waitFor(predicate, timeoutMs, what);
  }

  /**
   * Delivery (default) or read receipt from `contact` for a message the client sent; or a retry
   * receipt, as a device that failed to decrypt a message sends it — the client is then to
   * encrypt that message again, for `contact` (it lands in `redelivered`, or in `delivered` if
   * `contact` never had that id).
   */
  async sendReceipt(contact: FakeContact, messageId: string | string[], type?: 'read' | 'retry', options: { to?: string } = {}): Promise<void> {
    return delivery.sendReceipt(this.sim, contact, messageId, type, options);
  }

  /** A contact's typing indicator (`composing`/`paused`, chatstate) or presence (`available`/`unavailable`) → `presence.update`. */
  async sendPresence(
    contact: FakeContact,
    state: 'composing' | 'paused' | 'recording' | 'available' | 'unavailable',
    options: { to?: string } = {},
  ): Promise<void> {
    return delivery.sendPresence(this.sim, contact, state, options);
  }

  /**
   * History sync notifications (one per batch), as the phone sends after linking. `paced`: send
   * each batch once the device acknowledged the one before, as a phone does — a batch lost to a
   * drop is redelivered at the next login, and the rest follow it there. A history message with
   * `media` has its file uploaded first (downloadable, expirable and re-uploadable by its id, like
   * `sendMedia`'s).
   */
  async sendHistory(batches: HistoryBatch[], options: { to?: string; paced?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const withMedia = batches.some((b) => b.chats.some((c) => c.messages.some((m) => m.media))) ? await media.withHistoryMedia(this.sim, batches) : batches;
    return delivery.sendHistory(this.sim, withMedia, options);
  }

  /** Close every websocket abruptly (clients should reconnect and log in again). */
  dropConnections(): void {
    this.sim.dropConnections();
  }

  /**
   * WhatsApp out of reach (a network outage): every connection drops and new ones are cut as they
   * open, until `reachable()`. A device meanwhile keeps reconnecting with its backoff.
   */
  unreachable(): void {
    this.sim.faults.unreachable = true;
    this.sim.dropConnections();
  }

  /** Back in reach: the next reconnect of a device logs in again. */
  reachable(): void {
    this.sim.faults.unreachable = false;
  }

  /**
   * The server goes down and comes back after `downMs` on the same address, as after a WhatsApp-wide
   * outage: every connection is cut and, meanwhile, refused (not accepted and then cut, as with
   * `unreachable()`). Accounts and contacts stay, as WhatsApp's do: devices log in again.
   */
  async restart(downMs: number): Promise<void> {
    const port = (this.wss.address() as AddressInfo).port;
    this.sim.dropConnections();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, downMs));
    this.wss = await listen(port);
    this.accept(this.wss);
  }

  /** `<stream:error code=440/>`: connection replaced (the creds are in use elsewhere). */
  async replaceSession(number?: string): Promise<void> {
    for (const conn of this.sim.loggedIn(number)) {
      this.sim.send(conn, {
        tag: 'stream:error',
        attrs: { code: '440' },
        content: [{ tag: 'conflict', attrs: { type: 'replaced' } }],
      });
      this.sim.closeSoon(conn);
    }
  }

  /** `<failure reason=401/>`: the phone logged the device out. The account is forgotten. */
  async logoutSession(number?: string): Promise<void> {
    const numbers = number ? [number] : this.linkedNumbers;
    for (const conn of this.sim.loggedIn(number)) {
      this.sim.send(conn, { tag: 'failure', attrs: { reason: '401', location: 'fake' } });
      this.sim.closeSoon(conn);
    }
    for (const n of numbers) this.sim.accounts.delete(n);
    this.sim.notify();
  }

  async close(): Promise<void> {
    this.sim.terminateAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.media.close();
  }
}

/** A websocket server on 127.0.0.1 (`port` 0: any free port), once it listens. */
async function listen(port: number): Promise<WebSocketServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  return wss;
}

/**
 * The value of the daemon's GURU_WA_TRUST setting that makes it trust this server:
 * `<root key hex>:<serial>:<media certificate, base64 DER>`.
 */
export const trustSetting = (server: Pick<FakeWhatsApp, 'trust'>): string =>
  `${server.trust.publicKeyHex}:${server.trust.serial}:${new X509Certificate(server.trust.mediaCertPem).raw.toString('base64')}`;
