import { usage } from '../core/errors.js';
import type { Factory } from './factory.js';
import { t } from '../i18n/translate.js';

/**
 * A password from `--password-stdin` (one trailing newline stripped) or a hidden prompt.
 * Never from argv, and never a prompt when no one can answer it.
 */
export async function readPassword(f: Factory, options: { fromStdin: boolean; message: string; confirm?: boolean }): Promise<string> {
  if (options.fromStdin) {
    const text = (await f.io.readStdin()).replace(/\r?\n$/, '');
    if (text === '') throw usage(t`--password-stdin was given but stdin was empty — pipe the password in, e.g. \`printf %s "$PW" | guru …\``);
    return text;
  }
  if (!f.io.canPrompt()) {
    throw usage(t`a password is needed: pipe it with --password-stdin (prompting is off: --no-input or not a terminal)`);
  }
  const { password } = await import('@inquirer/prompts');
  const context = { input: f.io.stdin as NodeJS.ReadableStream, output: f.io.stdout as NodeJS.WritableStream };
  const first = await password({ message: options.message, mask: true }, context);
  if (options.confirm) {
    const again = await password({ message: t`Repeat it:`, mask: true }, context);
    if (again !== first) throw usage(t`the two passwords differ — nothing was changed; try again`);
  }
  return first;
}

/** The flag's value, or a prompt for it on a terminal, or a usage error naming the flag. */
export async function valueOrAsk(f: Factory, value: string | undefined, flag: string, message: string): Promise<string> {
  if (value !== undefined) return value;
  if (!f.io.canPrompt()) throw usage(t`missing ${flag} (prompting is off: --no-input or not a terminal)`);
  const { input } = await import('@inquirer/prompts');
  return input({ message, required: true }, { input: f.io.stdin as NodeJS.ReadableStream, output: f.io.stdout as NodeJS.WritableStream });
}

/**
 * Yes to something that cannot be undone: `--yes`, or the person's answer on a terminal (no
 * unless they say so). Without a terminal and without `--yes`, a usage error naming it.
 */
export async function confirmed(f: Factory, yes: boolean, message: string): Promise<boolean> {
  if (yes) return true;
  if (!f.io.canPrompt()) throw usage(t`this cannot be undone: confirm with --yes (prompting is off: --no-input or not a terminal)`);
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: false }, { input: f.io.stdin as NodeJS.ReadableStream, output: f.io.stdout as NodeJS.WritableStream });
}
