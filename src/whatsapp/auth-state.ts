import type { AuthenticationCreds, AuthenticationState, SignalDataSet, SignalDataTypeMap } from '@whiskeysockets/baileys';
import type { Secret } from '../core/ports.js';
import { AsyncLocalStorage } from 'node:async_hooks';

type Baileys = typeof import('@whiskeysockets/baileys');

interface Saved {
  creds: AuthenticationCreds;
  keys: Record<string, Record<string, unknown>>;
}

/**
 * Which received message a Signal key change comes from: set around each decryption (see
 * `ReceiptGate.repository`), read when the change is kept.
 */
export const decryptingFor = new AsyncLocalStorage<string>();

/** After a failed write, how long until it is tried again. */
const RETRY_WRITE_MS = 1_000;

/** A key changed while decrypting messages not stored yet: its value before them, and which they are. */
interface HeldKey {
  type: string;
  id: string;
  before: unknown;
  by: Set<string>;
  /** A change of no message's made on top of theirs (its generation): it waits for them too. */
  entangledAt?: number;
}

/**
 * A phone's Baileys auth state in one secret file: creds and every Signal key, written whole
 * and atomically (Baileys mutates `creds` in place and expects each `keys.set` batch to land as
 * one), never in Baileys' demo multi-file layout.
 *
 * Decrypting a message uses its keys up, and WhatsApp never sends it again once the keys that
 * opened it are gone (a second copy fails as "key used already"). So the disk never gets ahead of
 * the messages: the keys a decryption changed are written with the values they had before until
 * that message is stored (`stored`). A daemon dying in between comes back with keys that open the
 * message again. Baileys works on the state in memory meanwhile. Every other change counts as a
 * generation; what Baileys sends waits until the generations it may depend on are on disk
 * (ReceiptGate), so nothing WhatsApp or a contact sees ever rests on keys the disk has not.
 */
export class PhoneAuthState {
  /** Changes of no message's so far (and releases of messages' keys); `written`: how many are on disk. */
  private generation = 0;
  private written = 0;
  /** The generation the last write (started) was made at. */
  private writtenAt = 0;
  /** Messages being decrypted or stored (ReceiptGate): only their changes are held. */
  private readonly open = new Set<string>();
  /** Keys changed by messages not stored yet, by `type\0id`. */
  private readonly held = new Map<string, HeldKey>();
  private writing = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Wiped, or let go (`close`): nothing more is written. */
  private closed = false;
  private readonly listeners = new Set<() => void>();
  /** Told when a write fails (it is tried again): the transport logs it. */
  onWriteFailed: (err: unknown) => void = () => undefined;
  private lastWrite: Promise<void> = Promise.resolve();

  private constructor(
    private readonly baileys: Baileys,
    private readonly file: Secret,
    readonly creds: AuthenticationCreds,
    private readonly keys: Record<string, Record<string, unknown>>,
  ) {}

  static async load(baileys: Baileys, file: Secret): Promise<PhoneAuthState> {
    const text = await file.read();
    const saved = text ? (JSON.parse(text, baileys.BufferJSON.reviver) as Saved) : null;
    return new PhoneAuthState(baileys, file, saved?.creds ?? baileys.initAuthCreds(), saved?.keys ?? {});
  }

  /** Linked ⇔ pairing wrote `creds.account`. */
  get linked(): boolean {
    return !!this.creds.account && !!this.creds.me;
  }

  /** The generations made in memory so far. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** How many of them are on disk. */
  get writtenGeneration(): number {
    return this.written;
  }

  /** Called after each write lands (and when this state is let go). */
  onWritten(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The state to hand to makeWASocket. */
  state(): AuthenticationState {
    const { proto } = this.baileys;
    return {
      creds: this.creds,
      keys: {
        get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
          const bucket = this.keys[type] ?? {};
          const result: { [id: string]: SignalDataTypeMap[T] } = {};
          for (const id of ids) {
            let value = bucket[id];
            if (value === undefined || value === null) continue;
            if (type === 'app-state-sync-key') value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
            result[id] = value as SignalDataTypeMap[T];
          }
          return result;
        },
        set: async (data: SignalDataSet) => this.set(data),
      },
    };
  }

