import type { AuthenticationCreds, AuthenticationState, SignalDataSet, SignalDataTypeMap } from '@whiskeysockets/baileys';
import type { Secret } from '../core/ports.js';

type Baileys = typeof import('@whiskeysockets/baileys');

interface Saved {
  creds: AuthenticationCreds;
  keys: Record<string, Record<string, unknown>>;
}

/**
 * A phone's Baileys auth state in one secret file: creds and every Signal key, written whole
 * and atomically after each change (Baileys mutates `creds` in place and expects each `keys.set`
 * batch to land as one), never in Baileys' demo multi-file layout.
 */
export class PhoneAuthState {
  private writing: Promise<void> = Promise.resolve();
  private wiped = false;

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
          for (const [type, entries] of Object.entries(data)) {
            this.keys[type] ??= {};
            const bucket = this.keys[type];
            for (const [id, value] of Object.entries(entries ?? {})) {
              if (value === null || value === undefined) delete bucket[id];
              else bucket[id] = value;
            }
          }
          await this.save();
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

  /** Writes creds and keys as they are now; writes are queued so they land in order. */
  save(): Promise<void> {
    if (this.wiped) return this.writing; // a discarded session must not write itself back
    const text = JSON.stringify({ creds: this.creds, keys: this.keys } satisfies Saved, this.baileys.BufferJSON.replacer);
    this.writing = this.writing.then(() => this.file.write(text));
    return this.writing;
  }

  async wipe(): Promise<void> {
    this.wiped = true;
    await this.writing.catch(() => undefined);
    await this.file.wipe();
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
