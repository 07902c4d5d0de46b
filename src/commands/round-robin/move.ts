import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';

export function rrMoveCommand(f: Factory, run = rrMove): Command {
  return new Command('move')
    .alias('mv')
    .description('Move an entry to another position; whose turn is next does not change')
    .argument('<phone>', 'the phone number')
    .argument('<from>', 'current position', wholeNumberArg('from position'))
    .argument('<to>', 'new position', wholeNumberArg('to position'))
    .addOption(jsonFlag('the queue'))
    .addHelpText('after', examples('guru rr move +5511999990000 4 1'))
    .action((phone: string, from: number, to: number, opts: { json: boolean }) => run(f, phone, from, to, opts));
}

export async function rrMove(f: Factory, phone: string, from: number, to: number, opts: { json: boolean }): Promise<void> {
  const queue = await (await f.client()).roundRobin.move(phone, from, to);
  printResult(f.io, opts, queue, () => success(f.io, `${queue.phone}: moved #${from} to #${to}`));
}
