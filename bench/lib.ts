import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaemonClient } from '../src/client/http.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const GURU_BIN = join(ROOT, 'bin', 'guru');

/** One measured figure beside its baseline from the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** How the goal is judged: the value itself, or value/baseline. */
  goal: { text: string; met: boolean };
  note?: string;
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Wall time of one process run, in ms. */
export function timeRun(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now();
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return performance.now() - started;
}

export function guruRun(home: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GURU_BIN, ...args], { env: { ...process.env, GURU_HOME: home, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function machine(): string {
  const cpu = cpus();
  // The load says how much of the machine others were using (it is often shared): figures from
  // a loaded machine are slower than the code.
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), load average ${loadavg()[0]!.toFixed(1)} (1 min), Node ${process.version}, ${process.platform}`;
}

export function format(f: Figure): string {
  const value = `${round(f.value)} ${f.unit}`;
  const base = f.baseline ? `${f.baseline.name}: ${round(f.baseline.value)} ${f.unit}` : '';
  return `${f.goal.met ? 'ok  ' : 'MISS'} ${f.name.padEnd(52)} ${value.padStart(16)}   ${base.padEnd(40)} goal ${f.goal.text}${f.note ? `  (${f.note})` : ''}`;
}

export function round(n: number): string {
  if (n >= 100) return Math.round(n).toLocaleString('en');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** The owner token `seedHome` writes: what the bench's clients present. */
export const BENCH_TOKEN = 'ab'.repeat(32);

/**
 * `guru daemon run` over `home` as production runs it (memory transport unless `env` says
 * otherwise), once its API answers; kill it with SIGTERM when done.
 */
export async function startBenchDaemon(home: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [GURU_BIN, 'daemon', 'run'], {
    env: { ...process.env, GURU_TRANSPORT: 'memory', ...env, GURU_HOME: home, GURU_DAEMON_DETACHED: '1', NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  const client = new DaemonClient({ socket: join(home, 'guru.sock'), token: BENCH_TOKEN, version: '0.1.0' });
  const deadline = Date.now() + 120_000;
  while ((await client.status().catch(() => null)) === null) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the daemon did not start (see ${join(home, 'daemon.log')})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}
