import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DaemonClient } from '../src/client/http.js';
import { cleanup, GURU_BIN, tempDir, type Figure } from './lib.js';
import { seedHome, seedJournal } from './seed.js';

/** 4. Restart: a daemon over a big journal until its API answers, and its memory then. */
export async function restart(quick: boolean): Promise<Figure[]> {
  const messages = quick ? 100_000 : 1_000_000;
  const dir = await tempDir('guru-bench-restart-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  await seedJournal(home, 5_000, messages);
  const client = new DaemonClient({ socket: join(home, 'guru.sock'), token: 'ab'.repeat(32), version: '0.1.0' });
  const started = performance.now();
  const child = spawn(process.execPath, [GURU_BIN, 'daemon', 'run'], {
    env: { ...process.env, GURU_HOME: home, GURU_TRANSPORT: 'memory', GURU_DAEMON_DETACHED: '1', NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  try {
    let answered = false;
    while (!answered) {
      if (performance.now() - started > 120_000) throw new Error('the daemon did not answer within 120 s');
      answered = await client.status().then(() => true, () => false);
      if (!answered) await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const label = `${(messages / 1000).toLocaleString('en')}k journaled messages`;
    return [
      { name: `restart: until the API answers, ${label}`, value: ms, unit: 'ms', goal: { text: '≤ 2,000 ms', met: ms <= 2_000 } },
      { name: `restart: daemon RSS, ${label}`, value: rssMb, unit: 'MB', goal: { text: '≤ 300 MB', met: rssMb <= 300 } },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await cleanup(dir);
  }
}
