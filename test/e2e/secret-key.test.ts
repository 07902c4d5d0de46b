import { chmod, cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { linkedPhone, until } from '../helpers/linked-phone.js';
import { PASSWORD } from '../helpers/team.js';

const NUMBER = '5511999990000';
const SMTP_PASSWORD = 'S3cr3t-smtp-pw';
const ENCRYPTED = '{"guru-encrypted-secret":';

/**
 * Secrets at rest (GURU_KEY_FILE): with a key kept outside the data dir, the WhatsApp session
 * (REAL Baileys linked to the simulator) and the SMTP password are written encrypted; a copy of
 * the data dir without the key carries no usable session (its daemon does not connect, and says
 * why), while the daemon with the key reconnects. A key given to a data dir of plain secrets
 * encrypts them at the daemon's start.
 */
describe('secrets encrypted at rest with GURU_KEY_FILE', () => {
  let keys: string;
  let key: string;

  beforeAll(async () => {
    keys = await makeTempDir('guru-keys-');
    key = join(keys, 'secrets.key');
    await guruOk(join(keys, 'unused-home'), ['key', 'new', key]);
  });
  afterAll(() => removeDir(keys));

  it('guru key new writes a 0600 key once, never over a file and never inside the data dir', async () => {
    expect((await readFile(key, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = await guru(join(keys, 'unused-home'), ['key', 'new', key]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    const inside = await guru(join(keys, 'home'), ['key', 'new', join(keys, 'home', 'k')]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/inside the data dir/);
  });

  it('the WhatsApp session and SMTP password are encrypted; a copy without the key cannot connect; with it the daemon reconnects', async () => {
    const setup = await linkedPhone(NUMBER, { env: { GURU_KEY_FILE: key } });
    try {
      await guruOk(setup.home, ['account', 'set', '--smtp', `smtp://guru:${SMTP_PASSWORD}@mail.acme.com:587`, '--mail-from', 'guru@acme.com']);
      const credentials = await readFile(join(setup.home, 'whatsapp', `${NUMBER}.json`), 'utf8');
      expect(credentials.startsWith(ENCRYPTED)).toBe(true);
      for (const plain of ['noiseKey', 'signedIdentityKey', NUMBER]) expect(credentials).not.toContain(plain);
      const smtp = await readFile(join(setup.home, 'mail', 'smtp.json'), 'utf8');
      expect(smtp.startsWith(ENCRYPTED)).toBe(true);
      expect(smtp).not.toContain(SMTP_PASSWORD);
      expect((await guruJson<any>(setup.home, ['account', 'show'])).smtp).toBe('smtp://guru:****@mail.acme.com:587');

      // A backup: the data dir copied while the daemon is stopped, then opened without the key.
      await setup.daemon.stop();
      const copy = join(keys, 'copy');
      await cp(setup.home, copy, { recursive: true });
      const withoutKey = { GURU_WA_URL: setup.env.GURU_WA_URL, GURU_WA_TRUST: setup.env.GURU_WA_TRUST, GURU_RECONNECT_MS: '100' };
      const stolen = await startDaemon(copy, { env: withoutKey });
      try {
        await new Promise((r) => setTimeout(r, 2_000));
        expect(setup.fake.onlineNumbers).toEqual([]);
        const health = await guru(copy, ['phone', 'health', `+${NUMBER}`, '--json']);
        expect(health.code).toBe(4);
        expect(await readFile(join(copy, 'daemon.log'), 'utf8')).toMatch(/is encrypted — set GURU_KEY_FILE to its key file/);
        const account = await guru(copy, ['account', 'show']);
        expect(account.code).toBe(1);
        expect(account.stderr).toMatch(/smtp\.json is encrypted — set GURU_KEY_FILE/);
      } finally {
        await stolen.stop();
      }

      // The owner's daemon, with the key: connected again.
      await setup.restart();
      await until('connected with the key', async () => ((await setup.linkState()) === 'connected' ? true : undefined));
    } finally {
      await setup.close();
    }
  }, 180_000);

  it('a key given to a data dir of plain secrets encrypts them at the daemon start; a bad key is refused with the reason', async () => {
    const dir = await makeTempDir('guru-key-later-');
    const home = join(dir, 'data');
    try {
      await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
      await guruOk(home, ['account', 'set', '--smtp', `smtp://guru:${SMTP_PASSWORD}@mail.acme.com:587`, '--mail-from', 'guru@acme.com']);
      expect(await readFile(join(home, 'mail', 'smtp.json'), 'utf8')).toContain(SMTP_PASSWORD);
      const env = { GURU_TRANSPORT: 'memory', GURU_KEY_FILE: key };
      const daemon = await startDaemon(home, { env });
      await daemon.stop();
      const smtp = await readFile(join(home, 'mail', 'smtp.json'), 'utf8');
      expect(smtp.startsWith(ENCRYPTED)).toBe(true);
      expect(smtp).not.toContain(SMTP_PASSWORD);
      expect(await readFile(join(home, 'daemon.log'), 'utf8')).toMatch(/secrets encrypted with the key of GURU_KEY_FILE/);
      // Without a daemon, the command reads it with the key, and says what is missing without.
      const shown = await guruOk(home, ['account', 'show', '--json'], { env: { GURU_KEY_FILE: key } });
      expect(JSON.parse(shown.stdout).smtp).toMatch(/\*\*\*/);
      const locked = await guru(home, ['account', 'show']);
      expect([locked.code, locked.stderr]).toEqual([1, expect.stringMatching(/is encrypted — set GURU_KEY_FILE/)]);

      const loose = join(dir, 'loose.key');
      await writeFile(loose, await readFile(key));
      await chmod(loose, 0o644);
      const refused = await guru(home, ['account', 'show'], { env: { GURU_KEY_FILE: loose } });
      expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/can be read by others \(mode 644\) — `chmod 600/)]);
      const wrongPlace = join(home, 'in-here.key');
      await writeFile(wrongPlace, await readFile(key), { mode: 0o600 });
      const inside = await guru(home, ['account', 'show'], { env: { GURU_KEY_FILE: wrongPlace } });
      expect(inside.stderr).toMatch(/is inside the data dir/);
    } finally {
      await removeDir(dir);
    }
  }, 60_000);
});
