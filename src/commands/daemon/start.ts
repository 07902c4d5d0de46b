import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { LAUNCHER } from '../../cli/package-files.js';
import { GuruError } from '../../core/errors.js';
import { dataPaths, DIR_MODE, FILE_MODE } from '../../store/paths.js';
import { networkOptions, presenceTimeoutOption, runArgs, type DaemonRunOptions } from './run.js';
import { t } from '../../i18n/translate.js';

const READY_TIMEOUT_MS = 20_000;

export function daemonStartCommand(f: Factory, run = daemonStart): Command {
  const command = new Command('start').description(t`Start the daemon in the background; returns once its API answers`).addOption(presenceTimeoutOption());
  for (const option of networkOptions()) command.addOption(option);
  return command
    .addHelpText('after', examples('guru daemon start', 'guru --home /srv/guru daemon start', 'guru daemon start --listen 0.0.0.0:7433'))
    .action((opts: DaemonRunOptions) => run(f, opts));
}

export async function daemonStart(f: Factory, opts: DaemonRunOptions): Promise<void> {
  await f.localOnly('guru daemon start');
  const home = f.home();
  const paths = dataPaths(home);
  // Bad flags are refused here, before anything is spawned (and the same checks run again there).
  const passOn = runArgs(opts);
  const client = await f.daemon('owner');
  const running = await client.status().catch(() => null);
  if (running)
    throw new GuruError('conflict', t`a Guru daemon is already running (pid ${running.pid}) on ${running.socket} — stop it first with \`guru daemon stop\``);

  // A daemon joining a PostgreSQL store needs only a data dir of its own (log, socket): made here.
  if (f.env.GURU_STORE_URL) await mkdir(home, { recursive: true, mode: DIR_MODE });
  // The child's own stdout/stderr (a crash before its logger starts) land in the same log.
  const log = await open(paths.log, 'a', FILE_MODE).catch((err: NodeJS.ErrnoException) => {
    throw new GuruError(
      err.code === 'ENOENT' ? 'not_initialized' : 'internal',
      t`cannot open ${paths.log} (${err.code}) — is ${home} a Guru data dir? (\`guru init\`)`,
    );
  });
  const args = [LAUNCHER, '--home', home, 'daemon', 'run', ...passOn];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log.fd, log.fd], env: { ...f.env, GURU_DAEMON_DETACHED: '1' } });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? 1));
  child.unref();
  await log.close();

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    // Asked afresh each time: a data dir new to a PostgreSQL store gets its owner token from the daemon.
    const status = await (await f.daemon('owner')).status().catch(() => null);
    if (status) {
      success(f.io, t`Guru daemon started (pid ${status.pid})`);
      const door = status.listen;
      const network = door
        ? `  listen: ${door.tls ? 'https' : 'http'}://${door.address}\n${door.fingerprint ? `  fingerprint: ${door.fingerprint}\n` : ''}`
        : '';
      f.io.err(`  socket: ${status.socket}\n${network}  log:    ${status.log}\n`);
      return;
    }
    if (exited !== null) throw new GuruError('internal', t`the daemon exited (code ${exited}) before it answered: ${await lastLine(paths.log)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new GuruError('internal', t`the daemon did not answer within ${READY_TIMEOUT_MS / 1000} s — see ${paths.log}`);
}

/** The last meaningful line of the log, for a one-line error. */
async function lastLine(file: string): Promise<string> {
  const lines = (await readFile(file, 'utf8').catch(() => '')).trim().split('\n');
  const last = lines.at(-1) ?? '';
  try {
    const parsed = JSON.parse(last) as { msg?: string };
    return parsed.msg ?? last;
  } catch {
    return last || t`(nothing in ${file})`;
  }
}
