import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built launcher, exactly what `npx guru` runs. */
export const GURU_BIN = fileURLToPath(new URL('../../bin/guru', import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Niceness for the child (0–19): lower priority than the test's other processes. */
  nice?: number;
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
}

/** Runs the real `guru` binary in `home` (off a TTY: stdin is a pipe, stdout a pipe). */
export function guru(home: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), GURU_BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', GURU_HOME: home, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    // A lower priority for load generators, so the storm does not starve the other tests.
    if (options.nice !== undefined && child.pid !== undefined) setPriority(child.pid, options.nice);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Like `guru`, but fails the test with the command's stderr when it does not exit 0. */
export async function guruOk(home: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await guru(home, args, options);
  if (result.code !== 0) throw new Error(`guru ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

export async function guruJson<T>(home: string, args: string[]): Promise<T> {
  return JSON.parse((await guruOk(home, [...args, '--json'])).stdout) as T;
}

export async function makeTempDir(prefix = 'guru-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
