import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { printHandover } from '../../cli/handover.js';
import { t } from '../../i18n/translate.js';

export function deptRemoveCommand(f: Factory, run = deptRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description(t`Remove a department: its round-robin entries go with it, its open chats to the rodízio again`)
    .argument('<name>', t`department name`)
    .option('--unassign', t`leave its open chats unassigned instead of handing them to the rodízio`)
    .addOption(jsonFlag(t`the removed department`))
    .addHelpText('after', examples('guru dept remove Suporte', 'guru dept remove Suporte --unassign'))
    .action((name: string, opts: { json: boolean; unassign?: boolean }) => run(f, name, opts));
}

export async function deptRemove(f: Factory, name: string, opts: { json: boolean; unassign?: boolean }): Promise<void> {
  const dept = await (await f.client()).departments.remove(name, { unassign: opts.unassign === true });
  printResult(f.io, opts, dept, () => {
    success(f.io, t`Removed department ${dept.name}`);
    printHandover(f.io, dept.handover, dept.roundRobin);
  });
}
