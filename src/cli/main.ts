import { Command } from 'commander';
import { registerCommands } from '../commands/index.js';
import { EXIT } from './exit-codes.js';
import { CliFactory, type GlobalOptions } from './factory.js';
import { IOStreams } from './io.js';
import { languageFromArgs } from './language.js';
import { explainParseError, reportError } from './report-error.js';
import { speakInHelp, translateCommanderError } from './commander-language.js';
import { t, chooseLanguage } from '../i18n/translate.js';
import { packageVersion } from './version.js';

// The entry point (bin/guru loads it): it only wires commander, the factory and the error handler.
// What commands share lives beside it (factory, io, table, command-helpers, report-error) and
// never imports this file, so a command or a test pulls in no command tree it does not need.

/** Builds the whole `guru` command tree; exported so tests can inspect parsing. */
export function buildProgram(f: CliFactory): Command {
  const program = new Command('guru')
    .description(t`Guru — a terminal-first WhatsApp team inbox`)
    .option('--home <dir>', t`data directory (default: $GURU_HOME, else ~/.local/share/guru)`)
    .option('--server <host:port>', t`a Guru server on another machine (default: $GURU_SERVER, else the last \`guru login --server\`)`)
    .option('--no-input', t`never prompt; fail naming the missing flag instead`)
    .option('--no-color', t`plain output without colour (also NO_COLOR=1)`)
    .option('--lang <language>', t`language of messages and help: en or pt-BR (default: $GURU_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG)`)
    .version(packageVersion(), '-V, --version', t`output the version number`)
    .showSuggestionAfterError()
    .showHelpAfterError(t`(add --help for usage)`);
  registerCommands(program, f);
  program.hook('preAction', (_root, action) => f.configure(action.optsWithGlobals<GlobalOptions>()));
  routeThroughHandler(program, f.io);
  return program;
}

/**
 * Commander must not exit or print on its own: errors flow to `main`'s one handler. Its help and
 * its own errors are in the reader's language too.
 */
function routeThroughHandler(command: Command, io: IOStreams): void {
  speakInHelp(command);
  command.exitOverride().configureOutput({
    writeOut: (text) => io.out(text),
    writeErr: (text) => io.err(text),
    outputError: (text, write) => write(translateCommanderError(explainParseError(text, command))),
  });
  for (const sub of command.commands) routeThroughHandler(sub, io);
}

/** Runs `guru` with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: IOStreams = IOStreams.system(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const f = new CliFactory(io, env);
  try {
    // Before the command tree is built: its descriptions are made in the chosen language.
    await chooseLanguage(languageFromArgs(argv, env));
    await buildProgram(f).parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    return reportError(io, err, env);
  }
}
