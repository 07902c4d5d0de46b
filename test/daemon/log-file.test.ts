import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogFile } from '../../src/daemon/log-file.js';
import { createFileLogger } from '../../src/daemon/logger.js';
import { LOG_FILES, logSettings, MAX_LOG_BYTES } from '../../src/daemon/log-settings.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { fillUp, mountSmallFs } from '../helpers/small-fs.js';

/** Every file of the log (daemon.log and its rotations) with its size. */
async function logFiles(dir: string): Promise<{ name: string; size: number }[]> {
  const names = (await readdir(dir)).filter((n) => n.startsWith('daemon.log')).sort();
  return Promise.all(names.map(async (name) => ({ name, size: (await stat(join(dir, name))).size })));
}

async function lines(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the daemon log file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('guru-log-');
  });
  afterAll(() => removeDir(dir));

  it('rotates by size as it writes: daemon.log plus .1 .. .3, together never past the cap', async () => {
    const home = join(dir, 'rotate');
    await mkdir(home);
    const file = join(home, 'daemon.log');
    const cap = 16 * 1024;
    const log = await LogFile.open({ file, maxBytes: cap, files: LOG_FILES });
    // 3,000 lines (~300 KB) in one synchronous burst, far faster than any periodic check could catch.
    for (let i = 0; i < 3_000; i++) log.write(`${JSON.stringify({ level: 30, i, msg: `line ${i} ${'x'.repeat(60)}` })}\n`);
    await log.close();
    const files = await logFiles(home);
    expect(files.map((f) => f.name)).toEqual(['daemon.log', 'daemon.log.1', 'daemon.log.2', 'daemon.log.3']);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    expect(total).toBeLessThanOrEqual(cap);
    for (const f of files) expect(f.size).toBeLessThanOrEqual(cap / LOG_FILES);
    // Whole JSON lines only, and the newest line is in the live file.
    const live = await lines(file);
    for (const f of files.slice(1)) await lines(join(home, f.name));
    expect(live.at(-1)).toMatchObject({ i: 2_999 });
    console.log(`log rotation: 3000 lines, cap ${cap} B: ${files.length} files, ${total} B on disk`);
  });

  it('a fatal exit writes its last lines even while an async write is under way', async () => {
    const home = join(dir, 'fatal');
    await mkdir(home);
    const file = join(home, 'daemon.log');
    const log = await LogFile.open({ file, maxBytes: MAX_LOG_BYTES, files: LOG_FILES });
    log.write('{"msg":"request"}\n'); // its write is now in flight
    log.write('{"msg":"daemon exiting abnormally"}\n');
    // What the crash path does before the process exits (closeSync flushes the same way; it is
    // not called here, where the process lives on: it closes the descriptor under Node's handle).
    log.flushSync();
    expect(readFileSync(file, 'utf8')).toContain('daemon exiting abnormally'); // at once, synchronously
    await log.close();
  });

  it('opening a log already past its share rotates it first', async () => {
    const home = join(dir, 'reopen');
    await mkdir(home);
    const file = join(home, 'daemon.log');
    await writeFile(file, '{"old":1}\n'.repeat(2_000));
    const log = await LogFile.open({ file, maxBytes: 8 * 1024, files: 4 });
    log.write('{"new":1}\n');
    await log.close();
    expect(await lines(file)).toEqual([{ new: 1 }]);
    expect((await stat(`${file}.1`)).size).toBe(20_000); // kept as it was, to be rotated away later
  });

  it('the cap comes from GURU_LOG_MAX_BYTES, 10 MB by default; a bad value is refused with the rule', () => {
    expect(MAX_LOG_BYTES).toBe(10 * 1024 * 1024);
    expect(logSettings({}).maxBytes).toBe(MAX_LOG_BYTES);
    expect(logSettings({ GURU_LOG_MAX_BYTES: '' }).maxBytes).toBe(MAX_LOG_BYTES);
    expect(logSettings({ GURU_LOG_MAX_BYTES: '65536' }).maxBytes).toBe(65_536);
    expect(() => logSettings({ GURU_LOG_MAX_BYTES: '10MB' })).toThrow(/GURU_LOG_MAX_BYTES must be a whole number of bytes, at least 4096 \(got "10MB"\)/);
    expect(() => logSettings({ GURU_LOG_MAX_BYTES: '100' })).toThrow(/at least 4096/);
    expect(logSettings({ GURU_LOG_LEVEL: 'warn' }).level).toBe('warn');
  });

  it('logs bounded fields and no secrets, whatever a caller sends', async () => {
    const home = join(dir, 'bounded');
    await mkdir(home);
    const file = join(home, 'daemon.log');
    const { logger, close } = await createFileLogger(file, { level: 'info', maxBytes: 1024 * 1024 });
    const huge = `/v1/${'a'.repeat(100_000)}`;
    logger.info(
      {
        url: huge,
        userAgent: 'b'.repeat(50_000),
        password: 'hunter2-password',
        token: 'tok-SECRET-123',
        nested: { inviteCode: 'INV-SECRET', code: '123456', stream: { code: '515' }, list: Array.from({ length: 1000 }, (_, i) => i) },
      },
      'request',
    );
    logger.warn(`${'m'.repeat(20_000)}`);
    logger.error({ err: Object.assign(new Error(`boom ${'e'.repeat(10_000)}`), { code: 'EBOOM' }) }, 'request failed');
    await close();
    const text = await readFile(file, 'utf8');
    for (const secret of ['hunter2-password', 'tok-SECRET-123', 'INV-SECRET', '123456']) expect(text).not.toContain(secret);
    const [request, warning, failure] = await lines(file);
    expect(request).toMatchObject({
      password: '[redacted]',
      token: '[redacted]',
      nested: { inviteCode: '[redacted]', code: '[redacted]', stream: { code: '515' } },
    });
    expect((request!.url as string).length).toBeLessThan(400);
    expect((request!.userAgent as string).length).toBeLessThan(400);
    expect((request!.nested as { list: unknown[] }).list).toHaveLength(21);
    expect((warning!.msg as string).length).toBeLessThan(400);
    expect(failure!.err).toMatchObject({ type: 'Error', code: 'EBOOM' });
    for (const line of text.split('\n')) expect(line.length).toBeLessThan(8 * 1024);
  });

  describe('on a full disk (a real 256 KiB tmpfs)', () => {
    let mount: Awaited<ReturnType<typeof mountSmallFs>>;
    beforeAll(async () => {
      mount = await mountSmallFs(join(dir, 'tmpfs'), 256 * 1024);
      if (!mount.ok) console.log(`skipped: ${mount.reason}`);
    });
    afterAll(async () => {
      if (mount.ok) await mount.unmount();
    });

    it('never blocks: lines it cannot write are dropped and counted, and it says so once space is back', async (ctx) => {
      if (!mount.ok) return ctx.skip();
      const file = join(mount.dir, 'daemon.log');
      const log = await LogFile.open({ file, maxBytes: 64 * 1024, files: 4, retryMs: 200 });
      const filler = await fillUp(mount.dir);
      const started = performance.now();
      for (let i = 0; i < 5_000; i++) log.write(`${JSON.stringify({ level: 30, i, msg: 'while full' })}\n`);
      const writeMs = performance.now() - started;
      await log.flush();
      expect((await stat(file)).size).toBe(0); // nothing torn, nothing half-written
      // The event loop stays free: a timer still fires promptly while the disk is full.
      const lag = await new Promise<number>((resolve) => {
        const at = performance.now();
        setTimeout(() => resolve(performance.now() - at - 10), 10);
      });
      expect(lag).toBeLessThan(1_000);

      await rm(filler);
      await new Promise((r) => setTimeout(r, 600)); // the retry timer runs without any new line
      log.write(`${JSON.stringify({ level: 30, msg: 'after' })}\n`);
      await log.close();
      const written = await lines(file);
      expect(written[0]).toMatchObject({ level: 40, dropped: 5_000, reason: 'ENOSPC' });
      expect(written[0]!.msg).toMatch(/^5000 log lines were dropped since .*: the log could not be written \(ENOSPC\)$/);
      expect(written.at(-1)).toMatchObject({ msg: 'after' });
      console.log(`log on a full tmpfs: 5000 lines dropped in ${writeMs.toFixed(1)} ms of write() calls, notice written once space was back`);
    });
  });
});
