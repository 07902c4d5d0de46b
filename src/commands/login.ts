import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { examples, success } from '../cli/command-helpers.js';
import { readPassword, valueOrAsk } from '../cli/prompt.js';
import { usage } from '../core/errors.js';
import { normalizeInviteCode } from '../core/invites.js';
import { checkPassword, normalizeEmail } from '../core/validate.js';
import { t } from '../i18n/translate.js';

export interface LoginOptions {
  email?: string;
  passwordStdin: boolean;
  /** An invite code: redeem it, choosing the password (read as the password would be). */
  invite?: string;
  json: boolean;
  /** With --server: pin this certificate (`sha256:…`) instead of asking. */
  fingerprint?: string;
}

export function loginCommand(f: Factory, run = login): Command {
  return new Command('login')
    .description(t`Log in as a user, here or on a server (--server); chat commands and the inbox then act as you`)
    .option('--email <email>', t`your login email`)
    .option('--password-stdin', t`read the password from stdin`, false)
    .option('--fingerprint <sha256:hex>', t`with --server: trust the server's certificate with this fingerprint (for scripts; re-pins a changed one)`)
    .option('--invite <code>', t`redeem the invite code you got on WhatsApp and choose your password`)
    .addOption(jsonFlag(t`the logged-in user`))
    .addHelpText(
      'after',
      examples(
        'guru login --email bia@acme.com',
        'printf %s "$PW" | guru login --email bia@acme.com --password-stdin',
        'guru login --server guru.acme.com:7433 --email bia@acme.com',
        'printf %s "$PW" | guru login --server guru.acme.com:7433 --fingerprint sha256:3f… --email bia@acme.com --password-stdin',
        'guru login --server guru.acme.com:7433 --fingerprint sha256:3f… --email bia@acme.com --invite K7QF-9XMB-2PDA',
      ),
    )
    .action((opts: LoginOptions) => run(f, opts));
}

export async function login(f: Factory, opts: LoginOptions): Promise<void> {
  // A mistyped code fails before anything is asked or sent.
  const code = opts.invite === undefined ? null : normalizeInviteCode(opts.invite);
  const target = await f.target();
  if (target.kind === 'local' && opts.fingerprint !== undefined) {
    throw usage(t`--fingerprint pins a server's certificate: it goes with --server HOST:PORT`);
  }
  const server = target.kind === 'server' ? target : null;
  // The server's certificate is settled before anything is asked or sent.
  const remote = server ? await (await import('../cli/server-trust.js')).connectForLogin(f, server, opts.fingerprint) : null;
  const on = server ? t` on ${server.server}` : '';
  // Logging in again where you were (a session expired): the email is the one saved there.
  const email = normalizeEmail(await valueOrAsk(f, opts.email ?? server?.profile?.email ?? undefined, '--email', t`Email:`));
  // With an invite, the password is a new one, chosen now: asked twice, and checked here first.
  const password = await readPassword(f, {
    fromStdin: opts.passwordStdin,
    message: code ? t`Choose a password for ${email}${on}:` : t`Password for ${email}${on}:`,
    confirm: code !== null,
  });
  if (code) checkPassword(password);
  const client = remote?.client ?? (await f.daemon('session'));
  const result = code ? await client.redeemInvite(email, code, password) : await client.login(email, password);
  const { rememberLogin } = await import('../client/target.js');
  await rememberLogin(target, { token: result.token, email: result.user.email, savedAt: f.now().toISOString() }, f.env, remote?.endpoint);
  printResult(f.io, opts, result.user, () => {
    success(f.io, t`Logged in as ${result.user.name} <${result.user.email}>${on}`);
    if (server?.explicit) f.io.err(`  ${t`guru now works on ${server.server} by default — \`guru logout\` ends that; --home DIR works on a local data dir`}\n`);
  });
}
