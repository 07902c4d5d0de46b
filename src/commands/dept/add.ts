import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, success } from '../../cli/command-helpers.js';
import { PERMISSIONS } from '../../core/permissions.js';
import { t } from '../../i18n/translate.js';

export function deptAddCommand(f: Factory, run = deptAdd): Command {
  return new Command('add')
    .description(t`Add a department; its permissions reach every member`)
    .argument('<name>', t`department name (unique)`)
    .option('--perm <permission>', t`grant a permission to members (repeatable): ${PERMISSIONS.join(', ')}`, collect, [])
    .addOption(jsonFlag(t`the department`))
    .addHelpText('after', examples('guru dept add Vendas --perm chats.send --perm chats.transfer', 'guru dept add Suporte'))
    .action((name: string, opts: { perm: string[]; json: boolean }) => run(f, name, opts));
}

export async function deptAdd(f: Factory, name: string, opts: { perm: string[]; json: boolean }): Promise<void> {
  const dept = await (await f.client()).departments.add(name, opts.perm);
  printResult(f.io, opts, dept, () => success(f.io, t`Added department ${dept.name}`));
}
