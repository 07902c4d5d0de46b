import { once } from 'node:events';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/client/http.js';
import { probeServer } from '../../src/client/tls-connect.js';
import type { WatchEvent } from '../../src/api/protocol.js';
import { GuruError } from '../../src/core/errors.js';
import { fixtureCert, type TestCert } from '../helpers/certs.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The client's TLS transport against a real HTTPS server in this process (no daemon): the
 * pin is checked before any HTTP byte leaves, the request and the NDJSON stream work over it.
 * The server counts, per TLS connection, the bytes of application data it received.
 */
describe('DaemonClient over TLS', () => {
  let served: TestCert;
  let other: TestCert;
  let server: Server;
  let port: number;
  /** TCP connections accepted, and the application bytes received over all of them. */
  let connections = 0;
  let received = 0;
  const requests: string[] = [];

  beforeAll(async () => {
    [served, other] = [fixtureCert('first'), fixtureCert('replaced')];
    server = createHttpsServer({ cert: served.cert, key: served.key, minVersion: 'TLSv1.3' }, (req, res) => {
      requests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.setHeader('guru-version', '0.1.0');
      if (req.url === '/v1/whoami') return res.end(JSON.stringify({ owner: false, user: null }));
      if (req.url === '/v1/status') {
        res.statusCode = 401;
        return res.end(JSON.stringify({ error: { code: 'unauthenticated', message: 'no credentials — log in with `guru login`' } }));
      }
      if (req.url === '/v1/watch') {
        res.writeHead(200, { 'content-type': 'application/x-ndjson', 'guru-heartbeat-ms': '60000' });
        res.write(`${JSON.stringify({ type: 'snapshot', me: { owner: false, user: null }, online: [], phones: [] })}\n`);
        // Split across writes: the client joins lines that arrive in pieces.
        const heartbeat = JSON.stringify({ type: 'heartbeat', time: new Date(0).toISOString() });
        res.write(heartbeat.slice(0, 10));
        setTimeout(() => res.end(`${heartbeat.slice(10)}\n`), 20);
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'no such route' } }));
    });
    server.on('connection', () => connections++);
    server.on('secureConnection', (socket: TLSSocket) => {
      socket.on('data', (chunk: Buffer) => (received += chunk.length));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = (fingerprint: string | null, token: string | null = 'secret-token') =>
    new DaemonClient({ server: { host: '127.0.0.1', port, fingerprint }, token, version: '0.1.0', timeoutMs: 10_000 });

  it('the probe reads the fingerprint node reports for the certificate, with no HTTP', async () => {
    const before = { connections, received, requests: requests.length };
    const identity = await probeServer({ host: '127.0.0.1', port });
    expect(identity).toMatchObject({ fingerprint: served.fingerprint, trustedBySystem: false });
    expect(identity.untrustedBecause).toMatch(/SELF_SIGNED/);
    await waitFor(() => connections === before.connections + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect({ received, requests: requests.length }).toEqual({ received: before.received, requests: before.requests });
  });

  it('pinned to the served certificate, requests and streams work', async () => {
    const before = requests.length;
    const bytes = received;
    expect(await client(served.fingerprint).whoami()).toEqual({ owner: false, user: null });
    expect(requests[before]).toBe('GET /v1/whoami Bearer secret-token');
    expect(received).toBeGreaterThan(bytes); // the counter the refusals rely on does count
    const events: WatchEvent[] = [];
    const stream = await client(served.fingerprint).watch((e) => events.push(e));
    await stream.done;
    expect(events.map((e) => e.type)).toEqual(['snapshot', 'heartbeat']);
    expect(stream.error).toBeUndefined();
  });

  it('a certificate that is not the pinned one is refused, naming both, and not one byte of the request is sent', async () => {
    const before = { requests: requests.length, connections, received };
    const err = await client(other.fingerprint)
      .whoami()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuruError);
    expect((err as GuruError).code).toBe('permission_denied');
    expect((err as GuruError).message).toContain('HAS CHANGED');
    expect((err as GuruError).message).toContain(`pinned:    ${other.fingerprint}`);
    expect((err as GuruError).message).toContain(`presented: ${served.fingerprint}`);
    expect((err as GuruError).message).toContain(`guru login --server 127.0.0.1:${port} --fingerprint ${served.fingerprint}`);
    // The refused connection is over: the server saw its handshake and not one byte after it.
    await waitFor(() => connections === before.connections + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toBe(before.received);
    expect(requests.length).toBe(before.requests);
    // Streams are refused the same way.
    await expect(client(other.fingerprint).watch(() => undefined)).rejects.toMatchObject({ code: 'permission_denied' });
    expect(requests.length).toBe(before.requests);
  });

  it('without a pin, a certificate no CA vouches for is refused, naming its fingerprint and the flag', async () => {
    const before = requests.length;
    const err = (await client(null)
      .whoami()
      .catch((e: unknown) => e)) as GuruError;
    expect(err.code).toBe('permission_denied');
    expect(err.message).toContain(`--fingerprint ${served.fingerprint}`);
    expect(requests.length).toBe(before);
  });

  it('a server\'s "log in" names the server to log in to', async () => {
    await expect(client(served.fingerprint).status()).rejects.toMatchObject({
      code: 'unauthenticated',
      message: `no credentials — log in with \`guru login --server 127.0.0.1:${port}\``,
    });
  });

  it('nothing listening: daemon unreachable (exit 3), naming the address', async () => {
    const closed = createTcpServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const free = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const lost = new DaemonClient({ server: { host: '127.0.0.1', port: free, fingerprint: served.fingerprint }, token: null, version: '0.1.0' });
    await expect(lost.whoami()).rejects.toMatchObject({ code: 'daemon_unreachable', message: expect.stringContaining(`127.0.0.1:${free}`) });
  });

  it('a server that never finishes the handshake: the request fails at its bound and the connection is dropped', async () => {
    let closed = false;
    const silent: TcpServer = createTcpServer((socket) => socket.on('close', () => (closed = true)).resume());
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const where = (silent.address() as AddressInfo).port;
      const stuck = new DaemonClient({
        server: { host: '127.0.0.1', port: where, fingerprint: served.fingerprint },
        token: 'secret-token',
        version: '0.1.0',
        timeoutMs: 300,
      });
      await expect(stuck.whoami()).rejects.toMatchObject({ message: expect.stringMatching(/did not answer within 0\.3 s/) });
      await waitFor(() => closed, 5_000);
    } finally {
      await new Promise((r) => silent.close(r));
    }
  });

  it('a port that does not speak TLS: a clear error, nothing sent', async () => {
    let got = Buffer.alloc(0);
    const plain: TcpServer = createTcpServer((socket) => {
      socket.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    plain.listen(0, '127.0.0.1');
    await once(plain, 'listening');
    const where = (plain.address() as AddressInfo).port;
    try {
      const wrong = new DaemonClient({ server: { host: '127.0.0.1', port: where, fingerprint: served.fingerprint }, token: 'secret-token', version: '0.1.0' });
      const err = (await wrong.whoami().catch((e: unknown) => e)) as GuruError;
      expect(err).toBeInstanceOf(GuruError);
      expect(err.message).toMatch(/TLS/);
      expect(err.message).toMatch(/nothing was sent/);
    } finally {
      await new Promise((r) => plain.close(r));
    }
    // What the server got was the start of a handshake, never the request.
    expect(got.length).toBeGreaterThan(0);
    expect(got.includes('secret-token')).toBe(false);
    expect(got.includes('GET /v1')).toBe(false);
  });
});
