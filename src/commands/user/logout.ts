import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';

export function userLogoutCommand(f: Factory, run = userLogout): Command {
  return new Command('logout')
    .description('End every open login of a user at once (their inbox and streams close); they can log in again')
    .argument('<email>', "the user's email")
    .addOption(jsonFlag('how many sessions were ended'))
    .addHelpText('after', examples('guru user logout bia@acme.com', 'guru user disable bia@acme.com   # to keep them out'))
    .action((email: string, opts: { json: boolean }) => run(f, email, opts));
}

export async function userLogout(f: Factory, email: string, opts: { json: boolean }): Promise<void> {
  const result = await (await f.client()).users.logout(email);
  printResult(f.io, opts, result, () => success(f.io, `Ended ${result.ended} session${result.ended === 1 ? '' : 's'} of ${result.email}`));
}
