import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { departmentColumns } from './format.js';
import { t } from '../../i18n/translate.js';

export function deptListCommand(f: Factory, run = deptList): Command {
  return new Command('list')
    .alias('ls')
    .description(t`List departments`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru dept list', 'guru dept list --json'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function deptList(f: Factory, opts: { json: boolean }): Promise<void> {
  const depts = await (await f.client()).departments.list();
  printResult(f.io, opts, depts, () => printTable(f.io, departmentColumns(), depts, f.now()));
}
