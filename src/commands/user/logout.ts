import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { plural, t } from '../../i18n/translate.js';

export function userLogoutCommand(f: Factory, run = userLogout): Command {
  return new Command('logout')
    .description(t`End every open login of a user at once (their inbox and streams close); they can log in again`)
    .argument('<email>', t`the user's email`)
    .addOption(jsonFlag(t`how many sessions were ended`))
    .addHelpText('after', examples('guru user logout bia@acme.com', t`guru user disable bia@acme.com   # to keep them out`))
    .action((email: string, opts: { json: boolean }) => run(f, email, opts));
}

export async function userLogout(f: Factory, email: string, opts: { json: boolean }): Promise<void> {
  const result = await (await f.client()).users.logout(email);
  printResult(f.io, opts, result, () =>
    success(f.io, plural(result.ended, t`Ended ${result.ended} session of ${result.email}`, t`Ended ${result.ended} sessions of ${result.email}`)),
  );
}
