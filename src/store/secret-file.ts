import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Secret, SecretStore } from '../core/ports.js';
import { writeFileDurably } from './durable-write.js';
import { DIR_MODE } from './paths.js';

/** A secret kept as one file (0600, replaced atomically). */
export type SecretFile = Secret;

/**
 * Secrets as files under the data dir (0600, in 0700 folders): `whatsapp/<number>.json` for a
 * phone's credentials, `mail/smtp.json` for the SMTP server and its password — apart from the
 * state file, which backups and support requests copy around more freely.
 */
export class SecretFiles implements SecretStore {
  constructor(readonly home: string) {}

  phoneCredentials(phone: string): Secret {
    return secretFile(join(this.home, 'whatsapp', `${phone.replace(/^\+/, '')}.json`));
  }

  mailSettings(): Secret {
    return secretFile(join(this.home, 'mail', 'smtp.json'));
  }
}

export function phoneCredentials(home: string, phone: string): SecretFile {
  return new SecretFiles(home).phoneCredentials(phone);
}

function secretFile(file: string): Secret {
  return {
    read: async () => {
      try {
        return await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    write: async (text) => {
      await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
      await writeFileDurably(file, text);
    },
    wipe: () => rm(file, { force: true }),
  };
}
