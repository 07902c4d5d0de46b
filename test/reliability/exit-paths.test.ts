import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive, startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { guruLimited, NOBODY } from '../helpers/limits.js';
import { PASSWORD } from '../helpers/team.js';

const env = { GURU_TRANSPORT: 'memory' };

async function waitUntil(check: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * How the daemon leaves and how clients meet a daemon that does not answer: the socket goes on
 * every exit path, a stuck daemon makes requests fail with a bounded wait and an honest message,
 * and a socket that is not ours is "permission denied", not "the connection broke".
 */
describe('exit paths and unanswered requests', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('guru-exit-');
    await chmod(dir, 0o755); // `nobody` must reach the data dirs inside
  });
  afterAll(() => removeDir(dir));

  async function newHome(name: string): Promise<string> {
    const home = join(dir, name);
    await guruOk(home, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    return home;
  }

  it('a daemon that stops answering: reads and writes fail within the timeout, saying what may have happened', async () => {
    const home = await newHome('stuck');
    const daemon = await startDaemon(home, { env });
    process.kill(daemon.pid, 'SIGSTOP'); // accepts connections (the kernel does), answers nothing
    try {
      const quick = { env: { GURU_REQUEST_TIMEOUT_MS: '1500' } };
      const read = await guru(home, ['user', 'list'], quick);
      expect(read.code).toBe(1);
      expect(read.stderr).toMatch(/the daemon did not answer within 1\.5 s \(GET \/v1\/users\) — nothing was changed; see `guru daemon status`/);
      const write = await guru(home, ['dept', 'add', 'Vendas'], quick);
      expect(write.code).toBe(1);
      expect(write.stderr).toMatch(/the daemon did not answer within 1\.5 s \(POST \/v1\/departments\) — the change may or may not have been applied/);
      const bad = await guru(home, ['user', 'list'], { env: { GURU_REQUEST_TIMEOUT_MS: 'soon' } });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/GURU_REQUEST_TIMEOUT_MS must be a whole number of milliseconds \(got "soon"\)/);
    } finally {
      process.kill(daemon.pid, 'SIGCONT');
    }
    // Once it runs again, the write that timed out is visible (it was applied after all).
    expect((await guruOk(home, ['dept', 'list', '--json'])).stdout).toContain('Vendas');
    await daemon.stop();
  }, 120_000);

  it('a watch stream whose daemon goes silent past its heartbeats ends with a clear error, not a hang', async () => {
    const home = await newHome('silent-watch');
    const daemon = await startDaemon(home, { env: { ...env, GURU_HEARTBEAT_MS: '300' } });
    const child = spawn(process.execPath, [GURU_BIN, 'tail', '--json', '--as', 'ana@acme.com'], {
      env: { ...process.env, NO_COLOR: '1', GURU_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    try {
      await waitUntil(() => stdout.includes('"type":"heartbeat"') || child.exitCode !== null);
      expect(stdout, stderr).toContain('"type":"heartbeat"');
      process.kill(daemon.pid, 'SIGSTOP');
      const code = await exited;
      expect(code, stderr).toBe(1);
      expect(stderr).toMatch(
        /the daemon sent nothing on \/v1\/watch for 5\.6 s \(it sends a heartbeat every 0\.3 s\) — the stream was closed; check `guru daemon status`/,
      );
    } finally {
      child.kill('SIGKILL');
      process.kill(daemon.pid, 'SIGCONT');
      await daemon.stop();
    }
  }, 120_000);

  it('losing the store lock is fatal: the daemon exits at once and removes its socket', async () => {
    const home = await newHome('lock-lost');
    const daemon = await startDaemon(home, { env });
    const socket = join(home, 'guru.sock');
    expect(existsSync(socket)).toBe(true);
    await rm(join(home, 'guru.lock'), { recursive: true, force: true }); // taken from under it
    await waitUntil(() => !isAlive(daemon.pid));
    expect(existsSync(socket)).toBe(false);
    const log = await readFile(join(home, 'daemon.log'), 'utf8');
    expect(log).toMatch(/"reason":"(uncaught error|unhandled rejection)".*lost the lock on .*"msg":"daemon exiting abnormally"/);
    const status = await guru(home, ['daemon', 'status']);
    expect(status.code).toBe(3); // "not running", not a hang on a dead socket
  }, 120_000);

  it('SIGINT, and a second signal while stopping, both leave no socket behind', async () => {
    for (const signals of [['SIGINT'], ['SIGTERM', 'SIGTERM']] as NodeJS.Signals[][]) {
      const home = await newHome(`signal-${signals.length}`);
      const daemon = await startDaemon(home, { env });
      for (const signal of signals) process.kill(daemon.pid, signal);
      await waitUntil(() => !isAlive(daemon.pid));
      expect(existsSync(join(home, 'guru.sock')), signals.join('+')).toBe(false);
    }
  }, 120_000);

  it.runIf(process.getuid?.() === 0)(
    'another user on the socket gets "permission denied" and the next step, exit 5',
    async () => {
      const home = await newHome('not-yours');
      await chmod(home, 0o755); // nobody may look in, but the socket stays 0600 and root's
      const daemon = await startDaemon(home, { env });
      try {
        const result = await guruLimited(home, ['daemon', 'status'], { user: NOBODY, env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') } });
        expect(result.code, result.stderr).toBe(5);
        expect(result.stderr).toMatch(
          /permission denied connecting to the Guru daemon on .*guru\.sock — the socket belongs to another user; run guru as the data dir's owner/,
        );
        expect(result.stderr).not.toMatch(/may or may not have been applied/);
      } finally {
        await daemon.stop();
      }
    },
    120_000,
  );

  it('init narrows an existing 0755 dir to 0700, and refuses a dir owned by another user', async () => {
    const mine = join(dir, 'existing');
    await mkdir(mine, { mode: 0o755 });
    await chmod(mine, 0o755);
    await guruOk(mine, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    expect((await stat(mine)).mode & 0o777).toBe(0o700);

    if (process.getuid?.() !== 0) return; // giving a dir away needs root
    const theirs = join(dir, 'theirs');
    await mkdir(theirs, { mode: 0o755 });
    await chown(theirs, NOBODY.uid, NOBODY.gid);
    const result = await guru(theirs, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], {
      stdin: PASSWORD,
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(
      /belongs to another user \(uid 65534, not 0\) — a Guru data dir must be your own; run guru as that user, or choose a dir of yours with --home/,
    );
    expect(existsSync(join(theirs, 'state.json'))).toBe(false);
    expect((await stat(theirs)).mode & 0o777).toBe(0o755);
  }, 120_000);
});