  /**
   * The keys this session keeps about these WhatsApp users (a number's or a LID's digits), as a
   * deletion for `keys.set`: their Signal sessions, devices, LID mapping (`peerKeysOf`).
   */
  peerKeys(users: ReadonlySet<string>): SignalDataSet {
    return peerKeysOf(this.keys, users) as SignalDataSet;
  }

  /** Baileys changed `creds` in place: it is written as soon as it may be. */
  changed(): void {
    this.generation += 1;
    this.writeWhatMay();
  }

  /** A message is being decrypted: the keys it changes are held until it is stored. */
  opening(id: string): void {
    this.open.add(id);
  }

  /** Whether keys changed for this message wait for it to be stored. */
  holds(id: string): boolean {
    for (const key of this.held.values()) if (key.by.has(id)) return true;
    return false;
  }

  /** These messages are stored (or were never to be): the keys their decryption changed may be written. */
  stored(ids: readonly string[]): void {
    let released = false;
    for (const id of ids) {
      this.open.delete(id);
      for (const [name, key] of this.held) {
        if (!key.by.delete(id) || key.by.size > 0) continue;
        this.held.delete(name);
        released = true;
      }
    }
    if (!released) return;
    this.generation += 1;
    this.writeWhatMay();
  }

  /** Resolves once every change made so far is on disk (an erasure returns only then). */
  async flushed(): Promise<void> {
    const wanted = this.generation;
    while (this.written < wanted && !this.closed) await this.nextWrite();
  }

  /** Resolves once nothing more can be written now (what waits for a message not yet stored stays). */
  async idle(): Promise<void> {
    while (!this.closed && (this.writing || this.retryTimer || this.generation > this.writtenAt)) await this.nextWrite();
  }

  /**
   * Whether memory holds changes the disk does not have. Nothing sent to WhatsApp depends on
   * them (ReceiptGate), so a session can always start again from the disk: what they were about
   * (messages not stored yet) WhatsApp gives again.
   */
  get ahead(): boolean {
    return this.held.size > 0 || this.generation > this.written;
  }

  /** Let go: a new connection loads the state again. */
  get letGo(): boolean {
    return this.closed;
  }

  /**
   * This state is let go (the daemon stops or hands the number over, or the session starts again
   * from the disk): it writes no more; resolves once a write on its way has landed.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const listener of [...this.listeners]) listener();
    await this.lastWrite.catch(() => undefined);
  }

  async wipe(): Promise<void> {
    await this.close();
    await this.file.wipe();
  }

  private set(data: SignalDataSet): void {
    // Contexts can outlive a decryption (a queue started from inside one): only a message still
    // on its way has its changes held.
    const tag = decryptingFor.getStore();
    const message = tag !== undefined && this.open.has(tag) ? tag : undefined;
    const next = this.generation + 1;
    let free = false;
    for (const [type, entries] of Object.entries(data)) {
      this.keys[type] ??= {};
      const bucket = this.keys[type];
      for (const [id, value] of Object.entries(entries ?? {})) {
        const name = `${type}\0${id}`;
        const held = this.held.get(name);
        if (message !== undefined) {
          if (held) held.by.add(message);
          else this.held.set(name, { type, id, before: bucket[id], by: new Set([message]) });
        } else {
          free = true;
          if (held) held.entangledAt ??= next;
        }
        if (value === null || value === undefined) delete bucket[id];
        else bucket[id] = value;
      }
    }
    if (!free) return;
    this.generation = next;
    this.writeWhatMay();
  }

  private nextWrite(): Promise<void> {
    return new Promise<void>((resolve) => {
      const off = this.onWritten(() => {
        off();
        resolve();
      });
    });
  }

  /** The file as it may be written now: every key a message not yet stored changed, as it was before. */
  private text(): string {
    const keys: Record<string, Record<string, unknown>> = { ...this.keys };
    const copied = new Set<string>();
    for (const { type, id, before } of this.held.values()) {
      if (!copied.has(type)) {
        keys[type] = { ...keys[type] };
        copied.add(type);
      }
      if (before === undefined || before === null) delete keys[type]![id];
      else keys[type]![id] = before;
    }
    return JSON.stringify({ creds: this.creds, keys } satisfies Saved, this.baileys.BufferJSON.replacer);
  }

