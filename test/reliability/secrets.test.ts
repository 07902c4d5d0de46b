import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameSecret } from '../../src/core/sessions.js';
import { SessionLog } from '../../src/store/session-log.js';
import { apiClient, memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, seedTeam, SP } from '../helpers/team.js';

/**
 * Secrets after a day's work through the real daemon: logins (right and wrong), a message in
 * and a reply out, a graceful stop. Passwords exist only as salted hashes, session tokens
 * (256 random bits) only as hashes on the daemon's side, nothing secret reaches a log, every
 * file is 0600 in a 0700 dir, the socket 0600, and guessing passwords is throttled.
 */
describe('secrets', () => {
  let dir: string;
  let home: string;
  let config: string;
  const tokens: string[] = [];
  const wrongPasswords = Array.from({ length: 6 }, (_, i) => `wrong-guess-${i}-Zq8`);
  let files: string[] = [];

  async function allFiles(root: string): Promise<string[]> {
    const entries = await readdir(root, { withFileTypes: true, recursive: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as any).path, e.name));
  }

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    config = join(dir, 'config');
    await seedTeam(home);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    const daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    try {
      // A CLI login (its token lands in the config dir) and twenty API logins.
      await guruOk(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { stdin: PASSWORD, env: { XDG_CONFIG_HOME: config } });
      tokens.push(JSON.parse(await readFile(join(config, 'guru', 'sessions.json'), 'utf8'))[home].token);
      const anonymous = apiClient(home, null);
      for (let i = 0; i < 20; i++) tokens.push((await anonymous.login(i % 2 ? 'bia@acme.com' : 'ana@acme.com', PASSWORD)).token);
      // Guessing: five wrong passwords for caio, then even the right one waits.
      for (const guess of wrongPasswords.slice(0, 5)) await expect(anonymous.login('caio@acme.com', guess)).rejects.toThrow(/wrong email or password/);
      await expect(anonymous.login('caio@acme.com', PASSWORD)).rejects.toThrow(/too many wrong passwords for caio@acme\.com — wait \d+ s/);
      await expect(anonymous.login('caio@acme.com', wrongPasswords[5]!)).rejects.toThrow(/too many wrong passwords/);
      // Work: a customer writes, ana (admin) answers with one of her session tokens.
      await memoryPhone(home, SP).write({ from: '5511977776666@s.whatsapp.net', text: 'oi, tudo bem?' });
      const ana = apiClient(home, tokens[1]!).operations();
      const [chat] = await ana.chats.list({});
      await ana.chats.send(chat!.id, 'Tudo ótimo!');
      // The socket, while the daemon lives.
      expect((await stat(join(home, 'guru.sock'))).mode & 0o777).toBe(0o600);
    } finally {
      await daemon.stop();
    }
    files = [...(await allFiles(home)), ...(await allFiles(config))];
  });
  afterAll(() => removeDir(dir));

  it('session tokens are 256 random bits, all different, kept by the daemon only as hashes', async () => {
    expect(tokens).toHaveLength(21);
    for (const t of tokens) expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Sessions live in their own log (0600), as hashes only.
    expect(await new SessionLog(join(home, 'sessions.jsonl'), false).count()).toBe(21);
    expect((await stat(join(home, 'sessions.jsonl'))).mode & 0o777).toBe(0o600);
    const sessionFile = join(config, 'guru', 'sessions.json');
    let found = 0;
    for (const file of files) {
      const content = await readFile(file, 'utf8');
      for (const t of tokens) if (content.includes(t) && !(file === sessionFile && t === tokens[0])) found += 1;
    }
    expect(found).toBe(0);
    console.log(`secrets: ${tokens.length} session tokens of 256 bits, all distinct; 0 found in ${files.length} files outside the user's own session file`);
  });

  it('no password, right or wrong, in any file or log, in plain text, base64 or hex', async () => {
    let checked = 0;
    for (const file of files) {
      const content = await readFile(file);
      for (const pw of [PASSWORD, ...wrongPasswords]) {
        for (const form of [pw, Buffer.from(pw).toString('base64'), Buffer.from(pw).toString('hex')]) {
          checked += 1;
          expect(content.includes(form), `${form} found in ${file}`).toBe(false);
        }
      }
    }
    expect(files.some((f) => f.endsWith('daemon.log'))).toBe(true);
    expect(files.some((f) => f.endsWith('audit.jsonl'))).toBe(true);
    console.log(`secrets: ${checked} password forms searched in ${files.length} files (state, audit, journal, log, sessions): 0 found`);
  });

  it('the owner token is compared in constant time and never logged', async () => {
    const owner = ownerToken(home);
    expect(owner).toMatch(/^[0-9a-f]{64}$/);
    for (const file of files.filter((f) => !f.endsWith('owner.token'))) expect(await readFile(file, 'utf8'), file).not.toContain(owner);
    // sameSecret hashes both sides to equal length before timingSafeEqual: no early exit on a
    // length or prefix difference.
    expect(sameSecret(owner, owner)).toBe(true);
    expect(sameSecret(owner, `${owner.slice(0, 63)}0`)).toBe(owner.endsWith('0'));
    expect(sameSecret(owner, owner.slice(0, 10))).toBe(false);
    expect(sameSecret(owner, '')).toBe(false);
  });

  it('the data dir and the config dir are 0700, every file in them 0600', async () => {
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect((await stat(join(config, 'guru'))).mode & 0o777).toBe(0o700);
    for (const file of files) expect((await stat(file)).mode & 0o777, file).toBe(0o600);
    console.log(`secrets: ${files.length} files, all 0600; data and config dirs 0700; socket 0600`);
  });

  it('the password hashes are salted scrypt, one per user, all different', async () => {
    const users = await guruJson<any[]>(home, ['user', 'list']);
    const state = JSON.parse(await readFile(join(home, 'state.json'), 'utf8'));
    const hashes = state.users.map((u: any) => u.passwordHash);
    expect(hashes).toHaveLength(users.length);
    for (const h of hashes) expect(h).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect((await guru(home, ['user', 'list', '--json'])).stdout).not.toMatch(/scrypt/);
  });
});
