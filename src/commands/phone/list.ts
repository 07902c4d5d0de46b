import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printTable, type Column } from '../../cli/table.js';
import type { PhoneView } from '../../core/views.js';
import { t } from '../../i18n/translate.js';
import { linkStateWord } from '../../core/link.js';

const columns = (): Column<PhoneView>[] => [
  { header: t`Number`, cell: (p) => p.number },
  { header: t`Label`, cell: (p) => p.label },
  { header: t`State`, cell: (p) => linkStateWord(p.linkState) },
  { header: t`Hours`, cell: (p) => (p.hours ? (p.hours.open ? t`open now` : t`closed now`) : null) },
  { header: t`Added`, cell: (p) => ({ time: p.createdAt }) },
  // `guru phone set --reassign-when-absent`: yes, a customer writing to an absent agent is handed out again.
  { header: t`Reassign if absent`, cell: (p) => p.reassignWhenAbsent },
];

export function phoneListCommand(f: Factory, run = phoneList): Command {
  return new Command('list')
    .alias('ls')
    .description(t`List registered phones and their link state`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru phone list', 'guru phone list --json'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function phoneList(f: Factory, opts: { json: boolean }): Promise<void> {
  const phones = await (await f.client()).phones.list();
  printResult(f.io, opts, phones, () => printTable(f.io, columns(), phones, f.now()));
}
