import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { examples, success } from '../cli/command-helpers.js';
import { loadSession, saveSession } from '../client/session-file.js';
import { isGuruError } from '../core/errors.js';

export function logoutCommand(f: Factory, run = logout): Command {
  return new Command('logout')
    .description('End your session and forget its token')
    .addHelpText('after', examples('guru logout'))
    .action(() => run(f));
}

export async function logout(f: Factory): Promise<void> {
  const session = await loadSession(f.home(), f.env);
  if (!session) return void f.io.err('You are not logged in.\n');
  try {
    await (await f.daemon('session')).logout();
  } catch (err) {
    // Already revoked, or no daemon to tell: forgetting the token locally is still right.
    if (!isGuruError(err) || !['unauthenticated', 'daemon_unreachable'].includes(err.code)) throw err;
  }
  await saveSession(f.home(), null, f.env);
  success(f.io, `Logged out ${session.email}`);
}
