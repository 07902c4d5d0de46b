import { InvalidArgumentError, Option } from 'commander';
import type { IOStreams } from './io.js';
import { t } from '../i18n/translate.js';

/** Repeatable flag that also accepts comma lists: `--perm a --perm b,c` → [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

/** Parses a whole number for commander, with a message naming the flag. */
export function wholeNumberArg(what: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(t`${what} must be a whole number (got "${value}")`);
    return Number(value);
  };
}

/** The "Examples:" block every command's help ends with. */
export function examples(...lines: string[]): string {
  return `\n${t`Examples:`}\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** A short confirmation of a change, on stderr so stdout stays data-only. */
export function success(io: IOStreams, message: string): void {
  io.err('✓', 'green');
  io.err(` ${message}\n`);
}

/** `--as <email>`: with the owner token, act as that user (scripts); otherwise the logged-in user acts. */
export function asOption(): Option {
  return new Option('--as <email>', t`act as this user, with the owner token (for scripts); default: whoever is logged in`);
}
