import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { printJson } from '../../cli/table.js';

export function phoneRemoveCommand(f: Factory, run = phoneRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description('Unregister a phone and delete its round-robin queue')
    .argument('<number>', 'the phone number')
    .option('--json', 'print the removed phone as JSON', false)
    .addHelpText('after', examples('guru phone remove +5511999990000'))
    .action((number: string, opts: { json: boolean }) => run(f, number, opts));
}

export async function phoneRemove(f: Factory, number: string, opts: { json: boolean }): Promise<void> {
  const phone = await (await f.client()).phones.remove(number);
  if (opts.json) return printJson(f.io, phone);
  success(f.io, `Removed phone ${phone.number}`);
}
