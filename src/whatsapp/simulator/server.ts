// The WhatsApp simulator: a local WhatsApp server that the unmodified Baileys client links to,
// offline. `guru demo` runs it as the demo's phone and customers; the tests use it as a fake.
// See /work/shared/docs/whatsapp-offline.md for the protocol notes this follows.
import { randomBytes, randomInt, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  Curve,
  aesDecryptCTR,
  aesDecryptGCM,
  aesEncryptCTR,
  derivePairingCodeKey,
  hkdf,
  NOISE_WA_HEADER,
  decodeBinaryNode,
  encodeBinaryNode,
  jidDecode,
  proto,
  unpadRandomMax16,
  writeRandomPadMax16,
  type BinaryNode,
} from '@whiskeysockets/baileys';
import { FakeContact, type PreKeyBundle } from './contact.js';
import { SimulatorFaults } from './faults.js';
import { NoiseResponder, makeCertChain, type KeyPair } from './noise.js';
import {
  S_WHATSAPP_NET,
  bundleNode,
  bytes,
  child,
  children,
  historyNode,
  isHistoryNode,
  jidNormalized,
  newId,
  now,
  randomDigits,
  summarize,
  uint,
  type HistoryBatch,
} from './stanzas.js';

export { FakeContact } from './contact.js';
export { SimulatorFaults, type MessageDropPoint } from './faults.js';
export type { HistoryBatch } from './stanzas.js';
/** `HistoryBatch.syncType` values (INITIAL_BOOTSTRAP, RECENT, …), so callers need not import Baileys. */
export const HistorySyncType = proto.HistorySync.HistorySyncType;

export interface FakeWhatsAppOptions {
  /** How many QR refs to send per pairing attempt (default 6). With 1 ref and a short Baileys `qrTimeout`, Baileys closes with 408. */
  qrRefs?: number;
  /**
   * On the first login after pairing, push an empty INITIAL_BOOTSTRAP history notification (default true).
   * Without it Baileys buffers ALL events for up to 20 s waiting for history after a new login.
   */
  autoInitialHistory?: boolean;
  /** Log protocol traffic to stderr. */
  debug?: boolean;
}

export interface DeliveredMessage {
  /** contact number (digits) */
  to: string;
  id: string;
  text: string;
  /** the whole decoded proto.Message */
  message: proto.IMessage;
}

export interface ClientReceipt {
  /** the `to` attribute (chat jid) */
  to: string;
  ids: string[];
  type: string | undefined;
}

interface Account {
  number: string;
  lid: string;
  device: number;
  noisePub: string; // base64
  identityPub: Buffer;
  /** the client's uploaded prekeys (consumed by contacts) */
  registrationId?: number;
  signedPreKey?: PreKeyBundle['signedPreKey'];
  preKeys: { keyId: number; publicKey: Buffer }[];
  /** messages waiting for the device to come online */
  queue: BinaryNode[];
  loggedInOnce: boolean;
}

interface Conn {
  ws: WebSocket;
  noise: NoiseResponder;
  inBytes: Buffer;
  stage: 'hello' | 'finish' | 'transport';
  clientStatic?: string; // base64
  account?: Account;
  /** refs offered while waiting for a scan */
  pairingRefs?: string[];
  /** a pairing-code request (`link_code_companion_reg` stage companion_hello) */
  linkCode?: {
    jid: string;
    wrappedEphemeral: Buffer;
    /** resolved by the companion_finish iq */
    onFinish?: (reg: BinaryNode) => void;
  };
  /** Nodes delivered to this device and not yet acked or receipted: requeued if it drops. */
  unacked: Map<string, BinaryNode>;
  closed: boolean;
}

export class FakeWhatsApp {
  readonly url: string;
  readonly trust: { publicKeyHex: string; serial: number };
  /** Messages the linked client sent, decrypted by the fake contact they were addressed to. */
  readonly delivered: DeliveredMessage[] = [];
  /** Receipts (delivery/read/...) the linked client sent for incoming messages. */
  readonly clientReceipts: ClientReceipt[] = [];
  /** Chat states (typing indicators) the linked client sent: `sendPresenceUpdate('composing'|'paused', jid)`. */
  readonly clientChatstates: { to: string; state: string }[] = [];
  /** Protocol-level problems (decryption failures, unknown recipients...). Should stay empty. */
  readonly errors: string[] = [];
  /**
   * Messages the client sent again with an id the contact already had (a resend of one it could
   * not confirm). The contact's phone shows a message id once, so these are not in `delivered`.
   */
  readonly redelivered: DeliveredMessage[] = [];
  /** Faults to fire at an exact point: a drop mid history sync, or while a message is sent. */
  readonly faults = new SimulatorFaults();

  private readonly wss: WebSocketServer;
  private readonly options: Required<Omit<FakeWhatsAppOptions, 'debug'>> & { debug: boolean };
  private readonly serverStatic: KeyPair = Curve.generateKeyPair();
  private readonly certChain: Uint8Array;
  private readonly conns = new Set<Conn>();
  private readonly accounts = new Map<string, Account>();
  private readonly contacts = new Map<string, FakeContact>(); // by number and by lid
  private readonly pendingIq = new Map<string, (node: BinaryNode) => void>();
  private waiters: (() => void)[] = [];

