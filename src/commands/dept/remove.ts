import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';

export function deptRemoveCommand(f: Factory, run = deptRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description('Remove a department (refused while a round-robin uses it)')
    .argument('<name>', 'department name')
    .addOption(jsonFlag('the removed department'))
    .addHelpText('after', examples('guru dept remove Suporte'))
    .action((name: string, opts: { json: boolean }) => run(f, name, opts));
}

export async function deptRemove(f: Factory, name: string, opts: { json: boolean }): Promise<void> {
  const dept = await (await f.client()).departments.remove(name);
  printResult(f.io, opts, dept, () => success(f.io, `Removed department ${dept.name}`));
}
