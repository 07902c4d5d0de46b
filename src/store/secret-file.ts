import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Secret, SecretStore } from '../core/ports.js';
import { writeFileDurably } from './durable-write.js';
import { DIR_MODE } from './paths.js';
import { isEncrypted, lockedSecret, type SecretKey } from './secret-key.js';

/** A secret kept as one file (0600, replaced atomically); `raw` tells whether it is still in plain text. */
export type SecretFile = Secret & { raw?: () => Promise<{ plain: boolean }> };

/**
 * Secrets as files under the data dir (0600, in 0700 folders): `whatsapp/<number>.json` for a
 * phone's credentials, `mail/smtp.json` for the SMTP server and its password — apart from the
 * state file, which backups and support requests copy around more freely.
 */
export class SecretFiles implements SecretStore {
  /** `key`: secrets are written encrypted with it (`GURU_KEY_FILE`); none: as plain text. */
  constructor(
    readonly home: string,
    private readonly key: SecretKey | null = null,
  ) {}

  phoneCredentials(phone: string): SecretFile {
    return secretFile(join(this.home, 'whatsapp', `${phone.replace(/^\+/, '')}.json`), this.key);
  }

  mailSettings(): SecretFile {
    return secretFile(join(this.home, 'mail', 'smtp.json'), this.key);
  }

  /**
   * With a key, every secret still in plain text is written again, encrypted (a key set on an
   * existing data dir); returns how many. Without one, nothing.
   */
  async encryptAll(phones: readonly string[]): Promise<number> {
    if (!this.key) return 0;
    let done = 0;
    for (const secret of [...phones.map((p) => this.phoneCredentials(p)), this.mailSettings()]) {
      const { plain } = (await secret.raw?.()) ?? { plain: false };
      const text = plain ? await secret.read() : null;
      if (text === null) continue;
      await secret.write(text);
      done += 1;
    }
    return done;
  }
}

export function phoneCredentials(home: string, phone: string): SecretFile {
  return new SecretFiles(home).phoneCredentials(phone);
}

function secretFile(file: string, key: SecretKey | null): SecretFile {
  const stored = async (): Promise<string | null> => {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };
  return {
    read: async () => {
      const text = await stored();
      if (text === null || !isEncrypted(text)) return text;
      if (!key) throw lockedSecret(file);
      return key.decrypt(text, file);
    },
    write: async (text) => {
      await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
      await writeFileDurably(file, key ? key.encrypt(text) : text);
    },
    wipe: () => rm(file, { force: true }),
    raw: async () => {
      const text = await stored();
      return { plain: text !== null && !isEncrypted(text) };
    },
  };
}
