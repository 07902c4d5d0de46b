import { Command } from 'commander';
import { registerCommands } from '../commands/index.js';
import { EXIT } from './exit-codes.js';
import { CliFactory, type GlobalOptions } from './factory.js';
import { IOStreams } from './io.js';
import { explainParseError, reportError } from './report-error.js';
import { packageVersion } from './version.js';

// The entry point (bin/guru loads it): it only wires commander, the factory and the error handler.
// What commands share lives beside it (factory, io, table, command-helpers, report-error) and
// never imports this file, so a command or a test pulls in no command tree it does not need.

/** Builds the whole `guru` command tree; exported so tests can inspect parsing. */
export function buildProgram(f: CliFactory): Command {
  const program = new Command('guru')
    .description('Guru — a terminal-first WhatsApp team inbox')
    .option('--home <dir>', 'data directory (default: $GURU_HOME, else ~/.local/share/guru)')
    .option('--server <host:port>', 'a Guru server on another machine (default: $GURU_SERVER, else the last `guru login --server`)')
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
    outputError: (text, write) => write(explainParseError(text, command)),
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
