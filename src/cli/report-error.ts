import { type Command, CommanderError } from 'commander';
import { isGuruError } from '../core/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { IOStreams } from './io.js';
import { formatList } from '../i18n/format.js';
import { t } from '../i18n/translate.js';

/**
 * The one error handler: turns whatever a command threw into a message on stderr and an exit
 * code from DESIGN.md's table. Commands throw typed errors and never print or exit on their own.
 */
export function reportError(io: IOStreams, err: unknown, env: NodeJS.ProcessEnv): number {
  if (err instanceof CommanderError) {
    // Help and --version "fail" with exit code 0; anything else commander raises (unknown
    // option, missing argument, a group called without a verb) is a usage error.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isGuruError(err)) {
    io.err(t`error:`, 'red');
    io.err(` ${err.message}\n`);
    return exitCodeFor(err.code);
  }
  if (err instanceof Error && err.name === 'ExitPromptError') {
    io.err(`${t`interrupted — nothing was changed`}\n`);
    return EXIT.interrupted;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.err(t`error:`, 'red');
  io.err(` ${t`unexpected failure: ${message} — rerun with GURU_DEBUG=1 for details`}\n`);
  if (env.GURU_DEBUG && err instanceof Error) io.err(`${err.stack}\n`);
  return EXIT.error;
}

/**
 * Commander's own parse errors, made to say the next step where we know it. A password given as
 * `--password` (or `--password=…`, whose value is never echoed back) points at the stdin flag of
 * the command at hand, or says where passwords go when it takes none.
 */
export function explainParseError(text: string, command: Command): string {
  if (!/^error: unknown option '--password(=[^']*)?'/.test(text)) return text;
  const stdinFlags = command.options.map((o) => o.long ?? '').filter((long) => long.endsWith('password-stdin'));
  const next =
    stdinFlags.length > 0
      ? t`pass the password on stdin with ${formatList(stdinFlags, 'or')}`
      : t`passwords never go on the command line: the commands that need one ask on a terminal or read it from stdin with --password-stdin`;
  return `${t`error: unknown option --password — ${next}`}\n`;
}
