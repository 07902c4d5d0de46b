import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';

export interface AccountSetOptions {
  name?: string;
  seats?: number;
  json: boolean;
}

export function accountSetCommand(f: Factory, run = accountSet): Command {
  return new Command('set')
    .description("Change the account's name or seat limit")
    .option('--name <name>', 'new account name')
    .option('--seats <n>', 'new seat limit (not below the active users)', wholeNumberArg('--seats'))
    .addOption(jsonFlag('the result'))
    .addHelpText('after', examples('guru account set --seats 10', 'guru account set --name "Acme Ltda"'))
    .action((opts: AccountSetOptions) => run(f, opts));
}

export async function accountSet(f: Factory, opts: AccountSetOptions): Promise<void> {
  if (opts.name === undefined && opts.seats === undefined) throw usage('nothing to change — pass --name and/or --seats');
  const account = await (await f.client()).account.set({ name: opts.name, seats: opts.seats });
  printResult(f.io, opts, account, () => success(f.io, `Account "${account.name}": ${account.activeUsers}/${account.seats} seats in use`));
}
