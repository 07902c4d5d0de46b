import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/client/http.js';
import { fixtureCert, type TestCert } from '../helpers/certs.js';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, SP } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Working from another machine: a "laptop" (its own GURU_HOME and XDG_CONFIG_HOME, no data of
 * its own) logs in over TLS to the real daemon's network door (`--listen`), pins its
 * certificate, and works there. The certificates are test fixtures, so their fingerprints are
 * known beforehand.
 */
describe('guru --server: logins, pins and profiles', () => {
  let dir: string;
  let serverHome: string;
  let laptopHome: string;
  let laptopConfig: string;
  let caHome: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let caDaemon: Awaited<ReturnType<typeof startDaemon>>;
  /** The server's address (its daemon's --listen), and the one of a second server with a CA-signed certificate. */
  let address: string;
  let caAddress: string;
  let first: TestCert;
  let replaced: TestCert;
  let caFile: string;
  /** The real daemon, listening on TCP+TLS with the given certificate. */
  const serve = (home: string, cert: TestCert, listen: string) =>
    startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } }, ['--listen', listen, '--tls-cert', cert.certFile, '--tls-key', cert.keyFile]);
  const laptop = (args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) =>
    guru(laptopHome, args, { ...options, env: { XDG_CONFIG_HOME: laptopConfig, ...options.env } });
  const profiles = async () => JSON.parse(await readFile(join(laptopConfig, 'guru', 'servers.json'), 'utf8'));

  beforeAll(async () => {
    dir = await makeTempDir();
    serverHome = join(dir, 'server');
    laptopHome = join(dir, 'laptop');
    laptopConfig = join(dir, 'laptop-config');
    const pw = { stdin: PASSWORD };
    await guruOk(serverHome, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(serverHome, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--perm', 'chats.send', '--password-stdin'], pw);
    await guruOk(serverHome, ['phone', 'add', SP]);
    await guruOk(serverHome, ['rr', 'add', SP, 'user:bia@acme.com']);
    [first, replaced] = [fixtureCert('first'), fixtureCert('replaced')];
    caFile = fixtureCert('ca').certFile;
    daemon = await serve(serverHome, first, '127.0.0.1:0');
    address = daemon.listen!.address;
    expect(daemon.listen!.fingerprint).toBe(first.fingerprint);
    caHome = join(dir, 'ca-server');
    await guruOk(caHome, ['init', '--name', 'Other', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    caDaemon = await serve(caHome, fixtureCert('ca-signed'), '127.0.0.1:0');
    caAddress = caDaemon.listen!.address;
  });

  afterAll(async () => {
    await daemon?.stop();
    await caDaemon?.stop();
    await removeDir(dir);
  });

  it('a first login off a terminal without --fingerprint fails naming the fingerprint and the flag; nothing is sent', async () => {
    const result = await laptop(['login', '--server', address, '--email', 'bia@acme.com', '--password-stdin'], { stdin: PASSWORD });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(first.fingerprint);
    expect(result.stderr).toContain(`guru login --server ${address} --fingerprint ${first.fingerprint}`);
    await expect(stat(join(laptopConfig, 'guru', 'servers.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('with --fingerprint it logs in and keeps a 0600 profile; whoami names the server', async () => {
    const result = await laptop(
      ['login', '--server', address, '--fingerprint', first.fingerprint.toUpperCase(), '--email', 'bia@acme.com', '--password-stdin'],
      {
        stdin: PASSWORD,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Logged in as Bia <bia@acme.com> on ${address}`);
    const file = join(laptopConfig, 'guru', 'servers.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(laptopConfig, 'guru'))).mode & 0o777).toBe(0o700);
    const saved = await profiles();
    expect(saved.default).toBe(address);
    expect(saved.servers[address]).toMatchObject({
      fingerprint: first.fingerprint,
      email: 'bia@acme.com',
      token: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await laptop(['whoami'])).stdout).toBe(`Bia <bia@acme.com> (normal) on ${address}\n`);
    expect(JSON.parse((await laptop(['whoami', '--json'])).stdout)).toMatchObject({ owner: false, user: { email: 'bia@acme.com' }, server: address });
  });

  it('commands then go to the server as that user, with their permissions; local-only ones say so', async () => {
    await memoryPhone(serverHome, SP).write({ from: '5511988880001@s.whatsapp.net', text: 'Oi, tudo bem?', pushName: 'Maria' });
    const chats = JSON.parse((await laptop(['chat', 'list', '--json'])).stdout) as { id: string; assignee: { ref: string } }[];
    expect(chats.map((c) => c.assignee.ref)).toEqual(['user:bia@acme.com']);
    const sent = await laptop(['chat', 'send', chats[0]!.id, 'Olá Maria']);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await memoryPhone(serverHome, SP).outbox()).map((m) => m.text)).toContain('Olá Maria');
    // An admin command runs as bia, who may not manage departments (not as the owner).
    const dept = await laptop(['dept', 'add', 'Compras']);
    expect(dept.code).toBe(5);
    expect(dept.stderr).toMatch(/departments\.manage/);
    const as = await laptop(['chat', 'list', '--as', 'ana@acme.com']);
    expect(as.code).toBe(2);
    expect(as.stderr).toMatch(/--as works only on this machine/);
    for (const args of [
      ['daemon', 'start'],
      ['daemon', 'stop'],
      ['init', '--admin-email', 'x@y.z', '--admin-name', 'X'],
    ]) {
      const refused = await laptop(['--server', address, ...args]);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(/works only on this machine's data dir/);
    }
    // --home names a local data dir: the default server is not used (the laptop runs no daemon).
    expect((await laptop(['--home', laptopHome, 'whoami'])).code).toBe(3);
  });

  it('guru tail follows the server live, as the logged-in user', async () => {
    const child = spawn(process.execPath, [GURU_BIN, 'tail', '--json'], {
      env: { ...process.env, NO_COLOR: '1', GURU_HOME: laptopHome, XDG_CONFIG_HOME: laptopConfig },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => out.includes('"type":"snapshot"'));
      expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({ type: 'snapshot', me: { user: { email: 'bia@acme.com' } } });
      await memoryPhone(serverHome, SP).write({ from: '5511988880001@s.whatsapp.net', text: 'Alguém aí?', pushName: 'Maria' });
      await waitFor(() => out.includes('Alguém aí?'));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await new Promise((r) => child.on('close', r))).toBe(0);
  });

  it('on a terminal, first contact shows the fingerprint and asks; saying no sends nothing, yes logs in', async () => {
    const env = { GURU_HOME: laptopHome, XDG_CONFIG_HOME: join(dir, 'tty-config') };
    const args = ['login', '--server', address, '--email', 'bia@acme.com'];
    const no = new PtySession(args, env);
    try {
      await no.waitFor(`fingerprint: ${first.fingerprint}`);
      await no.waitFor(/Trust .* and remember its certificate\?/);
      no.type('n\r');
      expect(await no.exited()).toBe(5);
      expect(no.text).toMatch(/was not trusted — nothing was sent/);
    } finally {
      no.pty.kill();
    }
    await expect(stat(join(dir, 'tty-config', 'guru', 'servers.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    const yes = new PtySession(args, env);
    try {
      await yes.waitFor(/Trust .* and remember its certificate\?/);
      yes.type('y\r');
      await yes.waitFor('Password for bia@acme.com');
      yes.type(`${PASSWORD}\r`);
      expect(await yes.exited()).toBe(0);
      expect(yes.text).toContain(`Logged in as Bia <bia@acme.com> on ${address}`);
    } finally {
      yes.pty.kill();
    }
    const saved = JSON.parse(await readFile(join(dir, 'tty-config', 'guru', 'servers.json'), 'utf8'));
    expect(saved.servers[address].fingerprint).toBe(first.fingerprint);
  });

  it('a CA-signed certificate (NODE_EXTRA_CA_CERTS) is trusted without a pin; several servers at once', async () => {
    const ca = { NODE_EXTRA_CA_CERTS: caFile };
    const untrusted = await laptop(['login', '--server', caAddress, '--email', 'ana@acme.com', '--password-stdin'], { stdin: PASSWORD });
    expect(untrusted.code).toBe(2);
    const login = await laptop(['login', '--server', caAddress, '--email', 'ana@acme.com', '--password-stdin'], { stdin: PASSWORD, env: ca });
    expect(login.code, login.stderr).toBe(0);
    const saved = await profiles();
    expect(saved.servers[caAddress]).toMatchObject({ fingerprint: null, email: 'ana@acme.com' });
    expect(saved.default).toBe(caAddress);
    // The default is now the last login; --server and GURU_SERVER pick the other.
    expect((await laptop(['whoami'], { env: ca })).stdout).toBe(`Ana Souza <ana@acme.com> (admin) on ${caAddress}\n`);
    expect((await laptop(['--server', address, 'whoami'])).stdout).toBe(`Bia <bia@acme.com> (normal) on ${address}\n`);
    expect((await laptop(['whoami'], { env: { GURU_SERVER: address } })).stdout).toBe(`Bia <bia@acme.com> (normal) on ${address}\n`);
    // Without the CA the same profile is refused: it was the CA that made it trusted.
    const withoutCa = await laptop(['whoami']);
    expect(withoutCa.code).toBe(5);
    expect(withoutCa.stderr).toMatch(/not trusted by this system's CA store/);
    // Ana is an admin: admin commands work remotely, audited under her name.
    expect((await laptop(['dept', 'add', 'Suporte'], { env: ca })).code).toBe(0);
    const audit = JSON.parse((await guruOk(caHome, ['audit', '--json'])).stdout) as { actor: string; action: string }[];
    expect(audit.at(-1)).toMatchObject({ actor: 'Ana Souza <ana@acme.com>', action: 'department.add', target: 'Suporte' });
  });

  it('after the certificate is replaced the laptop refuses, loudly, and sends nothing', async () => {
    // The admin restarts the daemon with another certificate, on the same address.
    await daemon.stop();
    daemon = await serve(serverHome, replaced, address);
    const list = await laptop(['--server', address, 'chat', 'list']);
    expect(list.code).toBe(5);
    expect(list.stderr).toContain('HAS CHANGED');
    expect(list.stderr).toContain(`pinned:    ${first.fingerprint}`);
    expect(list.stderr).toContain(`presented: ${replaced.fingerprint}`);
    expect(list.stderr).toContain(`guru login --server ${address} --fingerprint ${replaced.fingerprint}`);
    const relogin = await laptop(['login', '--server', address, '--email', 'bia@acme.com', '--password-stdin'], { stdin: PASSWORD });
    expect(relogin.code).toBe(5);
    expect(relogin.stderr).toContain('HAS CHANGED');
    expect((await profiles()).servers[address].fingerprint).toBe(first.fingerprint);
    // The daemon's request log, flushed by a stop: the laptop's requests before the change are
    // there; since the restart, not one request arrived (not even an unauthenticated one).
    await daemon.stop();
    const lines = (await readFile(join(serverHome, 'daemon.log'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; from?: string });
    const restart = lines.findLastIndex((l) => l.msg === 'daemon started');
    const fromNetwork = (l: { msg: string; from?: string }) => l.from !== undefined || l.msg === 'login' || /unauthenticated request/.test(l.msg);
    expect(lines.slice(0, restart).some((l) => l.msg === 'request' && l.from === '127.0.0.1')).toBe(true);
    expect(lines.slice(restart).filter(fromNetwork)).toEqual([]);
    daemon = await serve(serverHome, replaced, address);
    // Checked with the admin: re-pin.
    const repin = await laptop(['login', '--server', address, '--fingerprint', replaced.fingerprint, '--email', 'bia@acme.com', '--password-stdin'], {
      stdin: PASSWORD,
    });
    expect(repin.code, repin.stderr).toBe(0);
    expect((await profiles()).servers[address].fingerprint).toBe(replaced.fingerprint);
  });

  it('logout ends the session on the server: the token no longer works', async () => {
    const { token } = (await profiles()).servers[address];
    const [host, port] = address.split(':');
    const client = new DaemonClient({ server: { host: host!, port: Number(port), fingerprint: replaced.fingerprint }, token, version: '0.1.0' });
    expect((await client.whoami()).user?.email).toBe('bia@acme.com');
    const out = await laptop(['logout', '--server', address]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toContain(`Logged out bia@acme.com on ${address}`);
    await expect(client.whoami()).rejects.toMatchObject({ code: 'unauthenticated' });
    const saved = (await profiles()).servers[address];
    expect(saved).toMatchObject({ token: null, fingerprint: replaced.fingerprint });
    const again = await laptop(['--server', address, 'whoami']);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain(`guru login --server ${address}`);
  });
});
