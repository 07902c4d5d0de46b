import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { isProcessAlive } from '../../cli/process-alive.js';
import { GuruError } from '../../core/errors.js';
import { t } from '../../i18n/translate.js';

const STOP_TIMEOUT_MS = 15_000;

export function daemonStopCommand(f: Factory, run = daemonStop): Command {
  return new Command('stop')
    .description(t`Stop the daemon gracefully: drains requests, flushes, releases the store`)
    .addHelpText('after', examples('guru daemon stop'))
    .action(() => run(f));
}

export async function daemonStop(f: Factory): Promise<void> {
  await f.localOnly('guru daemon stop');
  const client = await f.daemon('owner');
  const { pid } = await client.status();
  // Only the owner token is told the pid; `f.daemon('owner')` on this machine is that token.
  if (pid === null) throw new GuruError('internal', t`the daemon did not give its pid — stop it from the machine it runs on, as its OS user`);
  await client.shutdown();
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return success(f.io, t`Guru daemon stopped (pid ${pid})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new GuruError('internal', t`the daemon (pid ${pid}) is still running after ${STOP_TIMEOUT_MS / 1000} s — see its log, or \`kill ${pid}\``);
}
