import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileDurably } from './durable-write.js';
import { DIR_MODE } from './paths.js';

/**
 * A secret kept as one file (0600, replaced atomically): a phone's WhatsApp credentials. The
 * store knows nothing of their format; `src/whatsapp` serialises them.
 */
export interface SecretFile {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  /** Deletes it for good (logged out, wrong number, unlinked). */
  wipe(): Promise<void>;
}

export function phoneCredentials(home: string, phone: string): SecretFile {
  const file = join(home, 'whatsapp', `${phone.replace(/^\+/, '')}.json`);
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
