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

/** How many earlier states are kept to write while later changes wait for their messages. */
const MOST_SNAPSHOTS = 16;
/** After a failed write, how long until it is tried again. */
const RETRY_WRITE_MS = 1_000;

/**
 * A phone's Baileys auth state in one secret file: creds and every Signal key, written whole
 * and atomically (Baileys mutates `creds` in place and expects each `keys.set` batch to land as
 * one), never in Baileys' demo multi-file layout.
 *
 * Decrypting a message uses its keys up, and WhatsApp never sends it again once the keys that
 * opened it are gone (a second copy fails as "key used already"). So the disk never gets ahead of
 * the messages: a change made while decrypting a message is written only once that message is
 * stored (`stored`); until then an earlier state of the file is what may be written. A daemon
 * dying in between comes back with keys that open the message again. Baileys works on the state
 * in memory meanwhile; what it sends waits for the writes it depends on (`generation` /
 * `writtenGeneration`, see ReceiptGate).
 */
export class PhoneAuthState {
  /** Changes made in memory so far; `writtenGeneration`: how many of them are on disk. */
  private generation = 0;
  private written = 0;
  /** Messages decrypted and not yet stored, with the generation of their first key change. */
  private readonly unstored = new Map<string, number>();
  /** The file as it was before such changes: what may be written while they wait. */
  private snapshots: { generation: number; text: string }[] = [];
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

  /** The changes made in memory so far. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** How many of them are on disk. */
  get writtenGeneration(): number {
    return this.written;
  }

  /** Called after each write lands. */
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
        set: async (data: SignalDataSet) => {
          const message = decryptingFor.getStore();
          // The file as it is before this message's change: written while the message is being stored.
          if (message !== undefined && this.generation > Math.max(this.written, this.snapshots.at(-1)?.generation ?? 0)) this.snapshot();
          for (const [type, entries] of Object.entries(data)) {
            this.keys[type] ??= {};
            const bucket = this.keys[type];
            for (const [id, value] of Object.entries(entries ?? {})) {
              if (value === null || value === undefined) delete bucket[id];
              else bucket[id] = value;
            }
          }
          this.generation += 1;
          if (message !== undefined && !this.unstored.has(message)) this.unstored.set(message, this.generation);
          this.writeWhatMay();
        },
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

  /** These messages are stored (or were never to be): what their decryption changed may be written. */
  stored(ids: readonly string[]): void {
    let any = false;
    for (const id of ids) any = this.unstored.delete(id) || any;
    if (any) this.writeWhatMay();
  }

  /** Whether a change made while decrypting this message waits for it to be stored. */
  holds(id: string): boolean {
    return this.unstored.has(id);
  }

  /** Resolves once every change made so far is on disk (an erasure returns only then). */
  async flushed(): Promise<void> {
    const wanted = this.generation;
    while (this.written < wanted && !this.closed) await this.nextWrite();
  }

  /** Resolves once nothing more can be written now (what waits for a message not yet stored stays). */
  async idle(): Promise<void> {
    while (!this.closed && (this.writing || this.retryTimer || this.writable())) await this.nextWrite();
  }

  /**
   * Whether memory holds changes the disk does not have. Nothing sent to WhatsApp depends on
   * them (ReceiptGate), so a session can always start again from the disk: what they were about
   * (messages not stored yet) WhatsApp gives again.
   */
  get ahead(): boolean {
    return this.generation > this.written;
  }

  /**
   * This state is let go (the daemon stops or hands the number over, or the session starts again
   * from the disk): it writes no more; resolves once a write on its way has landed.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.snapshots = [];
    for (const listener of [...this.listeners]) listener();
    await this.lastWrite.catch(() => undefined);
  }

  async wipe(): Promise<void> {
    await this.close();
    await this.file.wipe();
  }

  private nextWrite(): Promise<void> {
    return new Promise<void>((resolve) => {
      const off = this.onWritten(() => {
        off();
        resolve();
      });
    });
  }

  private text(): string {
    return JSON.stringify({ creds: this.creds, keys: this.keys } satisfies Saved, this.baileys.BufferJSON.replacer);
  }

  private snapshot(): void {
    this.snapshots.push({ generation: this.generation, text: this.text() });
    if (this.snapshots.length > MOST_SNAPSHOTS) this.snapshots.shift();
  }

  /** The newest state whose changes' messages are all stored, if it is not on disk yet. */
  private writable(): { generation: number; text: () => string } | null {
    if (this.unstored.size === 0) return this.generation > this.written ? { generation: this.generation, text: () => this.text() } : null;
    const oldest = Math.min(...this.unstored.values());
    const before = this.snapshots.findLast((s) => s.generation < oldest && s.generation > this.written);
    return before ? { generation: before.generation, text: () => before.text } : null;
  }

  /** Writes one at a time, in order, the newest state that may be written; then looks again. */
  private writeWhatMay(): void {
    if (this.writing || this.closed || this.retryTimer) return;
    const next = this.writable();
    if (!next) return;
    this.writing = true;
    const write = this.file.write(next.text());
    this.lastWrite = write;
    write.then(
      () => {
        this.writing = false;
        this.written = Math.max(this.written, next.generation);
        this.snapshots = this.snapshots.filter((s) => s.generation > this.written);
        for (const listener of [...this.listeners]) listener();
        this.writeWhatMay();
      },
      (err: unknown) => {
        this.onWriteFailed(err);
        // A database away for a moment: the change stays in memory and is tried again; nothing
        // that depends on it leaves meanwhile.
        this.writing = false;
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
