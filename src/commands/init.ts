import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { examples, success, wholeNumberArg } from '../cli/command-helpers.js';
import { readPassword, valueOrAsk } from '../cli/prompt.js';
import { normalizeEmail } from '../core/validate.js';

export interface InitOptions {
  name: string;
  seats: number;
  adminEmail?: string;
  adminName?: string;
  passwordStdin: boolean;
  json: boolean;
}

export const DEFAULT_SEATS = 5;

export function initCommand(f: Factory, run = init): Command {
  return new Command('init')
    .description('Create the account and its first admin in a new data directory')
    .option('--name <name>', 'account (company) name', 'My Company')
    .option('--seats <n>', 'licences: how many users may be active', wholeNumberArg('--seats'), DEFAULT_SEATS)
    .option('--admin-email <email>', "the first admin's email (their login)")
    .option('--admin-name <name>', "the first admin's name, as colleagues see it")
    .option('--password-stdin', "read the admin's password from stdin", false)
    .addOption(jsonFlag('the result'))
    .addHelpText(
      'after',
      examples(
        'guru init --name "Acme" --seats 6 --admin-email ana@acme.com --admin-name "Ana Souza"',
        'printf %s "$PW" | guru --home /srv/guru init --admin-email ana@acme.com --admin-name Ana --password-stdin',
      ),
    )
    .action((opts: InitOptions) => run(f, opts));
}

export async function init(f: Factory, opts: InitOptions): Promise<void> {
  await f.localOnly('guru init');
  const adminEmail = normalizeEmail(await valueOrAsk(f, opts.adminEmail, '--admin-email', "Admin's email:"));
  const adminName = await valueOrAsk(f, opts.adminName, '--admin-name', "Admin's name:");
  const adminPassword = await readPassword(f, {
    fromStdin: opts.passwordStdin,
    message: `Password for ${adminEmail}:`,
    confirm: true,
  });
  const client = await f.client();
  const result = await client.account.init({ accountName: opts.name, seats: opts.seats, adminEmail, adminName, adminPassword });
  printResult(f.io, opts, result, () => {
    success(f.io, `Created account "${result.account.name}" (${result.account.seats} seats) in ${f.home()}`);
    f.io.err(`  admin: ${result.admin.name} <${result.admin.email}>\n  next: add users with \`guru user add\`\n`);
  });
}
