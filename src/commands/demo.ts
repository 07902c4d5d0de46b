import { rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { examples } from '../cli/command-helpers.js';
import { printTable } from '../cli/table.js';
import { DEMO_PASSWORD, DEMO_PHONE, seedDemoTeam } from '../demo/team.js';
import { decisionColumns, entryColumns } from './round-robin/format.js';
import { userColumns } from './user/format.js';

export interface DemoOptions {
  reset: boolean;
  home?: string;
}

/** The demo never touches a real installation: it has its own data dir unless --home says otherwise. */
export function demoHome(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'guru-demo');
}

export function demoCommand(f: Factory, run = demo): Command {
  return new Command('demo')
    .description('A training sandbox: a seeded team, departments and rodízio to try Guru on, no phone needed')
    .option('--reset', 'throw the demo data away and start over', false)
    .addHelpText('after', examples('guru demo', 'guru demo --reset'))
    .action((opts: { reset: boolean }, cmd: Command) => run(f, { ...opts, home: cmd.optsWithGlobals<{ home?: string }>().home }));
}

export async function demo(f: Factory, opts: DemoOptions): Promise<void> {
  const home = demoHome(opts.home, process.env);
  if (opts.reset) await rm(home, { recursive: true, force: true });
  const { localClient } = await import('../client/local.js');
  const client = localClient(home);
  const fresh = !(await exists(join(home, 'state.json')));
  if (fresh) await seedDemoTeam(client);

  const { io } = f;
  const heading = (text: string) => io.out(`\n${io.color.bold(text)}\n`);
  io.out(`${io.color.bold('Guru demo')} — ${fresh ? 'a new' : 'the existing'} training sandbox in ${home}\n`);
  heading('The team (guru user list)');
  printTable(io, userColumns, await client.users.list(), f.now());
  heading(`The rodízio of ${DEMO_PHONE} (guru rr show)`);
  const queue = await client.roundRobin.show(DEMO_PHONE);
  printTable(io, entryColumns(queue), queue.entries, f.now());
  for (const online of [[], ['caio@loja.example']]) {
    heading(`Next 6 new chats with ${online.length ? online.join(', ') : 'nobody'} online (guru rr simulate)`);
    const sim = await client.roundRobin.simulate(DEMO_PHONE, { next: 6, online });
    printTable(io, decisionColumns, sim.decisions.map((d, i) => ({ ...d, pick: i + 1 })), f.now());
  }
  io.out(
    `\nEvery user's password is "${DEMO_PASSWORD}". Explore with --home, e.g.:\n` +
      `  guru --home ${home} rr simulate ${DEMO_PHONE} --online bia@loja.example\n` +
      `  guru --home ${home} audit\n` +
      'The linked-phone simulator and the inbox join this demo as they land (see README).\n',
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