  /** Writes one at a time, in order, the state as it may be written; then looks again. */
  private writeWhatMay(): void {
    if (this.writing || this.closed || this.retryTimer || this.generation <= this.writtenAt) return;
    const at = this.generation;
    // A change made on top of a held key goes with it: the disk has every generation before the first such.
    let entangled = Number.POSITIVE_INFINITY;
    for (const key of this.held.values()) if (key.entangledAt !== undefined) entangled = Math.min(entangled, key.entangledAt);
    const reaches = Math.min(at, entangled - 1);
    this.writing = true;
    this.writtenAt = at;
    const write = this.file.write(this.text());
    this.lastWrite = write;
    write.then(
      () => {
        this.writing = false;
        this.written = Math.max(this.written, reaches);
        for (const listener of [...this.listeners]) listener();
        this.writeWhatMay();
      },
      (err: unknown) => {
        this.onWriteFailed(err);
        // A database away for a moment: the change stays in memory and is tried again; nothing
        // that depends on it leaves meanwhile.
        this.writing = false;
        this.writtenAt = this.written;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.writeWhatMay();
        }, RETRY_WRITE_MS);
        this.retryTimer.unref();
      },
    );
  }
}

/** Key types about ourselves, never about another person: left alone when forgetting someone. */
const OWN_KEY_TYPES = new Set(['pre-key', 'app-state-sync-key', 'app-state-sync-version']);

/**
 * What a saved session keeps about these WhatsApp users, as a deletion (`{ type: { id: null } }`).
 * Ids about a person start with their user part: `5511…​.0` (a session), `123…_1.0` (a LID's),
 * `123…_reverse` (a LID mapping), `5511…` (devices, mapping).
 */
export function peerKeysOf(keys: Saved['keys'], users: ReadonlySet<string>): Record<string, Record<string, null>> {
  const doomed: Record<string, Record<string, null>> = {};
  for (const [type, bucket] of Object.entries(keys)) {
    if (OWN_KEY_TYPES.has(type)) continue;
    for (const id of Object.keys(bucket ?? {})) {
      const user = /^\d+/.exec(id)?.[0];
      if (!user || !users.has(user)) continue;
      doomed[type] ??= {};
      doomed[type][id] = null;
    }
  }
  return doomed;
}

/**
 * A saved session's text (`PhoneAuthState`'s file) without what it keeps about these users —
 * for a phone whose session is not running; null when there was nothing about them.
 */
export function forgetPeersInSaved(text: string, users: ReadonlySet<string>): string | null {
  const saved = JSON.parse(text) as Saved;
  const doomed = peerKeysOf(saved.keys ?? {}, users);
  if (Object.keys(doomed).length === 0) return null;
  for (const [type, ids] of Object.entries(doomed)) for (const id of Object.keys(ids)) delete saved.keys[type]![id];
  return JSON.stringify(saved);
}

/** `forgetPeersInSaved` on a secret as it is stored; nothing happens when there is none. */
export async function forgetPeersInSecret(file: Secret, users: ReadonlySet<string>): Promise<void> {
  const text = await file.read();
  const next = text === null ? null : forgetPeersInSaved(text, users);
  if (next !== null) await file.write(next);
}
