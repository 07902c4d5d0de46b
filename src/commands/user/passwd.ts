import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { readPassword } from '../../cli/prompt.js';

export function userPasswdCommand(f: Factory, run = userPasswd): Command {
  return new Command('passwd')
    .description("Set a user's password")
    .argument('<email>', "the user's email")
    .option('--password-stdin', 'read the new password from stdin', false)
    .addHelpText('after', examples('guru user passwd bia@acme.com', 'printf %s "$PW" | guru user passwd bia@acme.com --password-stdin'))
    .action((email: string, opts: { passwordStdin: boolean }) => run(f, email, opts));
}

export async function userPasswd(f: Factory, email: string, opts: { passwordStdin: boolean }): Promise<void> {
  const password = await readPassword(f, { fromStdin: opts.passwordStdin, message: `New password for ${email}:`, confirm: true });
  const user = await (await f.client()).users.passwd(email, password);
  success(f.io, `Password changed for ${user.email}`);
}
