import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Factory } from '../cli/factory.js';
import { examples, wholeNumberArg } from '../cli/command-helpers.js';
import { LAUNCHER } from '../cli/package-files.js';
import { printTable } from '../cli/table.js';
import { usage } from '../core/errors.js';
import { pathExists } from '../store/paths.js';
import { t } from '../i18n/translate.js';
import { DEMO_PASSWORD, DEMO_PHONE, seedDemoTeam } from '../demo/team.js';
import { entryColumns } from './round-robin/format.js';
import { userColumns } from './user/format.js';

export interface DemoOptions {
  reset: boolean;
  home?: string;
  headless: boolean;
  minutes?: number;
  /** Hidden: a headless run measured in seconds (tests). */
  seconds?: number;
  /** Hidden: with --headless, a new customer this often (tests wait for the cast to run out). */
  customerEveryMs?: number;
  /** Hidden: with --headless, customers and automated colleagues answer after this long (tests wait for the cast's later turns). */
  answerMs?: number;
}

/** The demo never touches a real installation: it has its own data dir unless --home says otherwise. */
export function demoHome(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'guru-demo');
}

export function demoCommand(f: Factory, run = demo): Command {
  return new Command('demo')
    .description(t`A training sandbox: a seeded team, a simulated WhatsApp phone and customers, and the inbox — no phone needed`)
    .option('--reset', t`throw the demo data away and start over`, false)
    .option('--headless', t`no inbox: run the scenario and print a transcript (no terminal needed)`, false)
    .addOption(new Option('--minutes <n>', t`with --headless: how long the customers keep writing (default 1)`).argParser(wholeNumberArg('--minutes')))
    .addOption(new Option('--seconds <n>').argParser(wholeNumberArg('--seconds')).hideHelp())
    .addOption(new Option('--customer-every-ms <n>').argParser(wholeNumberArg('--customer-every-ms')).hideHelp())
    .addOption(new Option('--answer-ms <n>').argParser(wholeNumberArg('--answer-ms')).hideHelp())
    .addHelpText('after', examples('guru demo', 'guru demo --reset', 'guru demo --headless --minutes 1'))
    .action((opts: Omit<DemoOptions, 'home'>, cmd: Command) => run(f, { ...opts, home: cmd.optsWithGlobals<{ home?: string }>().home }));
}

export async function demo(f: Factory, opts: DemoOptions): Promise<void> {
  const { io } = f;
  await f.localOnly('guru demo');
  if (!opts.headless && (!io.isStdinTTY || !io.isStdoutTTY)) {
    throw usage(t`\`guru demo\` opens the inbox and needs a terminal — without one, run \`guru demo --headless --minutes 1\` for a transcript`);
  }
  if (!opts.headless && (opts.minutes !== undefined || opts.seconds !== undefined)) throw usage(t`--minutes goes with --headless`);
  const home = demoHome(opts.home, process.env);
  if (opts.reset) await rm(home, { recursive: true, force: true });
  const fresh = !(await pathExists(join(home, 'state.json')));
  if (fresh) {
    const { localClient } = await import('../client/local.js');
    await seedDemoTeam(localClient(home));
  }
  io.out(t`Guru demo`, 'bold');
  io.out(` — ${fresh ? t`a new training sandbox in ${home}` : t`the existing training sandbox in ${home}`}\n`);
  if (opts.headless) await showTeam(f, home);
  io.out(`${t`Every user's password is "${DEMO_PASSWORD}"; the demo's WhatsApp is ${DEMO_PHONE}, a built-in simulator.`}\n\n`);

  const play = await import('../demo/play.js');
  if (opts.headless)
    await play.playHeadless(f, { home, launcher: LAUNCHER }, opts.seconds ?? (opts.minutes ?? 1) * 60, {
      ...(opts.customerEveryMs ? { customerEveryMs: opts.customerEveryMs } : {}),
      ...(opts.answerMs ? { customerAnswerMs: opts.answerMs, agentAnswerMs: opts.answerMs } : {}),
    });
  else await play.playInteractive(f, { home, launcher: LAUNCHER });
}

/** The seeded team and rodízio, as `guru user list` and `guru rr show` print them. */
async function showTeam(f: Factory, home: string): Promise<void> {
  const { io } = f;
  const { adminClient } = await import('../client/connect.js');
  const client = await adminClient({ home, version: f.version(), env: f.env });
  io.out('\n');
  io.out(t`The team (guru user list)`, 'bold');
  io.out('\n');
  printTable(io, userColumns(), await client.users.list(), f.now());
  io.out('\n');
  io.out(t`The rodízio of ${DEMO_PHONE} (guru rr show)`, 'bold');
  io.out('\n');
  const queue = await client.roundRobin.show(DEMO_PHONE);
  printTable(io, entryColumns(queue), queue.entries, f.now());
  io.out('\n');
}
