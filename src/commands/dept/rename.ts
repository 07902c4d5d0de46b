import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

export function deptRenameCommand(f: Factory, run = deptRename): Command {
  return new Command('rename')
    .description(t`Rename a department (members, permissions and round-robin entries follow)`)
    .argument('<old>', t`current name`)
    .argument('<new>', t`new name`)
    .addOption(jsonFlag(t`the department`))
    .addHelpText('after', examples('guru dept rename Vendas Comercial'))
    .action((oldName: string, newName: string, opts: { json: boolean }) => run(f, oldName, newName, opts));
}

export async function deptRename(f: Factory, oldName: string, newName: string, opts: { json: boolean }): Promise<void> {
  const dept = await (await f.client()).departments.rename(oldName, newName);
  printResult(f.io, opts, dept, () => success(f.io, t`Renamed ${oldName} to ${dept.name}`));
}
