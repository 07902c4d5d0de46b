import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/client/http.js';
import { isAlive, memoryPhone, ownerToken } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { guruLimited } from '../helpers/limits.js';
import { rawRequest } from '../helpers/raw-http.js';
import { fillUp, mountSmallFs } from '../helpers/small-fs.js';
import { PASSWORD, SP } from '../helpers/team.js';

/**
 * The daemon on a disk that is really full: a 4 MiB tmpfs filled to the last byte while it runs
 * (where mounts are not allowed, RLIMIT_FSIZE makes its files unable to grow instead). It used
 * to freeze: pino's destination retried the failed log write forever with a blocking sleep, so
 * every request timed out and the lock went stale. Now it keeps answering reads, refuses writes
 * saying the disk is full, drops (and counts) the log lines it cannot write, and stops cleanly.
 */
describe('a daemon on a full disk', () => {
  let dir: string;
  let home: string;
  let mount: Awaited<ReturnType<typeof mountSmallFs>>;
  let filler: string | null = null;
  let pid = 0;
  const env = { GURU_TRANSPORT: 'memory', GURU_REQUEST_TIMEOUT_MS: '20000' };

  beforeAll(async () => {
    dir = await makeTempDir('guru-full-');
    mount = await mountSmallFs(join(dir, 'disk'), 4 * 1024 * 1024);
    home = join(mount.ok ? mount.dir : dir, 'home');
    await guruOk(home, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    if (mount.ok) {
      await guruOk(home, ['daemon', 'start'], { env });
    } else {
      // Fallback: no file of the daemon may grow past the next KiB boundary of the state file,
      // so the state can be read but any real change to it cannot be written.
      console.log(`no tmpfs here (${mount.reason}); using RLIMIT_FSIZE instead`);
      // Pad the state until it ends just short of a 1 KiB boundary (as disk.test.ts does).
      for (let i = 0; ; i++) {
        const slack = 1024 - ((await stat(join(home, 'state.json'))).size % 1024);
        if (slack < 200) break;
        await guruOk(home, ['dept', 'add', `D${i} ${'x'.repeat(Math.max(1, Math.min(55, slack - 190)))}`]);
      }
      const size = (await stat(join(home, 'state.json'))).size;
      const started = await guruLimited(home, ['daemon', 'start'], { env, fileBlocks: Math.ceil((size + 1) / 1024) });
      expect(started.code, started.stderr).toBe(0);
    }
    pid = (JSON.parse((await guruOk(home, ['daemon', 'status', '--json'])).stdout) as { pid: number }).pid;
    await memoryPhone(home, SP).write({ id: 'M0', from: '5511911110001@s.whatsapp.net', text: 'oi' });
    if (mount.ok) filler = await fillUp(mount.dir);
  }, 120_000);

  afterAll(async () => {
    if (pid && isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (mount.ok) await mount.unmount();
    await removeDir(dir);
  });

  it('answers status and reads at once, refuses writes with "disk full", and its event loop never stalls on the log', async () => {
    const client = new DaemonClient({ socket: join(home, 'guru.sock'), token: ownerToken(home), version: '0.1.0', timeoutMs: 10_000 });
    const api = client.operations();
    // Enough requests that their log lines need new space on the disk (hundreds of KB), which is not there.
    const slowest = { ms: 0 };
    const timed = async <T>(call: () => Promise<T>) => {
      const t = performance.now();
      const result = await call();
      slowest.ms = Math.max(slowest.ms, performance.now() - t);
      return result;
    };
    for (let i = 0; i < 300; i++) {
      expect((await timed(() => client.status())).pid).toBe(pid);
      expect(await timed(() => api.users.list())).toHaveLength(1);
    }
    const [chat] = await timed(() => api.chats.list({ status: 'all' }));
    expect((await timed(() => api.chats.show(chat!.id))).messages.map((m) => m.id)).toEqual(['M0']);
    expect((await guruOk(home, ['user', 'list', '--json'])).stdout).toContain('ana@acme.com');

    const diskFull = mount.ok ? /disk full: no space left on the disk holding/ : /cannot grow: the file size limit was reached/;
    // Changes that make the state file larger by a few hundred bytes (a user has a password hash).
    const bigger = [
      ['user', 'add', '--email', 'bia@acme.com', '--name', 'B'.repeat(90), '--password-stdin'],
      ['user', 'add', '--email', 'caio@acme.com', '--name', 'C'.repeat(90), '--password-stdin'],
    ];
    for (const args of mount.ok ? [['dept', 'add', 'Vendas'], ...bigger] : bigger) {
      const result = await guru(home, args, { env, stdin: PASSWORD });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(diskFull);
      expect(result.stderr).toMatch(/was not changed; free disk space/);
    }
    // Over the API the refusal is the server's condition (507), not a failure of ours (500).
    // (Under the file size limit instead of a full disk, a small change may still fit.)
    const body = JSON.stringify({ name: 'Suporte' });
    const refusal = await rawRequest(join(home, 'guru.sock'), {
      method: 'POST',
      path: '/v1/departments',
      headers: { authorization: `Bearer ${ownerToken(home)}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      body,
    });
    if (mount.ok) expect(refusal.status).toBe(507);
    if (mount.ok) expect(JSON.parse(refusal.text)).toMatchObject({ error: { code: 'store_unwritable', message: expect.stringMatching(diskFull) } });
    // A customer's message cannot be stored either: refused, not acknowledged.
    if (mount.ok)
      await expect(memoryPhone(home, SP).write({ id: 'M1', from: '5511911110001@s.whatsapp.net', text: `de novo ${'·'.repeat(5_000)}` })).rejects.toThrow(
        diskFull,
      ); // more than the page the journal has left
    expect(isAlive(pid)).toBe(true);
    console.log(
      `full disk (${mount.ok ? '4 MiB tmpfs' : 'RLIMIT_FSIZE'}): 600 reads answered, slowest ${slowest.ms.toFixed(0)} ms; writes refused with "disk full"`,
    );
    expect(slowest.ms).toBeLessThan(10_000); // a stalled loop would hang here until the client's timeout
  }, 120_000);

  it('once space is back: writes go through, and the log says how many lines it dropped', async (ctx) => {
    if (!mount.ok) return ctx.skip(); // under RLIMIT_FSIZE, space does not come back while it runs
    await rm(filler!);
    await guruOk(home, ['dept', 'add', 'Vendas']);
    // The log writer retries about once a second; the daemon stop below flushes it in any case.
    const stopped = await guru(home, ['daemon', 'stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(existsSync(join(home, 'guru.sock'))).toBe(false);
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(pid)).toBe(false);
    const log = (await readFile(join(home, 'daemon.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; dropped?: number; reason?: string });
    const notice = log.find((l) => l.dropped !== undefined);
    expect(notice, 'a line counting the dropped log lines').toBeDefined();
    expect(notice!.reason).toBe('ENOSPC');
    expect(notice!.msg).toMatch(/^\d+ log lines were dropped since .*: the log could not be written \(ENOSPC\)$/);
    // The stop flushes the writer: the dropped-lines notice and the stop line leave in that last batch, in either order.
    expect(log.slice(-2).map((l) => l.msg)).toContain('daemon stopped');
    const files = (await readdir(home)).filter((f) => f.startsWith('daemon.log'));
    const total = (await Promise.all(files.map(async (f) => (await stat(join(home, f))).size))).reduce((a, b) => a + b, 0);
    console.log(`after the full disk: ${notice!.dropped} log lines dropped and counted; stop exit 0, socket removed; log ${total} B`);
  }, 120_000);
});
