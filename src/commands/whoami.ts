import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { examples } from '../cli/command-helpers.js';

export function whoamiCommand(f: Factory, run = whoami): Command {
  return new Command('whoami')
    .description('Show who you are logged in as')
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru whoami', 'guru whoami --json'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function whoami(f: Factory, opts: { json: boolean }): Promise<void> {
  const me = await (await f.daemon('session')).whoami();
  printResult(f.io, opts, me, () => {
    const user = me.user;
    f.io.out(user ? `${user.name} <${user.email}> (${user.role})\n` : 'owner (local admin)\n');
  });
}