  private constructor(wss: WebSocketServer, options: FakeWhatsAppOptions) {
    this.wss = wss;
    this.options = {
      qrRefs: options.qrRefs ?? 6,
      autoInitialHistory: options.autoInitialHistory ?? true,
      debug: options.debug ?? false,
    };
    const port = (wss.address() as AddressInfo).port;
    this.url = `ws://127.0.0.1:${port}/ws/chat`;
    const root = Curve.generateKeyPair();
    const serial = randomInt(1000, 1_000_000);
    this.trust = { publicKeyHex: Buffer.from(root.public).toString('hex'), serial };
    this.certChain = makeCertChain(root, serial, this.serverStatic.public);
    wss.on('connection', (ws) => this.onConnection(ws));
  }

  static async start(options: FakeWhatsAppOptions = {}): Promise<FakeWhatsApp> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    return new FakeWhatsApp(wss, options);
  }

  /** Numbers currently paired (the server knows their creds). */
  get linkedNumbers(): string[] {
    return [...this.accounts.keys()];
  }

  /** Numbers with a logged-in connection right now. */
  get onlineNumbers(): string[] {
    return [...new Set([...this.conns].filter((c) => c.account && !c.closed).map((c) => c.account!.number))];
  }

  /** Number of open websocket connections (any stage). */
  get connectionCount(): number {
    return [...this.conns].filter((c) => !c.closed).length;
  }

  // ---------------------------------------------------------------- public API

  /**
   * Act as the phone `phone.number` scanning the QR text a client displayed
   * (`https://wa.me/settings/linked_devices#REF,NOISE,IDENTITY,ADV,PLATFORM`).
   * Resolves after pair-success was confirmed by the client and `515` was sent.
   */
  async scan(qr: string, phone: { number: string; lid?: string }): Promise<void> {
    const data = qr.includes('#') ? qr.slice(qr.indexOf('#') + 1) : qr;
    const [ref, noiseB64, identityB64, advB64] = data.split(',');
    if (!ref || !noiseB64 || !identityB64 || !advB64) throw new Error(`not a pairing QR: ${qr}`);
    const conn = [...this.conns].find((c) => !c.closed && c.clientStatic === noiseB64 && c.pairingRefs);
    if (!conn) throw new Error('no client connection is waiting for this QR');
    if (!conn.pairingRefs!.includes(ref)) throw new Error('QR ref was not issued to this connection');
    await this.completePairing(conn, phone, Buffer.from(identityB64, 'base64'), Buffer.from(advB64, 'base64'));
  }

  /**
   * Act as the phone `phone.number` whose user typed the 8-character pairing code a client displayed
   * after `requestPairingCode(number)`. Resolves after pair-success was confirmed and `515` was sent.
   * Throws if no client asked for a code, the code is wrong, or the client asked for another number.
   */
  async enterPairingCode(code: string, phone: { number: string; lid?: string }): Promise<void> {
    const typed = code.replace(/[\s-]/g, '');
    const waiting = (): Conn | undefined => [...this.conns].reverse().find((c) => !c.closed && c.linkCode && c.pairingRefs);
    // the client shows the code as soon as companion_hello is sent; give the server a moment to receive it
    await this.waitFor(() => !!waiting(), 5_000, 'a client asking for a pairing code').catch(() => undefined);
    const conn = waiting();
    if (!conn) throw new Error('no client connection is waiting for a pairing code');
    const link = conn.linkCode!;
    const number = phone.number.replace(/\D/g, '');
    if (jidDecode(link.jid)?.user !== number) {
      throw new Error(`the pairing code was requested for ${link.jid}, not ${number}`);
    }
    // the companion's ephemeral key, wrapped as salt(32) ‖ iv(16) ‖ AES-CTR(pub) with the code-derived key
    const wrapped = link.wrappedEphemeral;
    const companionKey = await derivePairingCodeKey(typed, wrapped.subarray(0, 32));
    const companionEphemeralPub = Buffer.from(aesDecryptCTR(wrapped.subarray(48, 80), companionKey, wrapped.subarray(32, 48)));
    const primaryEphemeral = Curve.generateKeyPair();
    const primaryIdentity = Curve.generateKeyPair();
    const salt = randomBytes(32);
    const iv = randomBytes(16);
    const primaryKey = await derivePairingCodeKey(typed, salt);
    const wrappedPrimary = Buffer.concat([salt, iv, aesEncryptCTR(Buffer.from(primaryEphemeral.public), primaryKey, iv)]);
    const ref = Buffer.from(randomBytes(16).toString('base64url'));
    const finished = new Promise<BinaryNode>((resolve, reject) => {
      const timer = setTimeout(() => {
        link.onFinish = undefined;
        reject(new Error('FakeWhatsApp: the client never sent companion_finish'));
      }, 10_000);
      link.onFinish = (reg) => {
        clearTimeout(timer);
        link.onFinish = undefined;
        resolve(reg);
      };
    });
    this.send(conn, {
      tag: 'notification',
      attrs: { from: S_WHATSAPP_NET, type: 'link_code_companion_reg', id: newId(), t: now() },
      content: [
        {
          tag: 'link_code_companion_reg',
          attrs: {},
          content: [
            { tag: 'link_code_pairing_ref', attrs: {}, content: ref },
            { tag: 'primary_identity_pub', attrs: {}, content: Buffer.from(primaryIdentity.public) },
            { tag: 'link_code_pairing_wrapped_primary_ephemeral_pub', attrs: {}, content: wrappedPrimary },
          ],
        },
      ],
    });
    const reg = await finished;
    const bundle = bytes(child(reg, 'link_code_pairing_wrapped_key_bundle'));
    const companionIdentityPub = bytes(child(reg, 'companion_identity_public'));
    const finishRef = bytes(child(reg, 'link_code_pairing_ref'));
    if (!bundle || !companionIdentityPub || !finishRef?.equals(ref)) throw new Error('malformed companion_finish');
    const companionShared = Buffer.from(Curve.sharedKey(primaryEphemeral.private, companionEphemeralPub));
    const bundleKey = Buffer.from(
      hkdf(companionShared, 32, { salt: bundle.subarray(0, 32), info: 'link_code_pairing_key_bundle_encryption_key' }),
    );
    let plain: Buffer;
    try {
      plain = Buffer.from(aesDecryptGCM(bundle.subarray(44), bundleKey, bundle.subarray(32, 44), Buffer.alloc(0)));
    } catch {
      // a wrong code unwraps a wrong ephemeral key: the shared keys differ and the bundle does not authenticate
      throw new Error('wrong pairing code: the key bundle does not decrypt');
    }
    const identityPub = plain.subarray(0, 32);
    if (!identityPub.equals(companionIdentityPub) || !plain.subarray(32, 64).equals(Buffer.from(primaryIdentity.public))) {
      throw new Error('key bundle does not match the identities');
    }
    const random = plain.subarray(64, 96);
    const identityShared = Buffer.from(Curve.sharedKey(primaryIdentity.private, companionIdentityPub));
    const advSecret = Buffer.from(hkdf(Buffer.concat([companionShared, identityShared, random]), 32, { info: 'adv_secret' }));
    await this.completePairing(conn, phone, Buffer.from(identityPub), advSecret);
  }

  /** pair-success (signed with a fresh account key, HMAC'd with the adv secret), then 515. Shared by QR and pairing code. */
  private async completePairing(conn: Conn, phone: { number: string; lid?: string }, identityPub: Buffer, advSecret: Buffer): Promise<void> {
    const number = phone.number.replace(/\D/g, '');
    const lid = phone.lid ?? this.accounts.get(number)?.lid ?? randomDigits(15);
    const noisePub = conn.clientStatic ?? '';
    const accountKey = Curve.generateKeyPair();
    const device = 3 + randomInt(0, 20);
    const details = Buffer.from(
      proto.ADVDeviceIdentity.encode({
        rawId: randomInt(1, 2 ** 31),
        timestamp: Math.floor(Date.now() / 1000),
        keyIndex: 1,
      }).finish(),
    );
    const accountSignature = Curve.sign(
      accountKey.private,
      Buffer.concat([Buffer.from([6, 0]), details, identityPub]),
    );
    const signed = Buffer.from(
      proto.ADVSignedDeviceIdentity.encode({
        details,
        accountSignatureKey: accountKey.public,
        accountSignature,
      }).finish(),
    );
    const hmac = createHmac('sha256', advSecret).update(signed).digest();
    const identityHmac = proto.ADVSignedDeviceIdentityHMAC.encode({ details: signed, hmac }).finish();
    const iqId = newId();
    const reply = this.awaitIq(iqId, 10_000);
    conn.pairingRefs = undefined;
    conn.linkCode = undefined;
    this.send(conn, {
      tag: 'iq',
      attrs: { from: S_WHATSAPP_NET, type: 'set', id: iqId },
      content: [
        {
          tag: 'pair-success',
          attrs: {},
          content: [
            { tag: 'device-identity', attrs: {}, content: identityHmac },
            { tag: 'platform', attrs: { name: 'android' } },
            { tag: 'device', attrs: { jid: `${number}:${device}@${S_WHATSAPP_NET}`, lid: `${lid}:${device}@lid` } },
          ],
        },
      ],
    });
    const answer = await reply;
    if (answer.attrs.type !== 'result' || !child(answer, 'pair-device-sign')) {
      throw new Error(`client rejected pairing: ${JSON.stringify(answer.attrs)}`);
    }
    this.accounts.set(number, {
      number,
      lid,
      device,
      noisePub,
      identityPub,
      preKeys: [],
      queue: [],
      loggedInOnce: false,
    });
    this.send(conn, { tag: 'stream:error', attrs: { code: '515' } });
    this.closeSoon(conn);
    this.notify();
  }

  /** A customer with a real libsignal identity. Unknown numbers messaged by the client are created on the fly. */
  async contact(number: string, name?: string, options: { lid?: string } = {}): Promise<FakeContact> {
    return this.getOrCreateContact(number.replace(/\D/g, ''), name, options.lid);
  }

  /** Looks up a contact by number or LID. */
  findContact(numberOrLid: string): FakeContact | undefined {
    return this.contacts.get(numberOrLid);
  }

  /**
   * A message from `from` to the linked device (Signal `pkmsg` unless `plaintext`).
   * If the device is offline it is queued and delivered as offline backlog on its next login.
   */
  async sendMessage(
    from: FakeContact,
    text: string,
    options: { id?: string; viaLid?: boolean; plaintext?: boolean; pushName?: string; time?: number; to?: string } = {},
  ): Promise<string> {
    const account = this.targetAccount(options.to);
    const id = options.id ?? newId();
    const message = proto.Message.encode({ conversation: text }).finish();
    let content: BinaryNode;
    if (!options.plaintext && account.registrationId === undefined) {
      // right after login Baileys uploads its prekeys before emitting connection 'open'
      await this.waitFor(() => account.registrationId !== undefined, 10_000, `${account.number}'s prekey upload`);
    }
    if (options.plaintext) {
      content = { tag: 'plaintext', attrs: {}, content: message };
    } else {
      const bundle = this.takeAccountBundle(account);
      const { type, ciphertext } = await from.encryptFor(
        { user: account.number, device: account.device },
        bundle,
        writeRandomPadMax16(message),
      );
      content = { tag: 'enc', attrs: { v: '2', type }, content: ciphertext };
    }
    const attrs: Record<string, string> = {
      id,
      t: String(options.time ?? Math.floor(Date.now() / 1000)),
      type: 'text',
      notify: options.pushName ?? from.name,
    };
    if (options.viaLid) {
      Object.assign(attrs, { from: from.lidJid, sender_pn: from.jid, addressing_mode: 'lid' });
    } else {
      Object.assign(attrs, { from: from.jid });
    }
    this.deliver(account, { tag: 'message', attrs, content: [content] });
    return id;
  }

  /** Wait until `delivered` has at least `count` entries. */
  async waitForDelivered(count: number, timeoutMs = 10_000): Promise<DeliveredMessage[]> {
    await this.waitFor(() => this.delivered.length >= count, timeoutMs, `${count} delivered message(s)`);
    return this.delivered.slice();
  }

  /** Wait until `number` (or any account) has a logged-in connection. */
  async waitForOnline(number?: string, timeoutMs = 10_000): Promise<void> {
    await this.waitFor(
      () => (number ? this.onlineNumbers.includes(number) : this.onlineNumbers.length > 0),
      timeoutMs,
      `${number ?? 'a device'} online`,
    );
  }

  /** Generic wait on server state (re-checked on every server event). */
  async waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`FakeWhatsApp: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }

  /** Delivery (default) or read receipt from `contact` for a message the client sent. */
  async sendReceipt(contact: FakeContact, messageId: string | string[], type?: 'read', options: { to?: string } = {}): Promise<void> {
    const account = this.targetAccount(options.to);
    const ids = Array.isArray(messageId) ? messageId : [messageId];
    const [first, ...rest] = ids;
    if (!first) return;
    const attrs: Record<string, string> = { from: contact.jid, id: first, t: now() };
    if (type) attrs.type = type;
    this.deliver(account, {
      tag: 'receipt',
      attrs,
      content: rest.length
        ? [{ tag: 'list', attrs: {}, content: rest.map((id) => ({ tag: 'item', attrs: { id } })) }]
        : undefined,
    });
  }

  /** A contact's typing indicator (`composing`/`paused`, chatstate) or presence (`available`/`unavailable`) → `presence.update`. */
  async sendPresence(
    contact: FakeContact,
    state: 'composing' | 'paused' | 'recording' | 'available' | 'unavailable',
    options: { to?: string } = {},
  ): Promise<void> {
    const account = this.targetAccount(options.to);
    const node: BinaryNode =
      state === 'available' || state === 'unavailable'
        ? { tag: 'presence', attrs: { from: contact.jid, type: state } }
        : {
            tag: 'chatstate',
            attrs: { from: contact.jid },
            content: [
              state === 'recording'
                ? { tag: 'composing', attrs: { media: 'audio' } }
                : { tag: state, attrs: {} },
            ],
          };
    const conns = this.loggedIn(account.number);
    for (const conn of conns) this.send(conn, node); // presence is not queued while offline
  }

  /**
   * History sync notifications (one per batch), as the phone sends after linking. `paced`: send
   * each batch once the device acknowledged the one before, as a phone does — a batch lost to a
   * drop is redelivered at the next login, and the rest follow it there.
   */
  async sendHistory(batches: HistoryBatch[], options: { to?: string; paced?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const account = this.targetAccount(options.to);
    let chunkOrder = 0;
    for (const batch of batches) {
      const syncType = batch.syncType ?? proto.HistorySync.HistorySyncType.RECENT;
      const node = historyNode(account, syncType, batch.progress, chunkOrder++, batch.chats);
      this.deliver(account, node);
      if (options.paced) {
        const id = node.attrs.id!;
        await this.waitFor(() => !this.undelivered(account, id), options.timeoutMs ?? 30_000, `the device to acknowledge history batch ${chunkOrder}`);
      }
    }
  }

  /** Close every websocket abruptly (clients should reconnect and log in again). */
  dropConnections(): void {
    for (const conn of [...this.conns]) {
      this.retire(conn);
      conn.ws.terminate();
    }
    this.notify();
  }

  /** `<stream:error code=440/>`: connection replaced (the creds are in use elsewhere). */
  async replaceSession(number?: string): Promise<void> {
    for (const conn of this.loggedIn(number)) {
      this.send(conn, {
        tag: 'stream:error',
        attrs: { code: '440' },
        content: [{ tag: 'conflict', attrs: { type: 'replaced' } }],
      });
      this.closeSoon(conn);
    }
  }

  /** `<failure reason=401/>`: the phone logged the device out. The account is forgotten. */
  async logoutSession(number?: string): Promise<void> {
    const numbers = number ? [number] : this.linkedNumbers;
    for (const conn of this.loggedIn(number)) {
      this.send(conn, { tag: 'failure', attrs: { reason: '401', location: 'fake' } });
      this.closeSoon(conn);
    }
    for (const n of numbers) this.accounts.delete(n);
    this.notify();
  }

  async close(): Promise<void> {
    for (const conn of [...this.conns]) {
      this.retire(conn);
      conn.ws.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // ---------------------------------------------------------------- connections

  private log(...args: unknown[]): void {
    if (this.options.debug) console.error('[fake-wa]', ...args);
  }

  private notify(): void {
    for (const w of this.waiters.slice()) w();
  }

  private onConnection(ws: WebSocket): void {
    const conn: Conn = {
      ws,
      noise: new NoiseResponder(this.serverStatic, this.certChain),
      inBytes: Buffer.alloc(0),
      stage: 'hello',
      unacked: new Map(),
      closed: false,
    };
    this.conns.add(conn);
    ws.on('message', (data: Buffer) => {
      conn.inBytes = Buffer.concat([conn.inBytes, data]);
      this.processBytes(conn).catch((err: unknown) => {
        this.errors.push(`connection error: ${String(err)}`);
        this.log('error', err);
        ws.terminate();
      });
    });
    ws.on('close', () => {
      this.retire(conn);
      this.notify();
    });
    ws.on('error', () => undefined);
    this.notify();
  }

  /**
   * A connection is gone: what it was delivered but did not acknowledge goes back to the front of
   * its account's queue, for the next login (as WhatsApp keeps a message until a device acks it).
   */
  private retire(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    conn.closed = true;
    const account = conn.account;
    if (!account || conn.unacked.size === 0 || this.accounts.get(account.number) !== account) return;
    const queued = new Set(account.queue.map((n) => n.attrs.id));
    account.queue.unshift(...[...conn.unacked.values()].filter((n) => !queued.has(n.attrs.id)));
    conn.unacked.clear();
  }

  /** True while a node delivered to `account` waits in its queue or for a device's ack. */
  private undelivered(account: Account, id: string): boolean {
    return account.queue.some((n) => n.attrs.id === id) || this.loggedIn(account.number).some((c) => c.unacked.has(id));
  }

  private closeSoon(conn: Conn): void {
    setTimeout(() => {
      if (!conn.closed) conn.ws.close();
    }, 200).unref();
  }

  private async processBytes(conn: Conn): Promise<void> {
    for (;;) {
      if (conn.closed) return; // a dropped connection's last bytes are not acted on
      if (conn.stage === 'hello') {
        if (conn.inBytes.length < NOISE_WA_HEADER.length) return;
        const header = conn.inBytes.subarray(0, NOISE_WA_HEADER.length);
        if (!header.equals(NOISE_WA_HEADER)) throw new Error('bad noise header (routing info not supported)');
        const frame = this.takeFrame(conn, NOISE_WA_HEADER.length);
        if (!frame) return;
        conn.inBytes = conn.inBytes.subarray(NOISE_WA_HEADER.length + 3 + frame.length);
        this.sendRaw(conn, conn.noise.serverHello(header, frame));
        conn.stage = 'finish';
        continue;
      }
      const frame = this.takeFrame(conn, 0);
      if (!frame) return;
      conn.inBytes = conn.inBytes.subarray(3 + frame.length);
      if (conn.stage === 'finish') {
        const { clientStatic, payload } = conn.noise.clientFinish(frame);
        conn.stage = 'transport';
        conn.clientStatic = clientStatic.toString('base64');
        this.onLogin(conn, payload);
        continue;
      }
      const node = await decodeBinaryNode(conn.noise.decryptFrame(frame));
      this.log('recv', JSON.stringify(summarize(node)));
      try {
        await this.onNode(conn, node);
      } catch (err) {
        this.errors.push(`handling <${node.tag}>: ${String(err)}`);
        this.log('handler error', err);
      }
      this.notify();
    }
  }

  private takeFrame(conn: Conn, offset: number): Buffer | undefined {
    const b = conn.inBytes;
    if (b.length < offset + 3) return undefined;
    const size = (b[offset]! << 16) | (b[offset + 1]! << 8) | b[offset + 2]!;
    if (b.length < offset + 3 + size) return undefined;
    return b.subarray(offset + 3, offset + 3 + size);
  }

  private sendRaw(conn: Conn, data: Uint8Array): void {
    const frame = Buffer.alloc(3 + data.length);
    frame.writeUIntBE(data.length, 0, 3);
    frame.set(data, 3);
    if (!conn.closed) conn.ws.send(frame);
  }

  private send(conn: Conn, node: BinaryNode): void {
    if (conn.closed) return;
    this.log('send', JSON.stringify(summarize(node)));
    this.sendRaw(conn, conn.noise.encryptFrame(encodeBinaryNode(node)));
  }

  private awaitIq(id: string, timeoutMs: number): Promise<BinaryNode> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingIq.delete(id);
        reject(new Error(`FakeWhatsApp: no answer to iq ${id}`));
      }, timeoutMs);
      this.pendingIq.set(id, (node) => {
        clearTimeout(timer);
        resolve(node);
      });
    });
  }

  private onLogin(conn: Conn, payload: proto.ClientPayload): void {
    if (payload.devicePairingData) {
      // a new device: offer QR refs
      const refs = Array.from({ length: this.options.qrRefs }, () => randomBytes(12).toString('base64url'));
      conn.pairingRefs = refs;
      this.send(conn, {
        tag: 'iq',
        attrs: { from: S_WHATSAPP_NET, type: 'set', id: newId(), xmlns: 'md' },
        content: [
          {
            tag: 'pair-device',
            attrs: {},
            content: refs.map((ref) => ({ tag: 'ref', attrs: {}, content: Buffer.from(ref) })),
          },
        ],
      });
      this.notify();
      return;
    }
    const number = String(payload.username ?? '');
    const account = this.accounts.get(number);
    if (!account || account.device !== (payload.device ?? 0) || account.noisePub !== conn.clientStatic) {
      this.log('login refused for', number);
      this.send(conn, { tag: 'failure', attrs: { reason: '401', location: 'fake' } });
      this.closeSoon(conn);
      return;
    }
    // a newer login replaces older connections of the same device
    for (const other of this.loggedIn(number)) {
      if (other !== conn) {
        this.send(other, { tag: 'stream:error', attrs: { code: '440' }, content: [{ tag: 'conflict', attrs: { type: 'replaced' } }] });
        this.closeSoon(other);
      }
    }
    conn.account = account;
    const firstLogin = !account.loggedInOnce;
    account.loggedInOnce = true;
    this.send(conn, {
      tag: 'success',
      attrs: { t: now(), lid: `${account.lid}@lid`, props: '1', abprops: '1', location: 'fake', creation: now() },
    });
    const backlog = account.queue.splice(0);
    for (const [i, node] of backlog.entries()) {
      if (!this.transmit(conn, node, true)) {
        account.queue.push(...backlog.slice(i + 1)); // a fault dropped it mid-backlog
        return;
      }
    }
    this.send(conn, { tag: 'ib', attrs: {}, content: [{ tag: 'offline', attrs: { count: String(backlog.length) } }] });
    if (firstLogin && this.options.autoInitialHistory) {
      this.send(conn, historyNode(account, proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP, 100, 0, []));
    }
    this.notify();
  }

  private loggedIn(number?: string): Conn[] {
    return [...this.conns].filter((c) => !c.closed && c.account && (!number || c.account.number === number));
  }

  private targetAccount(number?: string): Account {
    if (number) {
      const account = this.accounts.get(number.replace(/\D/g, ''));
      if (!account) throw new Error(`FakeWhatsApp: ${number} is not linked`);
      return account;
    }
    const online = [...this.conns].filter((c) => !c.closed && c.account);
    const last = online[online.length - 1]?.account;
    if (last) return last;
    const accounts = [...this.accounts.values()];
    const account = accounts[accounts.length - 1];
    if (!account) throw new Error('FakeWhatsApp: no linked device');
    return account;
  }

  /** Send to the device if online, else queue for its next login. */
  private deliver(account: Account, node: BinaryNode): void {
    const conns = this.loggedIn(account.number);
    if (conns.length === 0) {
      account.queue.push(node);
      return;
    }
    for (const conn of conns) if (!this.transmit(conn, node)) return;
  }

  /**
   * Sends a node the device must acknowledge (it stays in `conn.unacked` until then); fires an
   * armed history fault. False when the connection is closed or a fault just dropped it.
   */
  private transmit(conn: Conn, node: BinaryNode, offline = false): boolean {
    if (conn.closed) return false;
    conn.unacked.set(node.attrs.id ?? '', node);
    this.send(conn, offline ? { ...node, attrs: { ...node.attrs, offline: '1' } } : node);
    if (isHistoryNode(node) && this.faults.historyWritten()) {
      this.dropConnections();
      return false;
    }
    return true;
  }

  private takeAccountBundle(account: Account): PreKeyBundle {
    if (account.registrationId === undefined || !account.signedPreKey) {
      throw new Error(`FakeWhatsApp: ${account.number} has not uploaded prekeys yet (wait for connection 'open')`);
    }
    return {
      registrationId: account.registrationId,
      identityKey: account.identityPub,
      signedPreKey: account.signedPreKey,
      preKey: account.preKeys.shift(),
    };
  }

  private getOrCreateContact(number: string, name?: string, lid?: string): FakeContact {
    const existing = this.contacts.get(number);
    if (existing) return existing;
    const contact = new FakeContact(number, name ?? `Contact ${number.slice(-4)}`, lid ?? randomDigits(15));
    this.contacts.set(contact.number, contact);
    this.contacts.set(contact.lid, contact);
    return contact;
  }

  /** Resolve a jid the client used for a customer (PN or LID); creates PN contacts on demand. */
  private contactForJid(jid: string): FakeContact | undefined {
    const decoded = jidDecode(jid);
    if (!decoded?.user) return undefined;
    if (decoded.server === 'lid') return this.contacts.get(decoded.user);
    if (decoded.server !== S_WHATSAPP_NET) return undefined;
    if (this.accounts.has(decoded.user)) return undefined;
    return this.getOrCreateContact(decoded.user);
  }

  // ---------------------------------------------------------------- stanzas from the client

  private async onNode(conn: Conn, node: BinaryNode): Promise<void> {
    switch (node.tag) {
      case 'iq':
        return this.onIq(conn, node);
      case 'message':
        return this.onMessage(conn, node);
      case 'ack':
        conn.unacked.delete(node.attrs.id ?? '');
        return;
      case 'receipt': {
        const ids = [node.attrs.id ?? '', ...children(child(node, 'list')).map((i) => i.attrs.id ?? '')];
        for (const id of ids) conn.unacked.delete(id);
        this.clientReceipts.push({ to: node.attrs.to ?? '', ids: ids.filter(Boolean), type: node.attrs.type });
        if (node.attrs.type === 'retry') this.errors.push(`client asked for a retry of ${ids.join(',')} (it failed to decrypt)`);
        this.send(conn, {
          tag: 'ack',
          attrs: { class: 'receipt', id: node.attrs.id ?? '', from: node.attrs.to ?? S_WHATSAPP_NET, ...(node.attrs.type ? { type: node.attrs.type } : {}) },
        });
        return;
      }
      case 'chatstate': {
        const state = children(node)[0];
        if (state) this.clientChatstates.push({ to: node.attrs.to ?? '', state: state.attrs.media === 'audio' ? 'recording' : state.tag });
        return;
      }
      default:
        return; // presence, ack, ib (unified_session), ...
    }
  }

  private async onMessage(conn: Conn, node: BinaryNode): Promise<void> {
    const id = node.attrs.id ?? '';
    const to = node.attrs.to ?? '';
    const sender = conn.account ? { user: conn.account.number, device: conn.account.device } : undefined;
    const targets: { jid: string; enc: BinaryNode }[] = [];
    for (const t of children(child(node, 'participants'))) {
      const enc = child(t, 'enc');
      if (t.tag === 'to' && enc && t.attrs.jid) targets.push({ jid: t.attrs.jid, enc });
    }
    const direct = child(node, 'enc');
    if (direct) targets.push({ jid: to, enc: direct });
    // own devices and unknown addresses get nothing
    const recipients = sender
      ? targets.flatMap((t) => {
          const contact = this.contactForJid(t.jid);
          return contact ? [{ ...t, contact }] : [];
        })
      : [];
    const drop = recipients.length > 0 ? this.faults.clientMessage() : null;
    if (drop === 'before-delivery') return this.dropConnections();
    for (const { jid, enc, contact } of recipients) {
      try {
        const plain = await contact.decrypt(sender!, enc.attrs.type ?? '', bytes(enc) ?? Buffer.alloc(0));
        const message = proto.Message.decode(unpadRandomMax16(plain));
        const text = message.conversation ?? message.extendedTextMessage?.text ?? '';
        if (!message.protocolMessage && !message.reactionMessage) {
          // the contact's phone shows a message id once, however often it is sent
          const copy = this.delivered.some((d) => d.to === contact.number && d.id === id);
          (copy ? this.redelivered : this.delivered).push({ to: contact.number, id, text, message });
        }
      } catch (err) {
        this.errors.push(`decrypting ${id} for ${jid}: ${String(err)}`);
      }
    }
    if (drop === 'before-ack') return this.dropConnections();
    this.send(conn, { tag: 'ack', attrs: { class: 'message', id, from: to, t: now() } });
  }

  private iqResult(conn: Conn, iq: BinaryNode, content?: BinaryNode[]): void {
    this.send(conn, {
      tag: 'iq',
      attrs: { from: iq.attrs.to ?? S_WHATSAPP_NET, type: 'result', id: iq.attrs.id ?? '' },
      content,
    });
  }

  private async onIq(conn: Conn, iq: BinaryNode): Promise<void> {
    const { type, xmlns, id } = iq.attrs;
    if (type === 'result' || type === 'error') {
      const resolve = id ? this.pendingIq.get(id) : undefined;
      if (resolve && id) {
        this.pendingIq.delete(id);
        resolve(iq);
      }
      return;
    }
    const first = children(iq)[0];
    switch (xmlns) {
      case 'encrypt':
        return this.onEncryptIq(conn, iq, first);
      case 'usync':
        return this.iqResult(conn, iq, [this.usync(conn, iq)]);
      case 'privacy':
        if (first?.tag === 'privacy') {
          return this.iqResult(conn, iq, [
            {
              tag: 'privacy',
              attrs: {},
              content: [
                ['readreceipts', 'all'],
                ['last', 'all'],
                ['online', 'all'],
                ['profile', 'all'],
                ['status', 'all'],
                ['groupadd', 'all'],
              ].map(([name, value]) => ({ tag: 'category', attrs: { name: name!, value: value! } })),
            },
          ]);
        }
        return this.iqResult(conn, iq);
      case 'blocklist':
        return this.iqResult(conn, iq, [{ tag: 'list', attrs: {} }]);
      case 'abt':
        return this.iqResult(conn, iq, [{ tag: 'props', attrs: { protocol: '1' } }]);
      case 'w:sync:app:state': {
        const collections = children(child(iq, 'sync')).map((c) => ({
          tag: 'collection',
          attrs: { name: c.attrs.name ?? '', version: c.attrs.version ?? '0', has_more_patches: 'false' },
        }));
        return this.iqResult(conn, iq, [{ tag: 'sync', attrs: {}, content: collections }]);
      }
      case 'md':
        if (first?.tag === 'remove-companion-device') {
          const number = jidDecode(first.attrs.jid ?? '')?.user ?? conn.account?.number;
          this.iqResult(conn, iq);
          if (number) this.accounts.delete(number);
          this.closeSoon(conn);
          this.notify();
          return;
        }
        if (first?.tag === 'link_code_companion_reg') return this.onLinkCodeReg(conn, iq, first);
        return this.iqResult(conn, iq);
      default:
        return this.iqResult(conn, iq);
    }
  }

  /** Pairing by code: companion_hello (the client asks for a code) and companion_finish (its key bundle). */
  private onLinkCodeReg(conn: Conn, iq: BinaryNode, reg: BinaryNode): void {
    if (reg.attrs.stage === 'companion_hello') {
      const wrapped = bytes(child(reg, 'link_code_pairing_wrapped_companion_ephemeral_pub'));
      const serverAuth = bytes(child(reg, 'companion_server_auth_key_pub'));
      if (!wrapped || wrapped.length !== 80 || !reg.attrs.jid) {
        this.errors.push('malformed companion_hello');
        return this.iqResult(conn, iq);
      }
      if (serverAuth && conn.clientStatic && serverAuth.toString('base64') !== conn.clientStatic) {
        this.errors.push('companion_hello noise key differs from the connection\'s');
      }
      conn.linkCode = { jid: reg.attrs.jid, wrappedEphemeral: wrapped };
      this.iqResult(conn, iq, [
        { tag: 'link_code_companion_reg', attrs: {}, content: [{ tag: 'link_code_pairing_ref', attrs: {}, content: Buffer.from(randomBytes(16).toString('base64url')) }] },
      ]);
      this.notify();
      return;
    }
    if (reg.attrs.stage === 'companion_finish') {
      this.iqResult(conn, iq);
      const onFinish = conn.linkCode?.onFinish;
      if (onFinish) onFinish(reg);
      else this.errors.push('companion_finish without a pending pairing code');
      return;
    }
    return this.iqResult(conn, iq);
  }

  private onEncryptIq(conn: Conn, iq: BinaryNode, first: BinaryNode | undefined): void {
    const account = conn.account;
    if (first?.tag === 'count') {
      return this.iqResult(conn, iq, [{ tag: 'count', attrs: { value: String(account?.preKeys.length ?? 0) } }]);
    }
    if (first?.tag === 'digest') {
      return this.iqResult(conn, iq, [{ tag: 'digest', attrs: {} }]);
    }
    if (child(iq, 'registration') && child(iq, 'list')) {
      // prekey upload
      if (account) {
        account.registrationId = uint(bytes(child(iq, 'registration')));
        const skey = child(iq, 'skey');
        account.signedPreKey = {
          keyId: uint(bytes(child(skey, 'id'))),
          publicKey: bytes(child(skey, 'value')) ?? Buffer.alloc(0),
          signature: bytes(child(skey, 'signature')) ?? Buffer.alloc(0),
        };
        const identity = bytes(child(iq, 'identity'));
        if (identity && !identity.equals(account.identityPub)) this.errors.push('uploaded identity differs from paired identity');
        for (const k of children(child(iq, 'list'))) {
          account.preKeys.push({ keyId: uint(bytes(child(k, 'id'))), publicKey: bytes(child(k, 'value')) ?? Buffer.alloc(0) });
        }
      }
      return this.iqResult(conn, iq);
    }
    if (first?.tag === 'rotate' && account) {
      const skey = child(first, 'skey');
      account.signedPreKey = {
        keyId: uint(bytes(child(skey, 'id'))),
        publicKey: bytes(child(skey, 'value')) ?? Buffer.alloc(0),
        signature: bytes(child(skey, 'signature')) ?? Buffer.alloc(0),
      };
      return this.iqResult(conn, iq);
    }
    if (first?.tag === 'key') {
      const users: BinaryNode[] = [];
      for (const u of children(first)) {
        const jid = u.attrs.jid ?? '';
        const contact = this.contactForJid(jid);
        if (!contact) {
          users.push({ tag: 'user', attrs: { jid }, content: [{ tag: 'error', attrs: { code: '404', text: 'item-not-found' } }] });
          this.errors.push(`key fetch for unknown ${jid}`);
          continue;
        }
        users.push(bundleNode(jid, contact.takeBundle()));
      }
      return this.iqResult(conn, iq, [{ tag: 'list', attrs: {}, content: users }]);
    }
    return this.iqResult(conn, iq);
  }

  private usync(conn: Conn, iq: BinaryNode): BinaryNode {
    const usyncNode = child(iq, 'usync');
    const protocols = children(child(usyncNode, 'query')).map((p) => p.tag);
    const own = conn.account;
    const users: BinaryNode[] = [];
    for (const u of children(child(usyncNode, 'list'))) {
      const phone = bytes(child(u, 'contact'))?.toString('utf8');
      const jid = u.attrs.jid ?? (phone ? `${phone.replace(/\D/g, '')}@${S_WHATSAPP_NET}` : '');
      const decoded = jidDecode(jid);
      if (!decoded?.user) continue;
      const isOwn = !!own && (decoded.user === own.number || decoded.user === own.lid);
      const contact = isOwn ? undefined : this.contactForJid(jid);
      const content: BinaryNode[] = [];
      for (const p of protocols) {
        if (p === 'devices') {
          // own account: no other devices (the phone has no Signal identity here)
          const list = isOwn ? [] : [{ tag: 'device', attrs: { id: '0' } }];
          content.push({ tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: list }] });
        } else if (p === 'lid') {
          // not for the own account: Baileys would then fetch Signal keys for the phone (device 0)
          if (decoded.server === S_WHATSAPP_NET && contact) content.push({ tag: 'lid', attrs: { val: contact.lidJid } });
        } else if (p === 'contact') {
          content.push({ tag: 'contact', attrs: { type: isOwn || contact ? 'in' : 'out' } });
        }
      }
      users.push({ tag: 'user', attrs: { jid: jidNormalized(jid) }, content });
    }
    return {
      tag: 'usync',
      attrs: { ...(usyncNode?.attrs ?? {}) },
      content: [
        { tag: 'result', attrs: {} },
        { tag: 'list', attrs: {}, content: users },
      ],
    };
  }
}

/** The value of the daemon's GURU_WA_TRUST setting that makes it trust this server's root key. */
export const trustSetting = (server: Pick<FakeWhatsApp, 'trust'>): string => `${server.trust.publicKeyHex}:${server.trust.serial}`;
