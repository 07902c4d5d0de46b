import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/api/protocol.js';
import { apiClient, memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

/** A watch stream lives no longer than the session it was opened with. */
describe('watch streams end with their session', () => {
  let dir: string;
  let home: string;
  let config: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;
  let customer = 0;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    config = join(dir, 'config');
    await seedTeam(home);
    await guruOk(home, ['user', 'add', '--email', 'duda@acme.com', '--name', 'Duda', '--role', 'admin', '--password-stdin'], { stdin: PASSWORD });
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  /** Logs `email` in and opens a watch with that session; what it hears, and when it ended. */
  async function watching(email: string) {
    const token = (await apiClient(home, null).login(email, PASSWORD)).token;
    const client = apiClient(home, token);
    const events: WatchEvent[] = [];
    const stream = await client.watch((e) => events.push(e));
    let ended = false;
    void stream.done.then(() => (ended = true));
    await waitFor(() => events.length > 0);
    return { token, client, events, stream, ended: () => ended };
  }

  /** A new message arrives; an admin's watch would see it. */
  const newMessage = () => phone.write({ from: `55119444${String(++customer).padStart(5, '0')}@s.whatsapp.net`, text: `nova ${customer}` });

  it('logout closes the stream at once, with a last line saying why; nothing more is delivered', async () => {
    const ana = await watching('ana@acme.com');
    await newMessage();
    await waitFor(() => ana.events.some((e) => e.type === 'message'));
    await ana.client.logout();
    await waitFor(ana.ended, 1_000 + 5_000); // within 1 s, with room for a loaded machine
    const last = ana.events.at(-1);
    expect(last).toMatchObject({ type: 'closed', relogin: true });
    expect((last as { reason: string }).reason).toMatch(/logged out/);
    const seen = ana.events.length;
    await newMessage();
    await new Promise((r) => setTimeout(r, 200));
    expect(ana.events.length).toBe(seen);
  });

  it('a new password (set by anyone) ends every stream of that user; others go on', async () => {
    const first = await watching('duda@acme.com');
    const second = await watching('duda@acme.com');
    const other = await watching('ana@acme.com');
    await guruOk(home, ['user', 'passwd', 'duda@acme.com', '--password-stdin'], { stdin: 'another fine password' });
    await waitFor(() => first.ended() && second.ended());
    for (const w of [first, second]) expect(w.events.at(-1)).toMatchObject({ type: 'closed', relogin: true, reason: expect.stringMatching(/new password/) });
    await newMessage();
    await waitFor(() => other.events.some((e) => e.type === 'message'));
    expect(other.ended()).toBe(false);
    other.stream.close();
  });

  it('`guru user sessions` lists them (never a token); `guru user logout` ends them all and their streams at once', async () => {
    const first = await watching('ana@acme.com');
    const second = await watching('ana@acme.com');
    const listed = await guruJson<{ id: string; source: string; createdAt: string; lastUsedAt: string }[]>(home, ['user', 'sessions', 'ana@acme.com']);
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(listed.every((s) => s.source === 'local')).toBe(true);
    const table = await guruOk(home, ['user', 'sessions', 'ana@acme.com']);
    for (const text of [JSON.stringify(listed), table.stdout]) for (const w of [first, second]) expect(text).not.toContain(w.token);
    const done = await guruOk(home, ['user', 'logout', 'ana@acme.com', '--json']);
    expect(JSON.parse(done.stdout)).toEqual({ email: 'ana@acme.com', ended: listed.length });
    await waitFor(() => first.ended() && second.ended(), 1_000 + 5_000); // within 1 s, with room for a loaded machine
    for (const w of [first, second]) {
      expect(w.events.at(-1)).toMatchObject({ type: 'closed', relogin: true, reason: expect.stringMatching(/ended \(`guru user logout`\)/) });
    }
    await expect(first.client.whoami()).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(await guruJson<unknown[]>(home, ['user', 'sessions', 'ana@acme.com'])).toEqual([]);
    const audit = await guruJson<{ actor: string; action: string; target: string }[]>(home, ['audit']);
    expect(audit.at(-1)).toMatchObject({ actor: 'owner', action: 'user.logout', target: 'ana@acme.com' });
  });

  it('disabling or removing a user closes their stream with the reason', async () => {
    const bia = await watching('bia@acme.com');
    await guruOk(home, ['user', 'disable', 'bia@acme.com']);
    await waitFor(bia.ended, 1_000 + 5_000); // within 1 s, with room for a loaded machine
    expect(bia.events.at(-1)).toMatchObject({ type: 'closed', relogin: true, reason: expect.stringMatching(/disabled or removed/) });
    const caio = await watching('caio@acme.com');
    await guruOk(home, ['user', 'remove', 'caio@acme.com']);
    await waitFor(caio.ended);
    expect(caio.events.at(-1)).toMatchObject({ type: 'closed', relogin: true });
  });

  it('the owner token has no session: its stream goes on', async () => {
    const events: WatchEvent[] = [];
    const stream = await apiClient(home, ownerToken(home)).watch((e) => events.push(e));
    await newMessage();
    await waitFor(() => events.some((e) => e.type === 'message'));
    expect(events.some((e) => e.type === 'closed')).toBe(false);
    stream.close();
  });

  it('`guru tail` prints the reason and fails when its session is ended', async () => {
    const env = { ...process.env, GURU_HOME: home, XDG_CONFIG_HOME: config };
    await guruOk(home, ['login', '--email', 'ana@acme.com', '--password-stdin'], { stdin: PASSWORD, env: { XDG_CONFIG_HOME: config } });
    const child = spawn(process.execPath, [GURU_BIN, 'tail', '--json'], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor(() => out.includes('"snapshot"'));
      await guruOk(home, ['user', 'passwd', 'ana@acme.com', '--password-stdin'], { stdin: 'yet another password' });
      const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 30_000))]);
      expect(code).toBe(5); // unauthenticated, as DESIGN.md's exit codes have it: log in again
    } finally {
      child.kill('SIGKILL');
    }
    expect(err).toMatch(/the daemon closed the stream: .*new password/);
    expect(out).toMatch(/"type":"closed"/);
  });
});
