import { auditedFileStores } from '../helpers/engine.js';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENGINE_OPERATIONS, SERVICE_OPERATIONS } from '../../src/api/operations.js';
import { DaemonClient } from '../../src/client/http.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import { SOCKET_ORIGIN } from '../../src/core/origin.js';
import { EventHub } from '../../src/core/events.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { inProcessRouter } from '../helpers/in-process-router.js';

const PW = 'correct horse battery';
const OWNER_TOKEN = 'o'.repeat(64);
const PHONE = '+5511999990000';

/**
 * Client call → declaration → router → engine, over a real unix socket: the typed client and
 * the router are both derived from `src/api/operations.ts`, so what one encodes the other
 * decodes into exactly the engine's arguments.
 */
describe('declared operations round trip', () => {
  let dir: string;
  let store: DurableStores;
  let engine: Engine;
  let server: Server;
  let socket: string;
  let owner: DaemonClient;
  const seen: string[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('guru-api-');
    const events = new EventHub();
    store = await auditedFileStores(join(dir, 'data'), events);
    engine = new Engine({ stores: store, stateNow: () => store.stateNow(), events });
    await engine.as(OWNER).account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    const { router } = inProcessRouter(engine, OWNER_TOKEN);
    socket = join(dir, 'api.sock');
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      void router.handle(req, res, SOCKET_ORIGIN);
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    owner = new DaemonClient({ socket, token: OWNER_TOKEN, version: '0.1.0' });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
    await removeDir(dir);
  });

  const last = () => seen.at(-1);

  it('engine operations: positional arguments travel as the declaration says and arrive intact', async () => {
    const ops = owner.operations();
    await ops.departments.add('Vendas', ['chats.send']);
    expect(last()).toBe('POST /v1/departments');
    const added = await ops.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW, departments: ['Vendas'], visibleName: 'Bia V' });
    expect(added).toMatchObject({ email: 'bia@acme.com', visibleName: 'Bia V', departments: ['Vendas'], effectivePermissions: ['chats.send'] });
    const edited = await ops.users.edit('bia@acme.com', { email: 'bia.s@acme.com', addPermissions: ['audit.view'] });
    expect(last()).toBe('PATCH /v1/users/bia%40acme.com');
    expect(edited).toMatchObject({ email: 'bia.s@acme.com', permissions: ['audit.view'] });
    // What came back over the wire is what the engine itself answers.
    expect(await ops.users.show('bia.s@acme.com')).toEqual(await engine.as(OWNER).users.show('bia.s@acme.com'));

    await ops.phones.add(PHONE, 'Loja');
    await ops.roundRobin.add(PHONE, 'user:bia.s@acme.com', { times: 2, skipOffline: true });
    const rr = await ops.roundRobin.set(PHONE, 2, { active: false });
    expect(last()).toBe(`PATCH /v1/round-robins/${encodeURIComponent(PHONE)}/entries/2`);
    expect(rr.entries.map((e) => [e.position, e.active, e.skipOffline])).toEqual([
      [1, true, true],
      [2, false, true],
    ]);
    const simulated = await ops.roundRobin.simulate(PHONE, { next: 3, online: ['bia.s@acme.com'] });
    expect(last()).toBe(`GET /v1/round-robins/${encodeURIComponent(PHONE)}/simulate?next=3&online=bia.s%40acme.com`);
    expect(simulated.decisions).toHaveLength(3);
    expect(simulated.online).toEqual(['bia.s@acme.com']);

    const since = new Date(Date.now() - 60_000);
    const audit = await ops.audit.list({ since });
    expect(last()).toBe(`GET /v1/audit?since=${encodeURIComponent(since.toISOString())}`);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['department.add', 'user.add', 'user.edit', 'phone.add']));
    // Every answer fits its declared output schema.
    expect(() => ENGINE_OPERATIONS['audit.list'].output(z).parse(audit)).not.toThrow();
    expect(() => ENGINE_OPERATIONS['roundRobin.simulate'].output(z).parse(simulated)).not.toThrow();
    expect(() => ENGINE_OPERATIONS['users.edit'].output(z).parse(edited)).not.toThrow();
  });

  it('the daemon’s own operations go the same way: login, whoami, logout', async () => {
    const anon = new DaemonClient({ socket, token: null, version: '0.1.0' });
    const { token, user } = await anon.login('ana@acme.com', PW);
    expect(last()).toBe('POST /v1/login');
    expect(user.email).toBe('ana@acme.com');
    const ana = new DaemonClient({ socket, token, version: '0.1.0' });
    const me = await ana.whoami();
    expect(me).toMatchObject({ owner: false, user: { email: 'ana@acme.com', role: 'admin' } });
    expect(() => SERVICE_OPERATIONS.whoami.output(z).parse(me)).not.toThrow();
    await ana.logout();
    await expect(ana.whoami()).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(owner.logout()).rejects.toMatchObject({ code: 'invalid_input', message: /owner token has no session/ });
  });

  it('invites the same way: issued as an engine operation, redeemed without credentials for a session', async () => {
    const ops = owner.operations();
    await ops.users.add({ email: 'caio@acme.com', name: 'Caio' });
    const invite = await ops.users.invite('caio@acme.com');
    expect(last()).toBe('POST /v1/users/caio%40acme.com/invite');
    expect(() => ENGINE_OPERATIONS['users.invite'].output(z).parse(invite)).not.toThrow();
    if (invite.delivery.via !== 'admin') throw new Error('no phone here: the text comes back');
    const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(invite.delivery.text)![0];
    const anon = new DaemonClient({ socket, token: null, version: '0.1.0' });
    const { token, user } = await anon.redeemInvite('caio@acme.com', code, 'caio-chose-this');
    expect(last()).toBe('POST /v1/invites/redeem');
    expect(user).toMatchObject({ email: 'caio@acme.com', passwordSet: true });
    expect(await new DaemonClient({ socket, token, version: '0.1.0' }).whoami()).toMatchObject({ user: { email: 'caio@acme.com' } });
    await expect(anon.redeemInvite('caio@acme.com', code, 'caio-chose-this')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('a request that does not fit its schema is refused with what was wrong, before the engine runs', async () => {
    const before = (await engine.as(OWNER).users.list()).length;
    const answer = await raw('POST', '/v1/users', JSON.stringify({ email: 'x@acme.com', name: 7, password: PW }));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'invalid_input', message: 'invalid request body — name: Invalid input: expected string, received number' } });
    const position = await raw('DELETE', `/v1/round-robins/${encodeURIComponent(PHONE)}/entries/first`);
    expect(position.body.error.message).toMatch(/^invalid path — position: /);
    const query = await raw('GET', '/v1/chats?status=someday');
    expect(query.body.error.message).toMatch(/^invalid query — status: /);
    expect((await engine.as(OWNER).users.list()).length).toBe(before);
  });

  it('streams are declared and served like the rest: the watch starts with the caller’s snapshot', async () => {
    const events: unknown[] = [];
    const handle = await owner.watch((e) => events.push(e));
    for (let i = 0; i < 100 && events.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(events[0]).toMatchObject({ type: 'snapshot', me: { owner: true, user: null }, phones: [{ number: PHONE, linkState: 'unlinked' }] });
    await engine.as(OWNER).phones.add('+5521988880000');
    for (let i = 0; i < 100 && events.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(events[1]).toMatchObject({ type: 'audit', entry: { action: 'phone.add', target: '+5521988880000' } });
    handle.close();
    await handle.done;
  });

  function raw(method: string, path: string, body?: string) {
    return new Promise<{ status: number; body: { error: { code: string; message: string } } }>((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${OWNER_TOKEN}` };
      if (body) headers['content-type'] = 'application/json';
      const req = request({ socketPath: socket, method, path, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
});
