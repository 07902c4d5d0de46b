import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { userColumns } from './format.js';
import { t } from '../../i18n/translate.js';

export function userListCommand(f: Factory, run = userList): Command {
  return new Command('list')
    .alias('ls')
    .description(t`List users`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru user list', 'guru user list --json | jq -r ".[].email"'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function userList(f: Factory, opts: { json: boolean }): Promise<void> {
  const users = await (await f.client()).users.list();
  printResult(f.io, opts, users, () => printTable(f.io, userColumns(), users, f.now()));
}
