import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import type { MigrationStep } from '../../client/store-migration.js';
import { formatNumber } from '../../i18n/format.js';
import { t } from '../../i18n/translate.js';

export interface StoreMigrateOptions {
  /** A PostgreSQL URL, or `files`. */
  to: string;
  json: boolean;
}

export function storeMigrateCommand(f: Factory, run = storeMigrate): Command {
  return new Command('migrate')
    .description(
      t`Copy this data dir's data to PostgreSQL, or back to files; verified (counts and sha256) before the data dir switches to it. Stop the daemon first — every daemon using the store`,
    )
    .requiredOption('--to <store>', t`a PostgreSQL URL (postgres://user:password@host:5432/database?schema=guru, empty) or files`)
    .addOption(jsonFlag(t`what was copied`))
    .addHelpText(
      'after',
      examples(
        'guru daemon stop && guru store migrate --to postgres://guru:secret@db.acme.internal:5432/guru && guru daemon start',
        'guru store migrate --to files --json',
      ),
    )
    .action((opts: StoreMigrateOptions) => run(f, opts));
}

export async function storeMigrate(f: Factory, opts: StoreMigrateOptions): Promise<void> {
  await f.localOnly('guru store migrate');
  const { migrateStore } = await import('../../client/store-migration.js');
  const home = f.home();
  const done = await migrateStore(home, opts.to, {
    env: f.env,
    progress: (step) => f.io.err(`  ${stepDone(step)}\n`),
    notice: (message) => f.io.err(`${message}\n`),
  });
  printResult(f.io, opts, done, () => {
    success(
      f.io,
      done.to.kind === 'postgres'
        ? t`Moved the data of ${home} to ${done.to.where}: copied and verified (counts and sha256 of every part match); the data dir now uses it`
        : t`Moved the data of ${home} from ${done.from.where} back to its own files: copied and verified (counts and sha256 of every part match)`,
    );
    if (done.setAside) f.io.err(`  ${t`its old files are kept in ${done.setAside} — remove them once you have checked the new store`}\n`);
    if (done.from.kind === 'postgres')
      f.io.err(`  ${t`the data is still in ${done.from.where} too — drop it there once you have checked (Guru never drops a schema)`}\n`);
    if (done.envStoreUrl) {
      f.io.err(
        `  ${t`GURU_STORE_URL is set, and wins over the data dir's choice: change it to the new store or unset it (here, and wherever the daemon is started)`}\n`,
      );
    }
    f.io.err(`  ${t`next: start the daemon with \`guru daemon start\``}\n`);
  });
}

function stepDone(step: MigrationStep): string {
  const n = formatNumber(step.count ?? 0);
  switch (step.step) {
    case 'state':
      return t`copied the state (account, users, departments, numbers, round-robins)`;
    case 'audit':
      return t`copied the audit trail: ${n} entries`;
    case 'sessions':
      return t`copied login sessions: ${n}`;
    case 'secrets':
      return t`copied secrets (WhatsApp sessions, SMTP settings): ${n}`;
    case 'contacts':
      return t`copied contacts: ${n}`;
    case 'media':
      return t`copied media files: ${n}`;
    case 'journal':
      return t`copied the journal of ${step.phone ?? ''}: ${n} records`;
    case 'verify':
      return t`verifying the copy against the original…`;
  }
}
