import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';

export interface RrSetOptions {
  active?: boolean;
  inactive?: boolean;
  skipOffline?: boolean;
  json: boolean;
}

export function rrSetCommand(f: Factory, run = rrSet): Command {
  return new Command('set')
    .description('Switch an entry on or off, or change whether it is skipped while offline')
    .argument('<phone>', 'the phone number')
    .argument('<pos>', 'position, from 1', wholeNumberArg('position'))
    .option('--active', 'the entry gets chats again')
    .option('--inactive', 'the entry stays in the queue but gets no chats')
    .option('--skip-offline', 'pass over it while its target is offline')
    .option('--no-skip-offline', 'give it chats even while offline')
    .addOption(jsonFlag('the queue'))
    .addHelpText('after', examples('guru rr set +5511999990000 2 --inactive', 'guru rr set +5511999990000 3 --active --skip-offline'))
    .action((phone: string, pos: number, opts: RrSetOptions) => run(f, phone, pos, opts));
}

export async function rrSet(f: Factory, phone: string, pos: number, opts: RrSetOptions): Promise<void> {
  if (opts.active && opts.inactive) throw usage('--active and --inactive contradict each other — pass one');
  const active = opts.active ? true : opts.inactive ? false : undefined;
  const queue = await (await f.client()).roundRobin.set(phone, pos, { active, skipOffline: opts.skipOffline });
  printResult(f.io, opts, queue, () => {
    const entry = queue.entries[pos - 1]!;
    success(
      f.io,
      `${queue.phone} #${pos} ${entry.target.ref}: ${entry.active ? 'active' : 'inactive'}, ${entry.skipOffline ? 'skipped while offline' : 'not skipped while offline'}`,
    );
  });
}
