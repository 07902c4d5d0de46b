import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { valueOrAsk } from '../../cli/prompt.js';
import { normalizeEmail } from '../../core/validate.js';
import { recoveryClient } from './connect.js';
import { t } from '../../i18n/translate.js';

export interface PasswordForgotOptions {
  email?: string;
  /** With --server: pin this certificate (`sha256:…`) instead of asking. */
  fingerprint?: string;
  json: boolean;
}

export function passwordForgotCommand(f: Factory, run = passwordForgot): Command {
  return new Command('forgot')
    .description(t`Email yourself a one-time code (valid 15 minutes) to choose a new password`)
    .option('--email <email>', t`your login email`)
    .option('--fingerprint <sha256:hex>', t`with --server: trust the server's certificate with this fingerprint`)
    .addOption(jsonFlag(t`the answer`))
    .addHelpText(
      'after',
      examples(
        'guru password forgot --email bia@acme.com',
        'guru password reset --email bia@acme.com --code 12345678',
        'guru password forgot --server guru.acme.com:7433 --email bia@acme.com',
      ),
    )
    .action((opts: PasswordForgotOptions) => run(f, opts));
}

export async function passwordForgot(f: Factory, opts: PasswordForgotOptions): Promise<void> {
  const { client, target, on } = await recoveryClient(f, opts.fingerprint);
  const email = normalizeEmail(await valueOrAsk(f, opts.email, '--email', t`Your login email:`));
  const result = await client.forgotPassword(email);
  const server = target.kind === 'server' && target.explicit ? ` --server ${target.server}` : '';
  // The server answers the same for every email: so does this.
  printResult(f.io, opts, result, () => {
    const where = on || t` here`;
    success(f.io, t`If ${email} has an account${where}, a code is on its way to it (valid for ${result.validForMinutes} minutes).`);
    f.io.err(`  ${t`Then choose a new password: guru password reset${server} --email ${email} --code <code>`}\n`);
  });
}
