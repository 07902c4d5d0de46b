import { createHash, createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACT_AS_HEADER, MAX_BODY_BYTES } from '../../src/api/protocol.js';
import { DaemonClient } from '../../src/client/http.js';
import { memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { boundedAll, rawRequest, type NetTarget, type RawResponse } from '../helpers/raw-http.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';
import { closedByServer, peerCertificate, silentConnection } from '../helpers/tls.js';
import { waitFor } from '../helpers/wait.js';

/**
 * The daemon's network door, against the real daemon: `guru daemon start --listen 127.0.0.1:0`
 * serves the same /v1 API over TLS 1.3 with a self-signed certificate made on first start; the
 * owner token and `--as` count only on the socket; caps and timeouts hold under a storm of
 * logins and of idle connections while legitimate callers get through. Each 127.0.0.x address
 * stands for another machine (Linux routes all of 127/8 to loopback).
 */
const ENV = {
  GURU_TRANSPORT: 'memory',
  GURU_TCP_MAX_PER_ADDRESS: '40',
  GURU_TCP_MAX_CONNECTIONS: '100',
  GURU_TCP_HANDSHAKE_TIMEOUT_MS: '2000',
  GURU_TCP_HEADERS_TIMEOUT_MS: '2000',
  // An address is locked after 10 wrong passwords (30 by default): the storm spends fewer scrypt checks.
  GURU_LOGIN_MAX_FAILURES_PER_SOURCE: '10',
};

describe('network door (real daemon over TLS)', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let cert: string;
  let port: number;
  const run = (args: string[]) => guru(home, args, { env: ENV });
  const at = (localAddress?: string): NetTarget => ({ host: '127.0.0.1', port, ca: cert, ...(localAddress ? { localAddress } : {}) });
  const json = (res: RawResponse) => JSON.parse(res.text) as { error?: { code: string; message: string } } & Record<string, unknown>;
  const call = (target: string | NetTarget, method: string, path: string, token: string | null, body?: unknown, extra: Record<string, string> = {}) => {
    const headers: Record<string, string | number> = { ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    if (text !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(text);
    }
    return rawRequest(target, { method, path, headers, body: text, timeoutMs: 20_000 });
  };
  const login = async (target: string | NetTarget, email: string) =>
    json(await call(target, 'POST', '/v1/login', null, { email, password: PASSWORD })).token as string;
  const restart = async (args: string[]) => {
    await daemon.stop();
    daemon = await startDaemon(home, { env: ENV }, args);
    port = Number(daemon.listen?.address.split(':').at(-1));
  };

  beforeAll(async () => {
    dir = await makeTempDir('guru-door-');
    home = join(dir, 'data');
    await seedTeam(home);
    daemon = await startDaemon(home, { env: ENV }, ['--listen', '127.0.0.1:0']);
    port = Number(daemon.listen!.address.split(':').at(-1));
    cert = await readFile(join(home, 'tls', 'cert.pem'), 'utf8');
  });
  afterAll(async () => {
    await daemon?.stop();
    if (dir) await removeDir(dir);
  });

  it('first start makes a self-signed certificate (0600 files, 0700 dir); status shows the fingerprint that is served', async () => {
    expect((await stat(join(home, 'tls'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(home, 'tls', 'cert.pem'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'tls', 'key.pem'))).mode & 0o777).toBe(0o600);
    const names = new X509Certificate(cert).subjectAltName ?? '';
    expect(names).toContain('DNS:localhost');
    expect(names).toContain('IP Address:127.0.0.1');
    expect(names).toMatch(/IP Address:(0:0:0:0:0:0:0:1|::1)/);

    const status = JSON.parse((await guruOk(home, ['daemon', 'status', '--json'])).stdout) as {
      listen: { address: string; tls: boolean; fingerprint: string };
    };
    expect(status.listen).toEqual({ address: `127.0.0.1:${port}`, tls: true, fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const served = await peerCertificate('127.0.0.1', port);
    served.socket.destroy();
    expect(served.fingerprint).toBe(status.listen.fingerprint);
    expect(served.protocol).toBe('TLSv1.3');
    const human = (await guruOk(home, ['daemon', 'status'])).stdout;
    expect(human).toContain(`Listen\thttps://127.0.0.1:${port}\n`);
    expect(human).toContain(`Fingerprint\t${status.listen.fingerprint}\n`);
  });

  it('an invite sent over WhatsApp names the door: its address and the fingerprint to pin', async () => {
    const added = await run(['user', 'add', '--email', 'dan@acme.com', '--name', 'Dan', '--whatsapp', '+5511988887777', '--invite']);
    expect(added.code, added.stderr).toBe(0);
    const sent = await memoryPhone(home, SP).outbox();
    const invite = sent.find((m) => m.to.startsWith('5511988887777'));
    expect(invite?.text).toContain(`--server 127.0.0.1:${port}`);
    expect(invite?.text).toContain(`--fingerprint ${daemon.listen!.fingerprint}`);
  });

  it('TLS 1.2 is refused; TLS 1.3 with the served certificate as the trust anchor works', async () => {
    await expect(peerCertificate('127.0.0.1', port, { maxVersion: 'TLSv1.2' })).rejects.toThrow(/protocol version|unsupported protocol|alert/i);
    const bia = await login(at(), 'bia@acme.com');
    expect(json(await call(at(), 'GET', '/v1/whoami', bia))).toMatchObject({ owner: false, user: { email: 'bia@acme.com' } });
    // The product's own client, pinned to the fingerprint status shows, gets in; pinned to another, it is refused.
    const fingerprint = daemon.listen!.fingerprint!;
    const pinned = new DaemonClient({ server: { host: '127.0.0.1', port, fingerprint }, token: null, version: '0.1.0' });
    const { token } = await pinned.login('bia@acme.com', PASSWORD);
    expect(await new DaemonClient({ server: { host: '127.0.0.1', port, fingerprint }, token, version: '0.1.0' }).whoami()).toMatchObject({
      user: { email: 'bia@acme.com' },
    });
    const other = `sha256:${'0'.repeat(64)}`;
    await expect(new DaemonClient({ server: { host: '127.0.0.1', port, fingerprint: other }, token, version: '0.1.0' }).whoami()).rejects.toThrow(
      fingerprint.slice(7, 20),
    );
  });

  it('the owner token and --as are refused over TCP, and work on the socket', async () => {
    const socket = join(home, 'guru.sock');
    const owner = ownerToken(home);
    const remote = await call(at(), 'GET', '/v1/whoami', owner);
    expect(remote.status).toBe(401);
    expect(json(remote).error).toEqual({
      code: 'unauthenticated',
      message: expect.stringMatching(/^the owner token works only on the local socket — log in as a user with `guru login --server/),
    });
    expect((await call(at(), 'POST', '/v1/shutdown', owner, {})).status).toBe(401);
    expect(json(await call(socket, 'GET', '/v1/whoami', owner))).toMatchObject({ owner: true });

    const ana = await login(at(), 'ana@acme.com');
    const asBia = { [ACT_AS_HEADER]: 'bia@acme.com' };
    const forged = await call(at(), 'GET', '/v1/whoami', ana, undefined, asBia);
    expect(forged.status).toBe(403);
    expect(json(forged).error?.message).toMatch(/--as\) works only on the local socket/);
    expect((await call(at(), 'GET', '/v1/whoami', owner, undefined, asBia)).status).toBe(401);
    expect(json(await call(socket, 'GET', '/v1/whoami', owner, undefined, asBia))).toMatchObject({ user: { email: 'bia@acme.com' } });
  });

  it('the same API: error format, version header, body cap, and the request log names the peer', async () => {
    const bia = await login(at(), 'bia@acme.com');
    const missing = await call(at(), 'GET', '/v1/nowhere', bia);
    expect(missing.status).toBe(404);
    expect(json(missing).error?.code).toBe('not_found');
    expect(missing.headers['guru-version']).toBeDefined();
    const big = await rawRequest(at(), {
      method: 'POST',
      path: '/v1/login',
      headers: { 'content-type': 'application/json', 'content-length': MAX_BODY_BYTES + 1 },
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
    });
    expect(big.status).toBe(413);
    expect(json(big).error?.message).toMatch(/request body too large/);
    // A request only this test makes, so its line is the one found.
    await call(at(), 'GET', '/v1/users/caio%40acme.com', bia);
    const logged = async () => (await readFile(join(home, 'daemon.log'), 'utf8')).split('\n').find((l) => l.includes('"path":"/v1/users/caio%40acme.com"'));
    await waitFor(async () => (await logged()) !== undefined);
    const line = (await logged())!;
    expect(JSON.parse(line)).toMatchObject({ msg: 'request', method: 'GET', status: 200, from: '127.0.0.1' });
  });

  it('a storm of 1k logins from one address is throttled, while a user from another address logs in', async () => {
    const storm = at('127.0.0.3');
    const started = Date.now();
    // Password spraying: one guess on many emails, 30 at a time over their own connections.
    const attempts = Array.from(
      { length: 1000 },
      (_, i) => () => call(storm, 'POST', '/v1/login', null, { email: `guess${i}@acme.com`, password: 'Summer2026!' }),
    );
    const stormDone = boundedAll(30, attempts);
    const legit = await login(at('127.0.0.4'), 'caio@acme.com');
    const answers = await stormDone;
    const elapsed = Date.now() - started;
    expect(json(await call(at('127.0.0.4'), 'GET', '/v1/whoami', legit))).toMatchObject({ user: { email: 'caio@acme.com' } });
    const byStatus: Record<number, number> = {};
    for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    // Checked (401): at most the per-address budget (10 here) plus the checks in flight (3); the rest refused unchecked.
    expect(byStatus[401]).toBeGreaterThanOrEqual(10);
    expect(byStatus[401]).toBeLessThanOrEqual(13);
    expect(byStatus[429]).toBe(1000 - byStatus[401]!);
    for (const a of answers.filter((x) => x.status === 429))
      expect(json(a).error?.message).toMatch(/^too many (wrong passwords|logins at once) from 127\.0\.0\.3 — wait/);
    // The address is locked, even with a right password; the socket and other addresses are not.
    const locked = await call(storm, 'POST', '/v1/login', null, { email: 'bia@acme.com', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(json(locked).error?.message).toMatch(/^too many wrong passwords from 127\.0\.0\.3 — wait \d+ min and try again$/);
    expect(await login(join(home, 'guru.sock'), 'bia@acme.com')).toMatch(/^[0-9a-f]{64}$/);
    console.log(`login storm: 1000 attempts from one address answered in ${elapsed} ms, ${byStatus[401]} checked, ${byStatus[429]} refused`);
  });

  it('500 idle connections from one address are capped and dropped, a full door says so, and legitimate requests get through', async () => {
    // A client that finishes its handshake and then says nothing is dropped, with a 408.
    const { socket: quiet } = await peerCertificate('127.0.0.1', port, { localAddress: '127.0.0.10' });
    let heard = '';
    quiet.on('data', (d: Buffer) => (heard += d.toString()));
    // The cap (40 per address) filled by silent connections…
    const idle: Socket[] = await Promise.all(Array.from({ length: 40 }, () => silentConnection('127.0.0.1', port, '127.0.0.5')));
    // …the next connection from that address is answered with a JSON 429 and a next step, then closed.
    const over = await call(at('127.0.0.5'), 'GET', '/v1/status', null);
    expect(over.status).toBe(429);
    expect(json(over).error).toEqual({ code: 'limit', message: expect.stringMatching(/^too many connections from 127\.0\.0\.5 \(limit 40\) — close some/) });
    // The rest of the 500: refused at once (beyond those waiting for their answer).
    idle.push(
      ...(
        await boundedAll(
          50,
          Array.from({ length: 460 }, () => () => silentConnection('127.0.0.1', port, '127.0.0.5').catch(() => null)),
        )
      ).filter((s): s is Socket => s !== null),
    );
    // Someone else is served meanwhile.
    const caio = await login(at('127.0.0.6'), 'caio@acme.com');
    expect((await call(at('127.0.0.6'), 'GET', '/v1/whoami', caio)).status).toBe(200);

    // The total (100): two more addresses fill it; a third is told the server is full.
    idle.push(...(await Promise.all(Array.from({ length: 40 }, () => silentConnection('127.0.0.1', port, '127.0.0.7')))));
    idle.push(...(await Promise.all(Array.from({ length: 20 }, () => silentConnection('127.0.0.1', port, '127.0.0.8')))));
    const full = await call(at('127.0.0.9'), 'GET', '/v1/status', null);
    expect(full.status).toBe(503);
    expect(json(full).error).toEqual({ code: 'limit', message: 'the server has too many open connections (limit 100) — try again in a few seconds' });

    // Every silent connection is closed by the daemon (handshake and header timeouts: 2 s here).
    await Promise.all([...idle, quiet].map((s) => closedByServer(s)));
    expect(heard).toMatch(/^HTTP\/1\.1 408 /);
    // And with them gone, the third address gets in.
    expect((await call(at('127.0.0.9'), 'GET', '/v1/whoami', caio)).status).toBe(200);
  });

  it('--tls-cert/--tls-key serve a CA-signed certificate instead, trusted through its CA; a wrong pair is refused', async () => {
    const ca = await makeCaAndLeaf();
    await writeFile(join(dir, 'leaf.pem'), `${ca.leaf.trim()}\n${ca.ca.trim()}\n`);
    await writeFile(join(dir, 'leaf.key'), ca.leafKey, { mode: 0o600 });
    await writeFile(join(dir, 'other.key'), ca.caKey, { mode: 0o600 });
    const selfSigned = await readFile(join(home, 'tls', 'cert.pem'), 'utf8');

    await restart(['--listen', '127.0.0.1:0', '--tls-cert', join(dir, 'leaf.pem'), '--tls-key', join(dir, 'leaf.key')]);
    const expected = `sha256:${createHash('sha256').update(new X509Certificate(ca.leaf).raw).digest('hex')}`;
    expect(daemon.listen).toEqual({ address: `127.0.0.1:${port}`, tls: true, fingerprint: expected });
    const served = await peerCertificate('127.0.0.1', port);
    served.socket.destroy();
    expect(served.fingerprint).toBe(expected);
    // Trusted through the CA alone (the usual system-store case), host name checked.
    const bia = await login({ host: '127.0.0.1', port, ca: ca.ca }, 'bia@acme.com');
    expect(bia).toMatch(/^[0-9a-f]{64}$/);
    // The data dir's own pair is kept for when the flags go.
    expect(await readFile(join(home, 'tls', 'cert.pem'), 'utf8')).toBe(selfSigned);

    await daemon.stop();
    const wrong = await run(['daemon', 'run', '--listen', '127.0.0.1:0', '--tls-cert', join(dir, 'leaf.pem'), '--tls-key', join(dir, 'other.key')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/does not belong to the certificate/);
    const half = await run(['daemon', 'start', '--listen', '127.0.0.1:0', '--tls-cert', join(dir, 'leaf.pem')]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--tls-cert and --tls-key go together/);
    daemon = await startDaemon(home, { env: ENV }, ['--listen', '127.0.0.1:0']);
    port = Number(daemon.listen!.address.split(':').at(-1));
    expect(daemon.listen?.fingerprint).toBe(`sha256:${createHash('sha256').update(new X509Certificate(selfSigned).raw).digest('hex')}`);
  });

  it('--no-tls is refused off loopback; on loopback it serves plain HTTP, still without the owner token', async () => {
    for (const command of ['run', 'start']) {
      const refused = await run(['daemon', command, '--listen', '0.0.0.0:7433', '--no-tls']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/--no-tls works only on a loopback address/);
    }
    await restart(['--listen', '127.0.0.1:0', '--no-tls']);
    expect(daemon.listen).toEqual({ address: `127.0.0.1:${port}`, tls: false, fingerprint: null });
    const plain: NetTarget = { host: '127.0.0.1', port, ca: null };
    expect((await call(plain, 'GET', '/v1/whoami', ownerToken(home))).status).toBe(401);
    const bia = await login(plain, 'bia@acme.com');
    expect(json(await call(plain, 'GET', '/v1/whoami', bia))).toMatchObject({ user: { email: 'bia@acme.com' } });
    expect((await guruOk(home, ['daemon', 'status'])).stdout).toContain(`Listen\thttp://127.0.0.1:${port} (no TLS: for a reverse proxy)\n`);
  });

  it('`guru account set --listen` is stored and used when the daemon starts without --listen; only the owner may set it', async () => {
    const free = await freePort();
    const set = await run(['account', 'set', '--listen', `127.0.0.1:${free}`, '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ listen: `127.0.0.1:${free}` });
    const admin = await login(join(home, 'guru.sock'), 'ana@acme.com');
    const byAdmin = await call(join(home, 'guru.sock'), 'PATCH', '/v1/account', admin, { listen: '0.0.0.0:7433' });
    expect(byAdmin.status).toBe(403);
    expect(json(byAdmin).error?.message).toMatch(/only the installation owner may change where the daemon listens/);
    const bad = await run(['account', 'set', '--listen', 'guru.acme.com']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--listen takes HOST:PORT/);

    await restart([]);
    expect(daemon.listen).toMatchObject({ address: `127.0.0.1:${free}`, tls: true });
    expect((await guruOk(home, ['account', 'show'])).stdout).toContain(`127.0.0.1:${free}`);
    expect((await run(['account', 'set', '--no-listen'])).code).toBe(0);
    await restart([]);
    expect(daemon.listen).toBeNull();
  });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A test CA and a server certificate it signed for 127.0.0.1 (what a real CA would hand out). */
async function makeCaAndLeaf(): Promise<{ ca: string; caKey: string; leaf: string; leafKey: string }> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const caKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const leafKeys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const day = 24 * 60 * 60 * 1000;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Test CA',
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + day),
    signingAlgorithm: alg,
    keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + day),
    signingAlgorithm: alg,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
  });
  const pem = async (key: webcrypto.CryptoKey) =>
    createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key)), format: 'der', type: 'pkcs8' }).export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
  return { ca: ca.toString('pem'), caKey: await pem(caKeys.privateKey), leaf: leaf.toString('pem'), leafKey: await pem(leafKeys.privateKey) };
}
