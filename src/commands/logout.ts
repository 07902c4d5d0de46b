import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { examples, success } from '../cli/command-helpers.js';
import { isGuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';

export function logoutCommand(f: Factory, run = logout): Command {
  return new Command('logout')
    .description(t`End your session (on the server too) and forget its token`)
    .addHelpText('after', examples('guru logout', 'guru logout --server guru.acme.com:7433'))
    .action(() => run(f));
}

export async function logout(f: Factory): Promise<void> {
  const target = await f.target();
  const { savedLogin, forgetLogin } = await import('../client/target.js');
  const on = target.kind === 'server' ? t` on ${target.server}` : '';
  const saved = await savedLogin(target, f.env);
  if (!saved) return void f.io.err(`${t`You are not logged in${on}.`}\n`);
  let told = true;
  try {
    await (await f.daemon('session')).logout();
  } catch (err) {
    // Already revoked, or no daemon to tell: forgetting the token locally is still right.
    if (!isGuruError(err) || !['unauthenticated', 'daemon_unreachable'].includes(err.code)) throw err;
    told = err.code === 'unauthenticated';
  }
  await forgetLogin(target, f.env);
  success(f.io, t`Logged out ${saved.email}${on}`);
  // A server we could not reach still holds the session until it expires from idleness.
  if (!told && target.kind === 'server') {
    f.io.err(`  ${t`${target.server} did not answer, so the session there ends only when it expires; the token is forgotten here`}\n`);
  }
}
