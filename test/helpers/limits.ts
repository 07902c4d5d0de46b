import { spawn } from 'node:child_process';
import { chmod, chown, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GURU_BIN, type RunResult } from './guru.js';

export interface LimitedRunOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * RLIMIT_FSIZE in 1024-byte blocks (`ulimit -f`): a real kernel limit on how large any file
   * the process (and its children, e.g. a started daemon) writes may grow. Node ignores
   * SIGXFSZ, so a write past it fails with EFBIG after a partial write — a full disk, for one
   * process.
   */
  fileBlocks?: number;
  /** Run as this user and group (needs root): how a non-root user meets a read-only dir. */
  user?: { uid: number; gid: number };
}

/** Like `guru()`, under a file size limit and/or as another user. */
export function guruLimited(home: string, args: string[], options: LimitedRunOptions = {}): Promise<RunResult> {
  const command =
    options.fileBlocks === undefined
      ? [process.execPath, GURU_BIN, ...args]
      : ['bash', '-c', `ulimit -f ${options.fileBlocks} && exec "$@"`, 'bash', process.execPath, GURU_BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), {
      env: { ...process.env, NO_COLOR: '1', GURU_HOME: home, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr: signal ? `${stderr}[killed by ${signal}]` : stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** The user `nobody` (65534), for running as non-root when the tests run as root. */
export const NOBODY = { uid: 65534, gid: 65534 };

/** Gives `dir` and everything in it to `user` (recursively). */
export async function chownTree(dir: string, user: { uid: number; gid: number }): Promise<void> {
  await chown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(path, user);
    else await chown(path, user.uid, user.gid);
  }
}

/** chmod a-w on `dir` and everything in it (dirs keep r-x for the owner, files r--). */
export async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeReadOnly(path);
    else await chmod(path, 0o400);
  }
  await chmod(dir, 0o500);
}

/** Every file under `dir` with its size, relative names sorted: a before/after picture. */
export async function listTree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(`${rel}/`, ...(await listTree(join(dir, entry.name), `${rel}/`)));
    else out.push(`${rel} ${(await stat(join(dir, entry.name))).size}`);
  }
  return out;
}
