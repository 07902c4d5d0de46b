import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { tagColumns } from './format.js';
import { t } from '../../i18n/translate.js';

export function tagListCommand(f: Factory, run = tagList): Command {
  return new Command('list')
    .alias('ls')
    .description(t`List the team's tags`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru tag list', 'guru tag list --json'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function tagList(f: Factory, opts: { json: boolean }): Promise<void> {
  const tags = await (await f.client()).tags.list();
  printResult(f.io, opts, tags, () => {
    if (tags.length === 0 && f.io.isStdoutTTY) return void f.io.err(`${t`No tags yet — add one with \`guru tag add <name>\`.`}\n`);
    printTable(f.io, tagColumns(), tags, f.now());
  });
}
