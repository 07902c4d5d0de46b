import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

export function rrMoveCommand(f: Factory, run = rrMove): Command {
  return new Command('move')
    .alias('mv')
    .description(t`Move an entry to another position; whose turn is next does not change`)
    .argument('<phone>', t`the phone number`)
    .argument('<from>', t`current position`, wholeNumberArg(t`from position`))
    .argument('<to>', t`new position`, wholeNumberArg(t`to position`))
    .addOption(jsonFlag(t`the queue`))
    .addHelpText('after', examples('guru rr move +5511999990000 4 1'))
    .action((phone: string, from: number, to: number, opts: { json: boolean }) => run(f, phone, from, to, opts));
}

export async function rrMove(f: Factory, phone: string, from: number, to: number, opts: { json: boolean }): Promise<void> {
  const queue = await (await f.client()).roundRobin.move(phone, from, to);
  printResult(f.io, opts, queue, () => success(f.io, t`${queue.phone}: moved #${from} to #${to}`));
}
