import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFingerprint } from '../../src/client/fingerprint.js';
import { parseServer, serverKey } from '../../src/client/server-address.js';
import { loadProfiles, serversFile } from '../../src/client/server-profiles.js';
import { forgetLogin, notRemote, rememberLogin, resolveTarget, savedLogin } from '../../src/client/target.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';

const FP = `sha256:${'ab'.repeat(32)}`;

describe('--server HOST:PORT', () => {
  it.each([
    ['guru.acme.com:7433', 'guru.acme.com', 7433, 'guru.acme.com:7433'],
    ['  Guru.ACME.com:443 ', 'guru.acme.com', 443, 'guru.acme.com:443'],
    ['127.0.0.1:7433', '127.0.0.1', 7433, '127.0.0.1:7433'],
    ['[::1]:7433', '::1', 7433, '[::1]:7433'],
  ])('%j is %s port %i', (text, host, port, key) => {
    const address = parseServer(text);
    expect(address).toEqual({ host, port });
    expect(serverKey(address)).toBe(key);
  });

  it.each([
    ['guru.acme.com', /the port is missing/],
    ['https://guru.acme.com:7433', /leave out the scheme/],
    ['guru.acme.com:0', /1–65535/],
    ['guru.acme.com:70000', /1–65535/],
    ['::1', /IPv6 address goes in brackets/],
    ['[guru.acme.com]:7433', /only an IPv6 address/],
    ['gu ru:7433', /not a host name/],
    ['', /empty/],
  ])('%j is refused: %s', (text, why) => {
    expect(() => parseServer(text, 'GURU_SERVER')).toThrow(why);
    expect(() => parseServer(text, 'GURU_SERVER')).toThrow(/GURU_SERVER must be HOST:PORT/);
  });
});

describe('--fingerprint', () => {
  it('takes the sha256: form in either case, with or without colons', () => {
    expect(parseFingerprint(FP)).toBe(FP);
    expect(parseFingerprint(FP.toUpperCase())).toBe(FP);
    expect(parseFingerprint(`SHA256:${'AB:'.repeat(31)}AB`)).toBe(FP);
  });

  it('refuses anything else, naming where the right one is shown', () => {
    expect(() => parseFingerprint('sha256:abc')).toThrow(/64 hex digits, as `guru daemon status`/);
    expect(() => parseFingerprint(`sha1:${'ab'.repeat(32)}`)).toThrow(/--fingerprint must be/);
  });
});

describe('which server a command goes to', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const home = '/data/guru';
  const login = { email: 'bia@acme.com', token: 't'.repeat(64), savedAt: '2026-12-01T00:00:00.000Z' };
  const endpoint = { host: 'guru.acme.com', port: 7433, fingerprint: FP };

  beforeEach(async () => {
    dir = await makeTempDir();
    env = { XDG_CONFIG_HOME: dir };
  });
  afterEach(() => removeDir(dir));

  it('with nothing saved and nothing asked: this machine, as today', async () => {
    expect(await resolveTarget({ homeGiven: false, home, env })).toEqual({ kind: 'local', home });
  });

  it('--server, then GURU_SERVER, then --home, then the default profile', async () => {
    const remote = await resolveTarget({ server: 'guru.acme.com:7433', homeGiven: false, home, env });
    await rememberLogin(remote, login, env, endpoint);
    const other = await resolveTarget({ server: 'other.acme.com:7433', homeGiven: false, home, env });
    expect(other).toMatchObject({ kind: 'server', server: 'other.acme.com:7433', endpoint: null, explicit: true, source: '--server' });

    expect(await resolveTarget({ homeGiven: false, home, env })).toMatchObject({
      kind: 'server',
      server: 'guru.acme.com:7433',
      endpoint,
      explicit: false,
      source: 'default',
    });
    expect(await resolveTarget({ homeGiven: true, home, env })).toEqual({ kind: 'local', home });
    expect(await resolveTarget({ homeGiven: true, home, env: { ...env, GURU_SERVER: 'other.acme.com:7433' } })).toMatchObject({
      server: 'other.acme.com:7433',
      source: 'GURU_SERVER',
    });
    expect(await resolveTarget({ server: 'GURU.acme.com:7433', homeGiven: true, home, env: { ...env, GURU_SERVER: 'other.acme.com:7433' } })).toMatchObject({
      server: 'guru.acme.com:7433',
      source: '--server',
    });
  });

  it('local-only commands refuse a server that was asked for, not a saved default', async () => {
    const asked = await resolveTarget({ server: 'guru.acme.com:7433', homeGiven: false, home, env });
    expect(notRemote('guru daemon start', asked)?.message).toMatch(
      /`guru daemon start` works only on this machine's data dir .* drop --server \(guru\.acme\.com:7433\)/,
    );
    await rememberLogin(asked, login, env, endpoint);
    expect(notRemote('guru daemon start', await resolveTarget({ homeGiven: false, home, env }))).toBeNull();
  });

  it('profiles: 0600 in a 0700 dir, several at once; logout keeps the pin and drops the token and the default', async () => {
    const a = await resolveTarget({ server: 'a.acme.com:1', homeGiven: false, home, env });
    const b = await resolveTarget({ server: 'b.acme.com:2', homeGiven: false, home, env });
    await rememberLogin(a, login, env, { host: 'a.acme.com', port: 1, fingerprint: FP });
    await rememberLogin(b, { ...login, email: 'ana@acme.com' }, env, { host: 'b.acme.com', port: 2, fingerprint: null });
    expect((await stat(serversFile(env))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'guru'))).mode & 0o777).toBe(0o700);
    let saved = await loadProfiles(env);
    expect(saved.default).toBe('b.acme.com:2');
    expect(Object.keys(saved.servers).sort()).toEqual(['a.acme.com:1', 'b.acme.com:2']);
    expect(await savedLogin(await resolveTarget({ server: 'a.acme.com:1', homeGiven: false, home, env }), env)).toEqual({
      email: 'bia@acme.com',
      token: login.token,
    });

    await forgetLogin(await resolveTarget({ homeGiven: false, home, env }), env);
    saved = await loadProfiles(env);
    expect(saved.default).toBeNull();
    expect(saved.servers['b.acme.com:2']).toMatchObject({ token: null, fingerprint: null, email: 'ana@acme.com' });
    expect(saved.servers['a.acme.com:1']).toMatchObject({ token: login.token, fingerprint: FP });
    expect(await resolveTarget({ homeGiven: false, home, env })).toEqual({ kind: 'local', home });
  });

  it('a damaged servers.json is an error naming it, and is never overwritten', async () => {
    await mkdir(join(dir, 'guru'), { recursive: true });
    await writeFile(serversFile(env), '{"servers": {"a:1": {"token": 5}}}');
    await chmod(serversFile(env), 0o600);
    await expect(resolveTarget({ homeGiven: false, home, env })).rejects.toThrow(/servers\.json is not a Guru servers file/);
    const target = {
      kind: 'server' as const,
      server: 'a.acme.com:1',
      endpoint: null,
      alternates: [],
      profile: null,
      explicit: true,
      source: '--server' as const,
    };
    await expect(rememberLogin(target, login, env, { host: 'a.acme.com', port: 1, fingerprint: FP })).rejects.toThrow(/not a Guru servers file/);
    expect(await readFile(serversFile(env), 'utf8')).toBe('{"servers": {"a:1": {"token": 5}}}');
  });
});
