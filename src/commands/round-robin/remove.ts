import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

export function rrRemoveCommand(f: Factory, run = rrRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description(t`Remove the entry at a position (see \`guru rr show\`)`)
    .argument('<phone>', t`the phone number`)
    .argument('<pos>', t`position, from 1`, wholeNumberArg(t`position`))
    .addOption(jsonFlag(t`the queue`))
    .addHelpText('after', examples('guru rr remove +5511999990000 3'))
    .action((phone: string, pos: number, opts: { json: boolean }) => run(f, phone, pos, opts));
}

export async function rrRemove(f: Factory, phone: string, pos: number, opts: { json: boolean }): Promise<void> {
  const queue = await (await f.client()).roundRobin.remove(phone, pos);
  printResult(f.io, opts, queue, () => success(f.io, t`${queue.phone}: removed entry #${pos} (${queue.entries.length} left)`));
}
