import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, wholeNumberArg } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { decisionColumns } from './format.js';
import { plural, t } from '../../i18n/translate.js';

export interface RrSimulateOptions {
  next: number;
  online: string[];
  json: boolean;
}

export function rrSimulateCommand(f: Factory, run = rrSimulate): Command {
  return new Command('simulate')
    .alias('sim')
    .description(t`Show who the next N new chats would go to, and why, without assigning anything`)
    .argument('<phone>', t`the phone number`)
    .option('--next <n>', t`how many picks`, wholeNumberArg('--next'), 10)
    .option('--online <emails>', t`treat these users as online (comma-separated, repeatable)`, collect, [])
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru rr simulate +5511999990000 --next 6', 'guru rr simulate +5511999990000 --online bia@acme.com,caio@acme.com --json'))
    .action((phone: string, opts: RrSimulateOptions) => run(f, phone, opts));
}

export async function rrSimulate(f: Factory, phone: string, opts: RrSimulateOptions): Promise<void> {
  const sim = await (await f.client()).roundRobin.simulate(phone, { next: opts.next, online: opts.online });
  printResult(f.io, opts, sim, () => {
    if (f.io.isStdoutTTY) {
      const online = sim.online.join(', ') || t`nobody`;
      const n = sim.decisions.length;
      f.io.err(`${plural(n, t`Next ${n} pick for ${sim.phone} (online: ${online})`, t`Next ${n} picks for ${sim.phone} (online: ${online})`)}\n`);
    }
    printTable(
      f.io,
      decisionColumns(),
      sim.decisions.map((d, i) => ({ ...d, pick: i + 1 })),
      f.now(),
    );
  });
}
