import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { valueOrAsk } from '../../cli/prompt.js';
import { normalizeEmail } from '../../core/validate.js';

export interface PasswordForgotOptions {
  email?: string;
  json: boolean;
}

export function passwordForgotCommand(f: Factory, run = passwordForgot): Command {
  return new Command('forgot')
    .description('Email yourself a one-time code (valid 15 minutes) to choose a new password')
    .option('--email <email>', 'your login email')
    .addOption(jsonFlag('the answer'))
    .addHelpText('after', examples('guru password forgot --email bia@acme.com', 'guru password reset --email bia@acme.com --code 12345678'))
    .action((opts: PasswordForgotOptions) => run(f, opts));
}

export async function passwordForgot(f: Factory, opts: PasswordForgotOptions): Promise<void> {
  const email = normalizeEmail(await valueOrAsk(f, opts.email, '--email', 'Your login email:'));
  const result = await (await f.daemon('session')).forgotPassword(email);
  // The server answers the same for every email: so does this.
  printResult(f.io, opts, result, () => {
    success(f.io, `If ${email} has an account here, a code is on its way to it (valid for ${result.validForMinutes} minutes).`);
    f.io.err(`  Then choose a new password: guru password reset --email ${email} --code <code>\n`);
  });
}
