import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { readPassword, valueOrAsk } from '../../cli/prompt.js';
import { normalizeEmail } from '../../core/validate.js';
import { recoveryClient } from './connect.js';
import { t } from '../../i18n/translate.js';

export interface PasswordResetOptions {
  email?: string;
  code?: string;
  passwordStdin: boolean;
  /** With --server: pin this certificate (`sha256:…`) instead of asking. */
  fingerprint?: string;
  json: boolean;
}

export function passwordResetCommand(f: Factory, run = passwordReset): Command {
  return new Command('reset')
    .description(t`Choose a new password with the code from \`guru password forgot\`; your other sessions end and you are logged in`)
    .option('--email <email>', t`your login email`)
    .option('--code <code>', t`the code from the email`)
    .option('--password-stdin', t`read the new password from stdin`, false)
    .option('--fingerprint <sha256:hex>', t`with --server: trust the server's certificate with this fingerprint`)
    .addOption(jsonFlag(t`the logged-in user`))
    .addHelpText(
      'after',
      examples(
        'guru password reset --email bia@acme.com --code 12345678',
        'printf %s "$PW" | guru password reset --email bia@acme.com --code 12345678 --password-stdin',
        'guru password reset --server guru.acme.com:7433 --email bia@acme.com --code 12345678',
      ),
    )
    .action((opts: PasswordResetOptions) => run(f, opts));
}

export async function passwordReset(f: Factory, opts: PasswordResetOptions): Promise<void> {
  const { client, target, endpoint, on } = await recoveryClient(f, opts.fingerprint);
  const email = normalizeEmail(await valueOrAsk(f, opts.email, '--email', t`Your login email:`));
  const code = await valueOrAsk(f, opts.code, '--code', t`Code from the email:`);
  const password = await readPassword(f, { fromStdin: opts.passwordStdin, message: t`New password for ${email}${on}:`, confirm: true });
  const result = await client.resetPassword(email, code, password);
  // Kept where `guru login` keeps a login: the session the reset opened is the one used next.
  const { rememberLogin } = await import('../../client/target.js');
  await rememberLogin(target, { token: result.token, email: result.user.email, savedAt: f.now().toISOString() }, f.env, endpoint);
  printResult(f.io, opts, result.user, () =>
    success(f.io, t`Password changed; your other sessions were ended. Logged in as ${result.user.name} <${result.user.email}>${on}`),
  );
}
