import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { GuruError } from '../core/errors.js';
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
