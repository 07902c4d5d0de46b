import { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { examples } from '../cli/command-helpers.js';
import { availabilityWord } from '../core/availability.js';
import { t } from '../i18n/translate.js';

export function whoamiCommand(f: Factory, run = whoami): Command {
  return new Command('whoami')
    .description(t`Show who you are logged in as, and on which server`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru whoami', 'guru whoami --json', 'guru --server guru.acme.com:7433 whoami'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function whoami(f: Factory, opts: { json: boolean }): Promise<void> {
  const target = await f.target();
  const me = await (await f.daemon('session')).whoami();
  // `server`: where this identity lives (null: this machine's data dir).
  const server = target.kind === 'server' ? target.server : null;
  printResult(f.io, opts, { ...me, server }, () => {
    const user = me.user;
    // Busy or away, as the team sees them (`guru status`); online or offline goes without saying.
    const status = user && (user.availability === 'busy' || user.availability === 'away') ? ` · ${availabilityWord(user.availability)}` : '';
    const who = user ? `${user.name} <${user.email}> (${user.role})${status}` : t`owner (local admin)`;
    f.io.out(`${who}${server ? t` on ${server}` : ''}\n`);
  });
}
