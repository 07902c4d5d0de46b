import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { GuruError } from '../core/errors.js';
import type { Secret } from '../core/ports.js';
import { t } from '../i18n/translate.js';

/** What marks a secret file as encrypted (its first bytes), and its format's version. */
const MARK = 'guru-encrypted-secret';

/**
 * The key secrets at rest are encrypted with (`GURU_KEY_FILE`): 32 random bytes, kept outside the
 * data dir, so a copied data dir or a backup carries no usable WhatsApp session nor SMTP password.
 * AES-256-GCM: a file changed or encrypted with another key does not open (it is not misread).
 */
export class SecretKey {
  /** Names the key without giving it away: which key a file needs. */
  readonly id: string;

  private constructor(
    private readonly key: Buffer,
    readonly file: string,
  ) {
    this.id = createHash('sha256').update(key).digest('hex').slice(0, 12);
  }

  /**
   * Reads the key file: 64 hex digits (what `guru key new` writes). Refused when it is missing,
   * malformed, readable by others than its owner, or inside the data dir `home` (where it would
   * travel with what it protects).
   */
  static async load(file: string, home: string): Promise<SecretKey> {
    const path = resolve(file);
    const within = relative(resolve(home), path);
    if (within === '' || (!within.startsWith('..') && !isAbsolute(within))) {
      throw keyProblem(t`GURU_KEY_FILE ${path} is inside the data dir ${home}: a copy of the data dir would carry the key — keep it elsewhere`);
    }
    let text: string;
    try {
      const info = await stat(path);
      if ((info.mode & 0o077) !== 0)
        throw keyProblem(t`GURU_KEY_FILE ${path} can be read by others (mode ${(info.mode & 0o777).toString(8)}) — \`chmod 600 ${path}\``);
      text = (await readFile(path, 'utf8')).trim();
    } catch (err) {
      if (err instanceof GuruError) throw err;
      throw keyProblem(
        t`cannot read GURU_KEY_FILE ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}) — make one with \`guru key new ${path}\``,
      );
    }
    if (!/^[0-9a-f]{64}$/i.test(text)) throw keyProblem(t`GURU_KEY_FILE ${path} is not a key (64 hex digits) — make one with \`guru key new <file>\``);
    return new SecretKey(Buffer.from(text, 'hex'), path);
  }

  encrypt(text: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return `${JSON.stringify({ [MARK]: 1, key: this.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') })}\n`;
  }

  /** The plain text of an encrypted secret (`file` names it in errors). */
  decrypt(text: string, file: string): string {
    const sealed = JSON.parse(text) as { key: string; iv: string; tag: string; data: string };
    if (sealed.key !== this.id)
      throw keyProblem(t`${file} was encrypted with another key (${sealed.key}; GURU_KEY_FILE is ${this.id}) — point GURU_KEY_FILE at that key`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw keyProblem(t`${file} does not open with its key: it was changed or damaged — restore it from a backup (or link the phone again)`);
    }
  }
}

/** Whether a secret file's text is encrypted (by any key). */
export function isEncrypted(text: string): boolean {
  return text.startsWith(`{"${MARK}":`);
}

/** An encrypted secret, and no key to open it. */
export function lockedSecret(file: string): GuruError {
  return keyProblem(t`${file} is encrypted — set GURU_KEY_FILE to its key file (kept outside the data dir) and try again`);
}

function keyProblem(message: string): GuruError {
  return new GuruError('store_unreadable', message);
}

/** A secret's stored text, wherever it is kept (a file, a row): no encryption at this level. */
export interface StoredText {
  get(): Promise<string | null>;
  put(text: string): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A secret kept whole; `raw` gives its text as stored (encrypted or not) and whether that is
 * plain, `writeRaw` stores such a text as it is — a copy to another store (`guru store migrate`)
 * moves an encrypted secret without its key and keeps it encrypted.
 */
export type SealedSecret = Secret & {
  raw: () => Promise<{ plain: boolean; text: string | null }>;
  writeRaw: (text: string) => Promise<void>;
};

/**
 * A secret over its stored text: written encrypted with `key` when there is one, read back
 * whether it was written encrypted or not (a key set on existing data), and refused — naming
 * it by `name` — when it is encrypted and no key was given.
 */
export function sealedSecret(stored: StoredText, name: string, key: SecretKey | null): SealedSecret {
  return {
    read: async () => {
      const text = await stored.get();
      if (text === null || !isEncrypted(text)) return text;
      if (!key) throw lockedSecret(name);
      return key.decrypt(text, name);
    },
    write: (text) => stored.put(key ? key.encrypt(text) : text),
    wipe: () => stored.remove(),
    raw: async () => {
      const text = await stored.get();
      return { plain: text !== null && !isEncrypted(text), text };
    },
    writeRaw: (text) => stored.put(text),
  };
}

/**
 * With a key, every one of `secrets` still in plain text is written again, encrypted (a key set
 * on existing data); returns how many. Without one, nothing.
 */
export async function encryptPlainSecrets(key: SecretKey | null, secrets: readonly SealedSecret[]): Promise<number> {
  if (!key) return 0;
  let done = 0;
  for (const secret of secrets) {
    const { plain } = await secret.raw();
    const text = plain ? await secret.read() : null;
    if (text === null) continue;
    await secret.write(text);
    done += 1;
  }
  return done;
}
