import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonClient } from '../../src/client/http.js';
import { apiClient, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';

/** The API as an intruder or a careless script would use it, against the real daemon process. */
describe('daemon API: authentication, authorisation and bad requests', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let owner: DaemonClient;
  let bia: DaemonClient; // normal user, no permissions
  let caio: DaemonClient; // in Vendas (chats.send) — still no admin permissions

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
    daemon = await startDaemon(home);
    owner = apiClient(home, ownerToken(home));
    bia = apiClient(home, (await apiClient(home, null).login('bia@acme.com', PASSWORD)).token);
    caio = apiClient(home, (await apiClient(home, null).login('caio@acme.com', PASSWORD)).token);
  });

  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  /** Raw HTTP over the socket, for requests the typed client would never send. */
  function raw(method: string, path: string, options: { body?: string | Buffer; token?: string | null; headers?: Record<string, string> } = {}) {
    return new Promise<{ status: number; body: any }>((resolve, reject) => {
      const headers: Record<string, string> = { ...options.headers };
      const token = options.token === undefined ? ownerToken(home) : options.token;
      if (token) headers.authorization = `Bearer ${token}`;
      const req = request({ socketPath: join(home, 'guru.sock'), method, path, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  const denied = { code: 'permission_denied' };

  it('a path means what it says: dot segments, plain or percent-encoded, are refused, not resolved to another route', async () => {
    const token = (await apiClient(home, null).login('bia@acme.com', PASSWORD)).token;
    for (const path of ['/v1/users/%2E%2E/logout', '/v1/users/%2e%2e/logout', '/v1/users/.%2E/logout', '/v1/users/../logout', '/v1/./logout']) {
      const answer = await raw('POST', path, { token });
      expect(answer, path).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', message: expect.stringMatching(/not path segments/) } } });
    }
    // None of them reached /v1/logout: her session still works.
    expect((await raw('GET', '/v1/whoami', { token })).status).toBe(200);
  });

  it('no token → 401 on every route family', async () => {
    for (const [method, path] of [
      ['GET', '/v1/users'],
      ['GET', '/v1/departments'],
      ['GET', '/v1/phones'],
      ['GET', `/v1/round-robins/${encodeURIComponent(SP)}`],
      ['GET', '/v1/audit'],
      ['GET', '/v1/account'],
      ['GET', '/v1/status'],
      ['GET', '/v1/watch'],
      ['POST', '/v1/shutdown'],
    ]) {
      const res = await raw(method!, path!, { token: null });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect((await raw('GET', '/v1/users', { token: 'f'.repeat(64) })).status).toBe(401);
  });

  it('a normal user may read the team but not change users, departments, phones, round-robins or the account', async () => {
    expect((await bia.operations().users.list()).length).toBe(3);
    await expect(bia.operations().users.add({ email: 'x@acme.com', name: 'X', password: PASSWORD })).rejects.toMatchObject(denied);
    await expect(bia.operations().users.disable('caio@acme.com')).rejects.toMatchObject(denied);
    await expect(bia.operations().departments.add('Hackers')).rejects.toMatchObject(denied);
    await expect(caio.operations().departments.addMembers('Vendas', ['bia@acme.com'])).rejects.toMatchObject(denied);
    await expect(bia.operations().phones.add('+5521988880000')).rejects.toMatchObject(denied);
    await expect(bia.operations().phones.remove(SP)).rejects.toMatchObject(denied);
    await expect(bia.operations().roundRobin.add(SP, 'user:bia@acme.com', { times: 50 })).rejects.toMatchObject(denied);
    await expect(bia.operations().account.set({ seats: 1000 })).rejects.toMatchObject(denied);
    await expect(bia.operations().audit.list()).rejects.toMatchObject(denied);
    await expect(bia.shutdown()).rejects.toMatchObject(denied);
    await expect(
      bia.operations().account.init({ accountName: 'X', seats: 1, adminEmail: 'x@x.co', adminName: 'X', adminPassword: PASSWORD }),
    ).rejects.toMatchObject(denied);
  });

  it('each granted permission opens exactly its family', async () => {
    await owner.operations().users.edit('bia@acme.com', { addPermissions: ['round_robin.manage'] });
    expect((await bia.operations().roundRobin.add(SP, 'user:bia@acme.com')).entries).toHaveLength(1);
    await expect(bia.operations().phones.add('+5521988880000')).rejects.toMatchObject(denied);
    await owner.operations().departments.addPermissions('Vendas', ['audit.view']);
    expect((await caio.operations().audit.list()).length).toBeGreaterThan(0);
    await owner.operations().departments.removePermissions('Vendas', ['audit.view']);
    await expect(caio.operations().audit.list()).rejects.toMatchObject(denied);
  });

  it('a disabled user’s token stops working; re-enabled, it works again', async () => {
    await owner.operations().users.disable('caio@acme.com');
    await expect(caio.operations().users.list()).rejects.toMatchObject({ code: 'unauthenticated' });
    await owner.operations().users.enable('caio@acme.com');
    expect(await caio.whoami()).toMatchObject({ owner: false, user: { email: 'caio@acme.com' } });
  });

  it('logout revokes the token', async () => {
    const session = apiClient(home, (await apiClient(home, null).login('caio@acme.com', PASSWORD)).token);
    await session.logout();
    await expect(session.whoami()).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it.each([
    ['malformed JSON', 'POST', '/v1/users', '{"email": "x@acme.com", ', 400, /not valid JSON/],
    ['a number where a string belongs', 'POST', '/v1/users', JSON.stringify({ email: 42, name: 'X', password: PASSWORD }), 400, /email/],
    ['an unknown field', 'POST', '/v1/departments', JSON.stringify({ name: 'X', admin: true }), 400, /admin/],
    ['a list where an object belongs', 'PATCH', '/v1/account', '[1,2,3]', 400, /invalid request body/],
    ['a non-numeric position', 'DELETE', `/v1/round-robins/${encodeURIComponent(SP)}/entries/abc`, undefined, 400, /position/],
    ['an unknown route', 'GET', '/v1/nope', undefined, 404, /no such API route/],
    ['an unversioned route', 'GET', '/users', undefined, 404, /no such API route/],
    ['a wrong method', 'PUT', '/v1/users', '{}', 405, /not allowed/],
    ['a malformed escape in the path', 'GET', '/v1/users/%E0%A4%A', undefined, 400, /malformed path segment/],
    ['path tricks in an id', 'GET', '/v1/users/..%2F..%2Fstate.json', undefined, 400, /not a valid email/],
    ['an unknown department', 'GET', '/v1/departments/%00', undefined, 404, /no department/],
  ])('%s → %i', async (_what, method, path, body, status, message) => {
    const res = await raw(method, path, { body, headers: body ? { 'content-type': 'application/json' } : {} });
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });

  it("the status shows the host's pid, paths and streams to the owner only; a user sees version, phones and who is online", async () => {
    const full = await owner.status();
    expect(full).toMatchObject({ pid: daemon.pid, home, socket: join(home, 'guru.sock'), watchers: expect.any(Number) });
    const seen = await bia.status();
    expect(seen).toMatchObject({ pid: null, home: null, socket: null, log: null, watchers: null, version: full.version });
    expect(seen.phones.map((p) => p.number)).toEqual(full.phones.map((p) => p.number));
    expect(JSON.stringify(seen)).not.toContain(home);
  });

  it('a 10 MB body → 413, and the daemon stays up', async () => {
    const res = await raw('POST', '/v1/users', { body: Buffer.alloc(10 * 1024 * 1024, 'a'), headers: { 'content-type': 'application/json' } }).catch(
      (err: NodeJS.ErrnoException) => ({ status: err.code === 'EPIPE' || err.code === 'ECONNRESET' ? 413 : 0, body: null }),
    );
    expect(res.status).toBe(413);
    expect((await owner.status()).pid).toBe(daemon.pid);
  });

  it('a wrong password is refused; five in a minute throttle that email, even for the right one', async () => {
    const anon = apiClient(home, null);
    for (let i = 0; i < 5; i++) await expect(anon.login('bia@acme.com', 'wrong-password')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(anon.login('bia@acme.com', PASSWORD)).rejects.toThrow(/too many wrong passwords for bia@acme\.com — wait \d+ s/);
    expect((await anon.login('caio@acme.com', PASSWORD)).user.email).toBe('caio@acme.com'); // others unaffected
  });

  it('the daemon answers normally after all of the above', async () => {
    expect((await owner.operations().users.list()).map((u) => u.email)).toEqual(['ana@acme.com', 'bia@acme.com', 'caio@acme.com']);
    const { stdout } = await guruOk(home, ['daemon', 'status', '--json']);
    expect(JSON.parse(stdout).pid).toBe(daemon.pid);
  });

  it('the daemon warns a client of another version once', async () => {
    const warnings: string[] = [];
    const old = apiClient(home, ownerToken(home), '0.0.1');
    (old.options as any).onVersionMismatch = (v: string) => warnings.push(v);
    await old.status();
    await old.status();
    expect(warnings).toEqual(['0.1.0']);
  });
});
