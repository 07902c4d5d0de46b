import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startDaemon } from '../helpers/daemon.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, seedTeam } from '../helpers/team.js';

/**
 * Password guessing all at once, against the real daemon over its socket: a burst gets the same
 * five checks a patient guesser gets, and the right password sent after it is refused.
 */
describe('login burst (real daemon)', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;

  beforeAll(async () => {
    dir = await makeTempDir('guru-burst-');
    home = join(dir, 'data');
    await seedTeam(home);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
  });
  afterAll(async () => {
    await daemon?.stop();
    if (dir) await removeDir(dir);
  });

  it('100 concurrent wrong passwords: 5 are checked, 95 refused, then even the right one waits', async () => {
    const anonymous = apiClient(home, null);
    const started = Date.now();
    const burst = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => anonymous.login('caio@acme.com', `burst-guess-${i}`)));
    const elapsed = Date.now() - started;
    const messages = burst.map((r) => (r.status === 'fulfilled' ? 'logged in' : (r.reason as Error).message));
    expect(messages.filter((m) => m === 'wrong email or password')).toHaveLength(5);
    // Refused without a check: once locked, or when too many already wait their turn.
    const refused = /^too many (wrong passwords for caio@acme\.com — wait \d+ s|logins at once for caio@acme\.com — wait a few seconds) and try again$/;
    expect(messages.filter((m) => refused.test(m))).toHaveLength(95);
    await expect(anonymous.login('caio@acme.com', PASSWORD)).rejects.toThrow(/too many wrong passwords for caio@acme\.com/);
    // Another email is not held up by it.
    await expect(anonymous.login('bia@acme.com', PASSWORD)).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
    console.log(`login burst: 100 concurrent wrong passwords answered in ${elapsed} ms, 5 checked`);
  });
});
