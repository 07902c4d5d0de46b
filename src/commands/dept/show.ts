import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printDepartment } from './format.js';
import { t } from '../../i18n/translate.js';

export function deptShowCommand(f: Factory, run = deptShow): Command {
  return new Command('show')
    .description(t`Show a department with its members and permissions`)
    .argument('<name>', t`department name`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru dept show Vendas', 'guru dept show Vendas --json'))
    .action((name: string, opts: { json: boolean }) => run(f, name, opts));
}

export async function deptShow(f: Factory, name: string, opts: { json: boolean }): Promise<void> {
  const dept = await (await f.client()).departments.show(name);
  printResult(f.io, opts, dept, () => printDepartment(f, dept));
}
