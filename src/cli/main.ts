import { Command, CommanderError } from 'commander';
import { isGuruError } from '../core/errors.js';
import { registerCommands } from '../commands/index.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { CliFactory, type GlobalOptions } from './factory.js';
import { IOStreams } from './io.js';
import { packageVersion } from './version.js';

/** Builds the whole `guru` command tree; exported so tests can inspect parsing. */
export function buildProgram(f: CliFactory): Command {
  const program = new Command('guru')
    .description('Guru — a terminal-first WhatsApp team inbox')
    .option('--home <dir>', 'data directory (default: $GURU_HOME, else ~/.local/share/guru)')
    .option('--no-input', 'never prompt; fail naming the missing flag instead')
    .option('--no-color', 'plain output without colour (also NO_COLOR=1)')
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)');
  registerCommands(program, f);
  program.hook('preAction', (_root, action) => f.configure(action.optsWithGlobals<GlobalOptions>()));
  routeThroughHandler(program, f.io);
  return program;
}

/** Commander must not exit or print on its own: errors flow to `main`'s one handler. */
function routeThroughHandler(command: Command, io: IOStreams): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.out(text),
    writeErr: (text) => io.err(text),
    outputError: (text, write) => write(text),
  });
  for (const sub of command.commands) routeThroughHandler(sub, io);
}

/** Runs `guru` with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: IOStreams = IOStreams.system(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const f = new CliFactory(io, env);
  try {
    await buildProgram(f).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    return reportError(io, err, env);
  }
}

function reportError(io: IOStreams, err: unknown, env: NodeJS.ProcessEnv): number {
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
