// The WhatsApp simulator's state, shared by its parts: the linked accounts, the open connections,
// the contacts, what the linked client sent, and the primitives every part uses to talk to a
// device (send a node, wait for an iq answer or a condition, find an account or a contact).
import type { WebSocket } from 'ws';
import { encodeBinaryNode, jidDecode, type BinaryNode, type proto } from '@whiskeysockets/baileys';
import { FakeContact, type PreKeyBundle } from './contact.js';
import { SimulatorFaults } from './faults.js';
import type { MediaKind } from './media-spec.js';
import type { MediaServer } from './media-server.js';
import type { NoiseResponder } from './noise.js';
import { S_WHATSAPP_NET, randomDigits, summarize } from './stanzas.js';

export interface FakeWhatsAppOptions {
  /** How many QR refs to send per pairing attempt (default 6). With 1 ref and a short Baileys `qrTimeout`, Baileys closes with 408. */
  qrRefs?: number;
  /**
   * On the first login after pairing, push an empty INITIAL_BOOTSTRAP history notification (default true).
   * Without it Baileys buffers ALL events for up to 20 s waiting for history after a new login.
   */
  autoInitialHistory?: boolean;
  /** Largest media upload the media host accepts, in bytes (default 100 MB). */
  maxMediaBytes?: number;
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

/** A media message a contact sent, remembered so the phone can answer a re-upload request. */
export interface SentMedia {
  kind: MediaKind;
  mediaKey: Buffer;
  directPath: string;
}

/** A linked device: what pairing and its prekey upload told the server. */
export interface Account {
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

/** One websocket from a client, from the Noise hello to its close. */
export interface Conn {
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

/** The simulator's state and shared primitives; FakeWhatsApp (server.ts) is its public face. */
export class SimulatorState {
  readonly options: Required<Omit<FakeWhatsAppOptions, 'debug' | 'maxMediaBytes'>> & { debug: boolean };
  readonly conns = new Set<Conn>();
  readonly accounts = new Map<string, Account>();
  readonly contacts = new Map<string, FakeContact>(); // by number and by lid
  /** The phones themselves (device 0 of each linked number), for messages written on them. */
  readonly phones = new Map<string, FakeContact>();
  // What the linked client did, as FakeWhatsApp shows it (its fields document each).
  readonly delivered: DeliveredMessage[] = [];
  readonly redelivered: DeliveredMessage[] = [];
  readonly reactions: DeliveredMessage[] = [];
  readonly clientReceipts: ClientReceipt[] = [];
  readonly clientChatstates: { to: string; state: string }[] = [];
  readonly errors: string[] = [];
  readonly faults = new SimulatorFaults();
  /** The media host (media.ts, media-server.ts); FakeWhatsApp starts it with the server. */
  media!: MediaServer;
  /** Media messages the contacts sent, by message id: what the phone needs to re-upload one. */
  readonly sentMedia = new Map<string, SentMedia>();

  private readonly pendingIq = new Map<string, (node: BinaryNode) => void>();
  private waiters: (() => void)[] = [];

  constructor(options: FakeWhatsAppOptions) {
    this.options = {
      qrRefs: options.qrRefs ?? 6,
      autoInitialHistory: options.autoInitialHistory ?? true,
      debug: options.debug ?? false,
    };
  }

  log(...args: unknown[]): void {
    if (this.options.debug) console.error('[fake-wa]', ...args);
  }

  /** Re-checks every `waitFor` predicate: call after anything that changes the state. */
  notify(): void {
    for (const w of this.waiters.slice()) w();
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

  sendRaw(conn: Conn, data: Uint8Array): void {
    const frame = Buffer.alloc(3 + data.length);
    frame.writeUIntBE(data.length, 0, 3);
    frame.set(data, 3);
    if (!conn.closed) conn.ws.send(frame);
  }

  send(conn: Conn, node: BinaryNode): void {
    if (conn.closed) return;
    this.log('send', JSON.stringify(summarize(node)));
    this.sendRaw(conn, conn.noise.encryptFrame(encodeBinaryNode(node)));
  }

  iqResult(conn: Conn, iq: BinaryNode, content?: BinaryNode[]): void {
    this.send(conn, {
      tag: 'iq',
      attrs: { from: iq.attrs.to ?? S_WHATSAPP_NET, type: 'result', id: iq.attrs.id ?? '' },
      content,
    });
  }

  /** The client's answer to the server's iq `id` (see `answerIq`). */
  awaitIq(id: string, timeoutMs: number): Promise<BinaryNode> {
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

  /** A `result`/`error` iq from the client: settles the `awaitIq` for its id, if any. */
  answerIq(iq: BinaryNode): void {
    const id = iq.attrs.id;
    const resolve = id ? this.pendingIq.get(id) : undefined;
    if (resolve && id) {
      this.pendingIq.delete(id);
      resolve(iq);
    }
  }

  closeSoon(conn: Conn): void {
    setTimeout(() => {
      if (!conn.closed) conn.ws.close();
    }, 200).unref();
  }

  /**
   * A connection is gone: what it was delivered but did not acknowledge goes back to the front of
   * its account's queue, for the next login (as WhatsApp keeps a message until a device acks it).
   */
  retire(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    conn.closed = true;
    const account = conn.account;
    if (!account || conn.unacked.size === 0 || this.accounts.get(account.number) !== account) return;
    const queued = new Set(account.queue.map((n) => n.attrs.id));
    account.queue.unshift(...[...conn.unacked.values()].filter((n) => !queued.has(n.attrs.id)));
    conn.unacked.clear();
  }

  /** Close every websocket abruptly (clients should reconnect and log in again). */
  dropConnections(): void {
    this.terminateAll();
    this.notify();
  }

  /** Closes every websocket abruptly, without waking waiters (`close` needs no wake-up). */
  terminateAll(): void {
    for (const conn of [...this.conns]) {
      this.retire(conn);
      conn.ws.terminate();
    }
  }

  loggedIn(number?: string): Conn[] {
    return [...this.conns].filter((c) => !c.closed && c.account && (!number || c.account.number === number));
  }

  /** The account `number`, else the one logged in last, else the one linked last. */
  targetAccount(number?: string): Account {
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

  getOrCreateContact(number: string, name?: string, lid?: string): FakeContact {
    const existing = this.contacts.get(number);
    if (existing) return existing;
    const contact = new FakeContact(number, name ?? `Contact ${number.slice(-4)}`, lid ?? randomDigits(15));
    this.contacts.set(contact.number, contact);
    this.contacts.set(contact.lid, contact);
    return contact;
  }

  /** Resolve a jid the client used for a customer (PN or LID); creates PN contacts on demand. */
  contactForJid(jid: string): FakeContact | undefined {
    const decoded = jidDecode(jid);
    if (!decoded?.user) return undefined;
    if (decoded.server === 'lid') return this.contacts.get(decoded.user);
    if (decoded.server !== S_WHATSAPP_NET) return undefined;
    if (this.accounts.has(decoded.user)) return undefined;
    return this.getOrCreateContact(decoded.user);
  }
}
