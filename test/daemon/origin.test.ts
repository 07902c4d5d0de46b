import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACT_AS_HEADER } from '../../src/api/protocol.js';
import { Engine } from '../../src/core/engine.js';
import { EventHub } from '../../src/core/events.js';
import { OWNER } from '../../src/core/model.js';
import { SOCKET_ORIGIN, tcpOrigin } from '../../src/core/origin.js';
import { openStores } from '../../src/store/open.js';
import type { FileStores } from '../../src/store/store.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { inProcessRouter } from '../helpers/in-process-router.js';

const PW = 'correct horse battery';
const OWNER_TOKEN = 'o'.repeat(64);

/**
 * The daemon's one router behind two doors, as the daemon wires it: a unix socket (origin
 * "socket") and TCP on 127.0.0.1 (origin "tcp" with the peer's address). The same credentials
 * must mean different things: the owner token and `--as` only count on the socket.
 */
describe('origin-aware authentication (router behind a socket and a TCP door)', () => {
  let dir: string;
  let store: FileStores;
  let socketServer: Server;
  let tcpServer: Server;
  let socket: string;
  let port: number;
  let bia: string;
  let ana: string;
  const origins: string[] = [];

  beforeAll(async () => {
    dir = await makeTempDir('guru-origin-');
    store = await openStores({ kind: 'files', home: join(dir, 'data'), lock: 'hold', create: true });
    const engine = new Engine({ stores: store, stateNow: () => store.stateNow(), events: new EventHub() });
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    const { router } = inProcessRouter(engine, OWNER_TOKEN);
    socket = join(dir, 'api.sock');
    socketServer = createServer((req, res) => void router.handle(req, res, SOCKET_ORIGIN));
    tcpServer = createServer((req, res) => {
      const origin = tcpOrigin(req.socket.remoteAddress!);
      origins.push(JSON.stringify(origin));
      void router.handle(req, res, origin);
    });
    await new Promise<void>((resolve) => socketServer.listen(socket, resolve));
    await new Promise<void>((resolve) => tcpServer.listen(0, '127.0.0.1', resolve));
    port = (tcpServer.address() as AddressInfo).port;
    ana = (await engine.sessions.login('ana@acme.com', PW)).token;
    bia = (await engine.sessions.login('bia@acme.com', PW)).token;
  });

  afterAll(async () => {
    await new Promise((resolve) => socketServer?.close(resolve));
    await new Promise((resolve) => tcpServer?.close(resolve));
    await store?.close();
    if (dir) await removeDir(dir);
  });

  type Door = 'socket' | 'tcp';
  const call = (door: Door, path: string, token: string | null, extra: Record<string, string> = {}, body?: unknown) =>
    new Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }>((resolve, reject) => {
      const headers: Record<string, string> = { ...extra };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const where = door === 'socket' ? { socketPath: socket } : { host: '127.0.0.1', port };
      const req = request({ ...where, method: body === undefined ? 'GET' : 'POST', path, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  it('the owner token works on the socket and is refused over TCP, with the next step', async () => {
    expect(await call('socket', '/v1/whoami', OWNER_TOKEN)).toMatchObject({ status: 200, body: { owner: true } });
    const remote = await call('tcp', '/v1/whoami', OWNER_TOKEN);
    expect(remote.status).toBe(401);
    expect(remote.body.error).toEqual({
      code: 'unauthenticated',
      message: 'the owner token works only on the local socket — log in as a user with `guru login --server HOST:PORT --email …`',
    });
    // Not even for what needs no more than a session (listing users), nor owner-only routes.
    expect((await call('tcp', '/v1/users', OWNER_TOKEN)).status).toBe(401);
    expect((await call('tcp', '/v1/shutdown', OWNER_TOKEN, {}, {})).status).toBe(401);
    expect(origins.at(-1)).toBe(JSON.stringify({ kind: 'tcp', address: '127.0.0.1' }));
  });

  it('--as works with the owner token on the socket only; over TCP it is refused for everyone', async () => {
    expect(await call('socket', '/v1/whoami', OWNER_TOKEN, { [ACT_AS_HEADER]: 'bia@acme.com' })).toMatchObject({
      status: 200,
      body: { owner: false, user: { email: 'bia@acme.com' } },
    });
    // The owner token over TCP is no credential at all, with or without --as.
    expect((await call('tcp', '/v1/whoami', OWNER_TOKEN, { [ACT_AS_HEADER]: 'bia@acme.com' })).body.error?.code).toBe('unauthenticated');
    // A real session (even an admin's) asking to act as someone else over TCP: refused, and said why.
    const admin = await call('tcp', '/v1/whoami', ana, { [ACT_AS_HEADER]: 'bia@acme.com' });
    expect(admin.status).toBe(403);
    expect(admin.body.error).toEqual({
      code: 'permission_denied',
      message: 'acting as another user (--as) works only on the local socket — over the network, log in as that user',
    });
    // On the socket a user forging --as is refused as before.
    const forged = await call('socket', '/v1/whoami', bia, { [ACT_AS_HEADER]: 'ana@acme.com' });
    expect(forged).toMatchObject({
      status: 403,
      body: { error: { code: 'permission_denied', message: 'only the installation owner may act as another user (--as)' } },
    });
  });

  it('user sessions and logging in work through both doors', async () => {
    expect(await call('tcp', '/v1/whoami', bia)).toMatchObject({ status: 200, body: { owner: false, user: { email: 'bia@acme.com' } } });
    expect(await call('socket', '/v1/whoami', bia)).toMatchObject({ status: 200, body: { user: { email: 'bia@acme.com' } } });
    const login = await call('tcp', '/v1/login', null, {}, { email: 'bia@acme.com', password: PW });
    expect(login.status).toBe(200);
    expect(await call('tcp', '/v1/whoami', login.body.token as string)).toMatchObject({ status: 200, body: { user: { email: 'bia@acme.com' } } });
  });
});
