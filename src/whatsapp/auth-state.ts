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
