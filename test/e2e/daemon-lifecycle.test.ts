import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socketAnswers } from '../../src/api/probe.js';
import { apiClient, isAlive, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { seedTeam } from '../helpers/team.js';

describe('guru daemon start|stop|status', () => {
  let dir: string;
  let home: string;
  let socket: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    socket = join(home, 'guru.sock');
    await seedTeam(home);
  });
  afterAll(async () => {
    await guru(home, ['daemon', 'stop']);
    await removeDir(dir);
  });

  it('status without a daemon exits 3 and says how to start one', async () => {
    const result = await guru(home, ['daemon', 'status']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/guru daemon start/);
  });

  it('start returns once the API answers, prints socket and log; status reports it', async () => {
    const started = await guruOk(home, ['daemon', 'start']);
    expect(started.stderr).toContain(`socket: ${socket}`);
    expect(started.stderr).toContain(`log:    ${join(home, 'daemon.log')}`);
    const status = JSON.parse((await guruOk(home, ['daemon', 'status', '--json'])).stdout);
    expect(status).toMatchObject({ version: '0.1.0', socket, home, online: [] });
    expect(status.phones).toEqual([{ number: '+5511999990000', label: null, linkState: 'unlinked', sync: null, reassignWhenAbsent: false }]);
    expect(isAlive(status.pid)).toBe(true);
    expect((await stat(socket)).mode & 0o777).toBe(0o600);
    const text = await guruOk(home, ['daemon', 'status']);
    expect(text.stdout).toMatch(/State\trunning/);
  });

  it('a second start refuses with a clear message, and the live socket survives', async () => {
    const second = await guru(home, ['daemon', 'start']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running \(pid \d+\)/);
    const direct = await guru(home, ['daemon', 'run']);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toMatch(/already running/);
    expect(await socketAnswers(socket)).toBe(true);
  });

  it('stop drains, removes the socket and releases the lock; a local write works again', async () => {
    const { pid } = await apiClient(home, ownerToken(home)).status();
    expect(pid).toEqual(expect.any(Number));
    await guruOk(home, ['daemon', 'stop']);
    expect(isAlive(pid as number)).toBe(false);
    await expect(stat(socket)).rejects.toMatchObject({ code: 'ENOENT' });
    await guruOk(home, ['dept', 'add', 'AfterStop']);
  });

  it('a stale socket left by a killed daemon is cleaned up on the next start', async () => {
    const daemon = await startDaemon(home);
    process.kill(daemon.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    expect((await stat(socket)).isSocket()).toBe(true); // left behind
    expect(await socketAnswers(socket)).toBe(false);
    const again = await startDaemon(home);
    expect(again.pid).not.toBe(daemon.pid);
    expect(await socketAnswers(socket)).toBe(true);
    await again.stop();
  });

  it('a stray file in place of the socket does not stop a start', async () => {
    await writeFile(socket, 'junk');
    const daemon = await startDaemon(home);
    expect(await socketAnswers(socket)).toBe(true);
    await daemon.stop();
  });

  it('SIGTERM stops the daemon gracefully', async () => {
    const daemon = await startDaemon(home);
    process.kill(daemon.pid, 'SIGTERM');
    for (let i = 0; i < 100 && isAlive(daemon.pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(daemon.pid)).toBe(false);
    await expect(stat(socket)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('start in a directory without `guru init` fails clearly', async () => {
    const result = await guru(join(dir, 'empty'), ['daemon', 'start']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/guru init/);
  });
});
