import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DaemonClient } from '../src/client/http.js';
import { cleanup, GURU_BIN, tempDir, type Figure } from './lib.js';
import { seedHome, seedJournal } from './seed.js';

/**
 * 4. Restart: a daemon over a big journal until its API answers, and its memory then. The
 * figure is the everyday restart (the previous daemon stopped gracefully and left a checkpoint
 * of its index); its baseline is the same daemon replaying the whole journal, as after a crash
 * that came before any checkpoint.
 */
export async function restart(quick: boolean): Promise<Figure[]> {
  const messages = quick ? 100_000 : 1_000_000;
  const dir = await tempDir('guru-bench-restart-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  await seedJournal(home, 5_000, messages);
  try {
    const replay = await startAndStop(home); // the seeded journal has no checkpoint yet: a full replay
    const restarted = await startAndStop(home);
    const label = `${(messages / 1000).toLocaleString('en')}k journaled messages`;
    return [
      {
        name: `restart: until the API answers, ${label}`,
        value: restarted.ms,
        unit: 'ms',
        baseline: { name: 'full journal replay (no checkpoint)', value: replay.ms },
        goal: { text: '≤ 2,000 ms', met: restarted.ms <= 2_000 },
      },
      {
        name: `restart: daemon RSS, ${label}`,
        value: restarted.rssMb,
        unit: 'MB',
        baseline: { name: 'after a full replay', value: replay.rssMb },
        goal: { text: '≤ 300 MB', met: restarted.rssMb <= 300 },
      },
    ];
  } finally {
    await cleanup(dir);
  }
}

/**
 * Starts a daemon, times it until the API answers, reads its RSS, then stops it gracefully.
 * `env` adds to the daemon's environment (a store URL); `timeoutMs` bounds the wait (2 min).
 */
export async function startAndStop(home: string, options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ ms: number; rssMb: number }> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const client = new DaemonClient({ socket: join(home, 'guru.sock'), token: 'ab'.repeat(32), version: '0.1.0' });
  const started = performance.now();
  const child = spawn(process.execPath, [GURU_BIN, 'daemon', 'run'], {
    env: { ...process.env, GURU_HOME: home, GURU_TRANSPORT: 'memory', GURU_DAEMON_DETACHED: '1', NODE_ENV: 'production', ...options.env },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - started > timeoutMs) throw new Error(`the daemon did not answer within ${timeoutMs / 1000} s`);
      if (
        await client.status().then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    // Settled memory: what the daemon holds once its start-up garbage is gone.
    await new Promise((r) => setTimeout(r, 1_000));
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    return { ms, rssMb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}
