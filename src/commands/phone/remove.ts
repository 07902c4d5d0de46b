import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';

export function phoneRemoveCommand(f: Factory, run = phoneRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description('Unregister a phone and delete its round-robin queue')
    .argument('<number>', 'the phone number')
    .addOption(jsonFlag('the removed phone'))
    .addHelpText('after', examples('guru phone remove +5511999990000'))
    .action((number: string, opts: { json: boolean }) => run(f, number, opts));
}

export async function phoneRemove(f: Factory, number: string, opts: { json: boolean }): Promise<void> {
  const phone = await (await f.client()).phones.remove(number);
  printResult(f.io, opts, phone, () => success(f.io, `Removed phone ${phone.number}`));
}
