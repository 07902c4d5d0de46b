import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { examples, success, wholeNumberArg } from '../cli/command-helpers.js';
import { readPassword, valueOrAsk } from '../cli/prompt.js';
import { hidePassword } from '../core/store-url.js';
import { normalizeEmail } from '../core/validate.js';
import { t } from '../i18n/translate.js';

export interface InitOptions {
  name: string;
  seats: number;
  adminEmail?: string;
  adminName?: string;
  passwordStdin: boolean;
  /** A PostgreSQL URL to keep the data in instead of the data dir's files. */
  store?: string;
  json: boolean;
}

export const DEFAULT_SEATS = 5;

export function initCommand(f: Factory, run = init): Command {
  return new Command('init')
    .description(t`Create the account and its first admin in a new data directory`)
    .option('--name <name>', t`account (company) name`, 'My Company')
    .option('--seats <n>', t`licences: how many users may be active`, wholeNumberArg('--seats'), DEFAULT_SEATS)
    .option('--admin-email <email>', t`the first admin's email (their login)`)
    .option('--admin-name <name>', t`the first admin's name, as colleagues see it`)
    .option('--password-stdin', t`read the admin's password from stdin`, false)
    .option('--store <url>', t`keep the data in PostgreSQL (postgres://user:password@host:5432/database) instead of the data dir`)
    .addOption(jsonFlag(t`the result`))
    .addHelpText(
      'after',
      examples(
        'guru init --name "Acme" --seats 6 --admin-email ana@acme.com --admin-name "Ana Souza"',
        'printf %s "$PW" | guru --home /srv/guru init --admin-email ana@acme.com --admin-name Ana --password-stdin',
        'guru init --store postgres://guru:secret@db.acme.internal:5432/guru --admin-email ana@acme.com --admin-name Ana',
      ),
    )
    .action((opts: InitOptions) => run(f, opts));
}

export async function init(f: Factory, opts: InitOptions): Promise<void> {
  await f.localOnly('guru init');
  const adminEmail = normalizeEmail(await valueOrAsk(f, opts.adminEmail, '--admin-email', t`Admin's email:`));
  const adminName = await valueOrAsk(f, opts.adminName, '--admin-name', t`Admin's name:`);
  const adminPassword = await readPassword(f, {
    fromStdin: opts.passwordStdin,
    message: t`Password for ${adminEmail}:`,
    confirm: true,
  });
  // The data dir names its store before the account is made there; a failed set-up takes it back.
  const undo = opts.store ? await (await import('../client/local.js')).keepDataAt(f.home(), opts.store) : null;
  const client = await f.client();
  const result = await client.account.init({ accountName: opts.name, seats: opts.seats, adminEmail, adminName, adminPassword }).catch(async (err: unknown) => {
    await undo?.();
    throw err;
  });
  printResult(f.io, opts, result, () => {
    success(f.io, t`Created account "${result.account.name}" (${result.account.seats} seats) in ${f.home()}`);
    if (opts.store) f.io.err(`  ${t`data kept in PostgreSQL: ${hidePassword(opts.store)}`}\n`);
    f.io.err(`  ${t`admin: ${result.admin.name} <${result.admin.email}>`}\n  ${t`next: add users with \`guru user add\``}\n`);
  });
}
