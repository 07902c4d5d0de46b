import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { entryColumns } from './format.js';
import { t } from '../../i18n/translate.js';

export function rrShowCommand(f: Factory, run = rrShow): Command {
  return new Command('show')
    .description(t`Show a phone's round-robin queue and whose turn is next`)
    .argument('<phone>', t`the phone number`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru rr show +5511999990000', 'guru rr show +5511999990000 --json'))
    .action((phone: string, opts: { json: boolean }) => run(f, phone, opts));
}

export async function rrShow(f: Factory, phone: string, opts: { json: boolean }): Promise<void> {
  const queue = await (await f.client()).roundRobin.show(phone);
  printResult(f.io, opts, queue, () => {
    if (queue.entries.length === 0) {
      f.io.err(`${t`The round-robin of ${queue.phone} is empty: new chats stay unassigned — add someone with \`guru rr add ${queue.phone} user:<email>\``}\n`);
      return;
    }
    printTable(f.io, entryColumns(queue), queue.entries, f.now());
  });
}
