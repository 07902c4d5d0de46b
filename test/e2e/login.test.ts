import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionLog } from '../../src/store/session-log.js';
import { startDaemon } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, seedTeam } from '../helpers/team.js';

/** `guru login`, `whoami`, `logout`: a session token kept 0600 in the user's config dir. */
describe('guru login | whoami | logout', () => {
  let dir: string;
  let home: string;
  let config: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>> | undefined;
  const env = () => ({ XDG_CONFIG_HOME: config });

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    config = join(dir, 'config');
    await seedTeam(home);
  });
  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('login without a daemon exits 3 and says how to start it', async () => {
    const result = await guru(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { stdin: PASSWORD, env: env() });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/guru daemon start/);
  });

  it('whoami before login exits 5 and says to log in', async () => {
    daemon = await startDaemon(home);
    const result = await guru(home, ['whoami'], { env: env() });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/guru login/);
  });

  it('a wrong password exits 5 without saving anything', async () => {
    const result = await guru(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { stdin: 'nope-nope-nope', env: env() });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/wrong email or password/);
    await expect(stat(join(config, 'guru', 'sessions.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('login stores a 0600 session token; whoami shows the user', async () => {
    const login = await guruOk(home, ['login', '--email', 'Bia@Acme.com', '--password-stdin'], { stdin: PASSWORD, env: env() });
    expect(login.stderr).toMatch(/Logged in as Bia <bia@acme\.com>/);
    const file = join(config, 'guru', 'sessions.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(config, 'guru'))).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(await readFile(file, 'utf8'))[home];
    expect(saved.token).toMatch(/^[0-9a-f]{64}$/);
    // the daemon keeps only a hash of it
    expect(await readFile(join(home, 'state.json'), 'utf8')).not.toContain(saved.token);
    expect((await guruOk(home, ['whoami'], { env: env() })).stdout).toBe('Bia <bia@acme.com> (normal)\n');
    const json = JSON.parse((await guruOk(home, ['whoami', '--json'], { env: env() })).stdout);
    expect(json).toMatchObject({ owner: false, user: { email: 'bia@acme.com', role: 'normal' } });
  });

  it('logout revokes the session on the daemon and forgets it', async () => {
    const file = join(config, 'guru', 'sessions.json');
    const token = JSON.parse(await readFile(file, 'utf8'))[home].token;
    await guruOk(home, ['logout'], { env: env() });
    expect(JSON.parse(await readFile(file, 'utf8'))[home]).toBeUndefined();
    expect(await new SessionLog(join(home, 'sessions.jsonl'), false).count()).toBe(0);
    expect(token).toBeTruthy();
    expect((await guru(home, ['whoami'], { env: env() })).code).toBe(5);
  });
});
