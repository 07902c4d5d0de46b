import { CommanderError } from 'commander';
import { isGuruError } from '../core/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { IOStreams } from './io.js';

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
    io.err('error:', 'red');
    io.err(` ${err.message}\n`);
    return exitCodeFor(err.code);
  }
  if (err instanceof Error && err.name === 'ExitPromptError') {
    io.err('interrupted — nothing was changed\n');
    return EXIT.interrupted;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.err('error:', 'red');
  io.err(` unexpected failure: ${message} — rerun with GURU_DEBUG=1 for details\n`);
  if (env.GURU_DEBUG && err instanceof Error) io.err(`${err.stack}\n`);
  return EXIT.error;
}
