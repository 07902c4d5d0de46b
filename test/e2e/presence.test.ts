import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/api/protocol.js';
import { apiClient, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

// Long enough that a `guru user list` spawned on a loaded CI machine still lands inside it.
const GRACE_MS = 4_000;

/** Online = a watch stream open (plus a short grace); the rodízio's skip-offline follows it. */
describe('presence through watch streams', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const env = { GURU_PRESENCE_TIMEOUT_MS: String(GRACE_MS) };

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com', '--skip-offline']);
    await guruOk(home, ['rr', 'add', SP, 'dept:Vendas', '--skip-offline']);
    daemon = await startDaemon(home, { env });
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  const online = async () => (await guruJson<any[]>(home, ['user', 'list'])).filter((u) => u.online).map((u) => u.email);
  const picks = async () => (await guruJson<any>(home, ['rr', 'simulate', SP, '--next', '2'])).decisions.map((d: any) => d.assignee?.ref ?? null);
  it('nobody is online at first, so skip-offline entries are skipped', async () => {
    expect(await online()).toEqual([]);
    expect(await picks()).toEqual([null, null]);
  });

  it('a user with an open watch stream is online; the stream starts with a snapshot', async () => {
    const events: WatchEvent[] = [];
    const bia = apiClient(home, (await apiClient(home, null).login('bia@acme.com', PASSWORD)).token);
    const stream = await bia.watch((e) => events.push(e));
    await waitFor(async () => events.length > 0);
    expect(events[0]).toMatchObject({ type: 'snapshot', me: { owner: false, user: { email: 'bia@acme.com' } } });
    expect(await online()).toEqual(['bia@acme.com']);
    expect(await picks()).toEqual(['user:bia@acme.com', 'user:bia@acme.com']);
    // Only bia may say her stream is still read; to anyone else it does not exist.
    expect(stream.id).toMatch(/^[\w-]{20,}$/);
    await expect(bia.request('POST', `/v1/watch/${stream.id}/alive`)).resolves.toEqual({ ok: true });
    const caio = apiClient(home, (await apiClient(home, null).login('caio@acme.com', PASSWORD)).token);
    await expect(caio.request('POST', `/v1/watch/${stream.id}/alive`)).rejects.toMatchObject({ code: 'not_found' });
    const status = await apiClient(home, ownerToken(home)).status();
    expect(status).toMatchObject({ online: ['bia@acme.com'], watchers: 1 });

    stream.close();
    await stream.done;
    expect(await online()).toEqual(['bia@acme.com']); // within the grace period
    await waitFor(async () => (await online()).length === 0, GRACE_MS + 15_000);
    expect(await picks()).toEqual([null, null]);
  });

  it('a department member online makes the department eligible; others see presence events, audit only with audit.view', async () => {
    const ownerEvents: WatchEvent[] = [];
    const biaEvents: WatchEvent[] = [];
    const ownerStream = await apiClient(home, ownerToken(home)).watch((e) => ownerEvents.push(e));
    const bia = apiClient(home, (await apiClient(home, null).login('bia@acme.com', PASSWORD)).token);
    const biaStream = await bia.watch((e) => biaEvents.push(e));
    const caio = apiClient(home, (await apiClient(home, null).login('caio@acme.com', PASSWORD)).token);
    const caioStream = await caio.watch(() => undefined);

    await waitFor(async () => ownerEvents.some((e) => e.type === 'presence' && e.email === 'caio@acme.com' && e.online));
    expect(await picks()).toEqual(['user:bia@acme.com', 'dept:Vendas']);

    await guruOk(home, ['dept', 'add', 'Suporte']);
    await waitFor(async () => ownerEvents.some((e) => e.type === 'audit' && e.entry.action === 'department.add'));
    await waitFor(async () => biaEvents.some((e) => e.type === 'presence' && e.email === 'caio@acme.com'));
    expect(biaEvents.some((e) => e.type === 'audit')).toBe(false);

    caioStream.close();
    await waitFor(async () => ownerEvents.some((e) => e.type === 'presence' && e.email === 'caio@acme.com' && !e.online), GRACE_MS + 15_000);
    biaStream.close();
    ownerStream.close();
  });

  it('an inbox suspended with Ctrl-Z stops counting as online, though its socket stays open; resumed, it counts again', async () => {
    const env = { XDG_CONFIG_HOME: join(dir, 'config-bia') };
    await guruOk(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { stdin: PASSWORD, env });
    const watchers = async () => (await apiClient(home, ownerToken(home)).status()).watchers;
    const inbox = new PtySession(['inbox'], { GURU_HOME: home, ...env });
    try {
      await waitFor(async () => (await watchers()) === 1);
      expect(await online()).toContain('bia@acme.com');
      // What Ctrl-Z does to a foreground job: SIGTSTP stops it like SIGSTOP (Ink would catch neither).
      process.kill(inbox.pty.pid, 'SIGSTOP');
      await waitFor(async () => !(await online()).includes('bia@acme.com'), GRACE_MS + 15_000);
      expect(await watchers()).toBe(1); // the stream itself is still open
      process.kill(inbox.pty.pid, 'SIGCONT');
      await waitFor(async () => (await online()).includes('bia@acme.com'), GRACE_MS + 15_000);
    } finally {
      process.kill(inbox.pty.pid, 'SIGCONT');
      inbox.pty.kill();
      await inbox.exited();
    }
  });

  it('a disabled user’s stream is ended', async () => {
    const duda = apiClient(home, (await apiClient(home, null).login('caio@acme.com', PASSWORD)).token);
    const stream = await duda.watch(() => undefined);
    await guruOk(home, ['user', 'disable', 'caio@acme.com']);
    await Promise.race([stream.done, new Promise((_, reject) => setTimeout(() => reject(new Error('stream still open')), 15_000))]);
    await guruOk(home, ['user', 'enable', 'caio@acme.com']);
  });
});
