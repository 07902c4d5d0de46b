import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SecretStore } from '../core/ports.js';
import { writeFileDurably } from './durable-write.js';
import { DIR_MODE } from './paths.js';
import { encryptPlainSecrets, sealedSecret, type SealedSecret, type SecretKey } from './secret-key.js';

/** A secret kept as one file (0600, replaced atomically). */
export type SecretFile = SealedSecret;

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

  /** With a key, the secrets still in plain text are encrypted now; how many. */
  encryptAll(phones: readonly string[]): Promise<number> {
    return encryptPlainSecrets(this.key, [...phones.map((p) => this.phoneCredentials(p)), this.mailSettings()]);
  }
}

export function phoneCredentials(home: string, phone: string): SecretFile {
  return new SecretFiles(home).phoneCredentials(phone);
}

function secretFile(file: string, key: SecretKey | null): SecretFile {
  return sealedSecret(
    {
      get: async () => {
        try {
          return await readFile(file, 'utf8');
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw err;
        }
      },
      put: async (text) => {
        await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
        await writeFileDurably(file, text);
      },
      remove: () => rm(file, { force: true }),
    },
    file,
    key,
  );
}
