import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, wholeNumberArg } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { decisionColumns } from './format.js';

export interface RrSimulateOptions {
  next: number;
  online: string[];
  json: boolean;
}

export function rrSimulateCommand(f: Factory, run = rrSimulate): Command {
  return new Command('simulate')
    .alias('sim')
    .description('Show who the next N new chats would go to, and why, without assigning anything')
    .argument('<phone>', 'the phone number')
    .option('--next <n>', 'how many picks', wholeNumberArg('--next'), 10)
    .option('--online <emails>', 'treat these users as online (comma-separated, repeatable)', collect, [])
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru rr simulate +5511999990000 --next 6', 'guru rr simulate +5511999990000 --online bia@acme.com,caio@acme.com --json'))
    .action((phone: string, opts: RrSimulateOptions) => run(f, phone, opts));
}

export async function rrSimulate(f: Factory, phone: string, opts: RrSimulateOptions): Promise<void> {
  const sim = await (await f.client()).roundRobin.simulate(phone, { next: opts.next, online: opts.online });
  printResult(f.io, opts, sim, () => {
    if (f.io.isStdoutTTY) {
      f.io.err(`Next ${sim.decisions.length} picks for ${sim.phone} (online: ${sim.online.join(', ') || 'nobody'})\n`);
    }
    printTable(
      f.io,
      decisionColumns,
      sim.decisions.map((d, i) => ({ ...d, pick: i + 1 })),
      f.now(),
    );
  });
}
