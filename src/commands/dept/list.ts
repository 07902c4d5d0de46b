import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples } from '../../cli/command-helpers.js';
import { printJson, printTable } from '../../cli/table.js';
import { departmentColumns } from './format.js';

export function deptListCommand(f: Factory, run = deptList): Command {
  return new Command('list')
    .alias('ls')
    .description('List departments')
    .option('--json', 'print as JSON', false)
    .addHelpText('after', examples('guru dept list', 'guru dept list --json'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function deptList(f: Factory, opts: { json: boolean }): Promise<void> {
  const depts = await (await f.client()).departments.list();
  if (opts.json) return printJson(f.io, depts);
  printTable(f.io, departmentColumns, depts, f.now());
}
