import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { formatSize } from '../../core/chats/content.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { formatDuration } from '../../cli/duration.js';
import { printFields } from '../../cli/table.js';
import type { AccountView } from '../../core/ops/account.js';
import { t } from '../../i18n/translate.js';

export function accountShowCommand(f: Factory, run = accountShow): Command {
  return new Command('show')
    .description(t`Show the account: name, seats in use, how long logins last, the recovery mail server`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru account show', 'guru account show --json'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function accountShow(f: Factory, opts: { json: boolean }): Promise<void> {
  const account = await (await f.client()).account.show();
  printResult(f.io, opts, account, () => printAccount(f, account));
}

export function printAccount(f: Factory, account: AccountView): void {
  printFields(
    f.io,
    [
      [t`Name`, account.name],
      [t`Seats`, t`${account.activeUsers}/${account.seats} in use`],
      [t`Session idle`, formatDuration(account.sessionIdleMs)],
      [t`Away after`, account.awayAfterMs === 0 ? t`never` : formatDuration(account.awayAfterMs)],
      // The password is masked by the engine: it never leaves the data dir.
      ['SMTP', account.smtp],
      [t`Mail from`, account.mailFrom],
      [t`Public address`, account.publicAddress ?? null],
      [t`Media quota`, account.mediaQuota === undefined ? t`none` : formatSize(account.mediaQuota)],
      [t`Time zone`, account.timeZone ?? t`the daemon machine's`],
      [t`Retention`, account.retention ? t`closed conversations erased ${account.retention} after their last message` : t`off (kept for good)`],
      [t`Created`, { time: account.createdAt }],
      ...(account.listen ? [[t`Listen`, t`${account.listen} (from the daemon's next start)`] as [string, string]] : []),
    ],
    f.now(),
  );
}
