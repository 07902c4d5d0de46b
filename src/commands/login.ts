import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { examples, success } from '../cli/command-helpers.js';
import { readPassword, valueOrAsk } from '../cli/prompt.js';
import { saveSession } from '../client/session-file.js';
import { normalizeEmail } from '../core/validate.js';

export interface LoginOptions {
  email?: string;
  passwordStdin: boolean;
  json: boolean;
}

export function loginCommand(f: Factory, run = login): Command {
  return new Command('login')
    .description('Log in as a user; chat commands and the inbox then act as you')
    .option('--email <email>', 'your login email')
    .option('--password-stdin', 'read the password from stdin', false)
    .addOption(jsonFlag('the logged-in user'))
    .addHelpText('after', examples('guru login --email bia@acme.com', 'printf %s "$PW" | guru login --email bia@acme.com --password-stdin'))
    .action((opts: LoginOptions) => run(f, opts));
}

export async function login(f: Factory, opts: LoginOptions): Promise<void> {
  const email = normalizeEmail(await valueOrAsk(f, opts.email, '--email', 'Email:'));
  const password = await readPassword(f, { fromStdin: opts.passwordStdin, message: `Password for ${email}:` });
  const client = await f.daemon('session');
  const result = await client.login(email, password);
  await saveSession(f.home(), { token: result.token, email: result.user.email, savedAt: f.now().toISOString() }, f.env);
  printResult(f.io, opts, result.user, () => success(f.io, `Logged in as ${result.user.name} <${result.user.email}>`));
}
