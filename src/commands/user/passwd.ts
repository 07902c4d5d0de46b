import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { readPassword } from '../../cli/prompt.js';
import { t } from '../../i18n/translate.js';

export function userPasswdCommand(f: Factory, run = userPasswd): Command {
  return new Command('passwd')
    .description(t`Set a user's password`)
    .argument('<email>', t`the user's email`)
    .option('--password-stdin', t`read the new password from stdin`, false)
    .addHelpText('after', examples('guru user passwd bia@acme.com', 'printf %s "$PW" | guru user passwd bia@acme.com --password-stdin'))
    .action((email: string, opts: { passwordStdin: boolean }) => run(f, email, opts));
}

export async function userPasswd(f: Factory, email: string, opts: { passwordStdin: boolean }): Promise<void> {
  const password = await readPassword(f, { fromStdin: opts.passwordStdin, message: t`New password for ${email}:`, confirm: true });
  const user = await (await f.client()).users.passwd(email, password);
  success(f.io, t`Password changed for ${user.email}`);
}
