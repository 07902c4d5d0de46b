import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { examples, success } from '../cli/command-helpers.js';
import { usage } from '../core/errors.js';
import { t } from '../i18n/translate.js';

export function keyCommand(f: Factory): Command {
  return new Command('key')
    .description(t`The key secrets are encrypted with at rest (GURU_KEY_FILE): WhatsApp sessions and the SMTP password`)
    .addCommand(keyNewCommand(f));
}

export function keyNewCommand(f: Factory, run = keyNew): Command {
  return new Command('new')
    .description(t`Make a new key file (0600) outside the data dir; then start the daemon with GURU_KEY_FILE set to it`)
    .argument('<file>', t`where to write it (never over an existing file, never inside the data dir)`)
    .addHelpText(
      'after',
      examples('guru key new /etc/guru/secrets.key', 'GURU_KEY_FILE=/etc/guru/secrets.key guru daemon start   # encrypts what is still plain text'),
    )
    .action((file: string) => run(f, file));
}

export async function keyNew(f: Factory, file: string): Promise<void> {
  const path = resolve(file);
  const within = relative(f.home(), path);
  if (within === '' || (!within.startsWith('..') && !isAbsolute(within))) {
    throw usage(t`${path} is inside the data dir ${f.home()}: a copy of the data dir would carry the key — choose a place outside it`);
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw usage(t`${path} exists already — a key is never overwritten (the secrets it encrypted would be lost); choose another file`);
    throw usage(t`cannot create ${path} (${code ?? (err as Error).message})`);
  }
  try {
    // 32 random bytes as 64 hex digits: what the stores read (src/store/secret-key.ts).
    await handle.writeFile(`${randomBytes(32).toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  success(f.io, t`Wrote a new key to ${path} — keep a copy apart from the data dir's backups: without it, encrypted secrets cannot be read`);
  f.io.err(`  ${t`Start the daemon with GURU_KEY_FILE=${path}: it encrypts the secrets still in plain text.`}\n`);
}
