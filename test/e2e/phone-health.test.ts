import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guru, guruOk } from '../helpers/guru.js';
import { linkedPhone, until } from '../helpers/linked-phone.js';
import { PASSWORD } from '../helpers/team.js';

const NUMBER = '5511999990000';
const PHONE = `+${NUMBER}`;

/**
 * `guru phone health` with the REAL daemon and the REAL Baileys against the WhatsApp simulator:
 * the simulator drops the connection three times (the third time it stays out of reach) and
 * sends one message no session can decrypt. The health says so, and exits non-zero while the
 * number is not connected — what cron or a monitoring system looks at.
 */
describe('guru phone health', () => {
  let setup: Awaited<ReturnType<typeof linkedPhone>>;

  beforeAll(async () => {
    setup = await linkedPhone(NUMBER);
    await guruOk(setup.home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'], { stdin: PASSWORD });
  }, 120_000);
  afterAll(() => setup?.close());

  const health = async () => {
    const run = await guru(setup.home, ['phone', 'health', PHONE, '--json']);
    return { code: run.code, stderr: run.stderr, health: JSON.parse(run.stdout) };
  };

  it('counts drops with their reasons and undecryptable messages; exits 4 while disconnected, 0 once back', async () => {
    const first = await health();
    expect(first.code).toBe(0);
    expect(first.health).toMatchObject({ number: PHONE, state: 'connected', disconnects: { count: 0 }, decrypt: { failed: 0 } });
    expect(first.health.connectedSince).not.toBeNull();

    // Two drops it recovers from.
    for (const n of [1, 2]) {
      setup.fake.dropConnections();
      await until(`drop ${n} counted and connected again`, async () => {
        const { health: h } = await health();
        return h.disconnects.count === n && h.state === 'connected' ? true : undefined;
      });
    }

    // A message no session can open: Baileys gets a CIPHERTEXT stub and asks for it again.
    const contact = await setup.fake.contact('5511977770000', 'Rita');
    await setup.fake.sendMessage(contact, 'não vai dar para ler', { undecryptable: true });
    await until('the undecryptable message counted', async () => ((await health()).health.decrypt.failed === 1 ? true : undefined));

    // The third drop, and WhatsApp stays out of reach: the number is not connected.
    setup.fake.unreachable();
    const down = await until('the third drop, seen while disconnected', async () => {
      const h = await health();
      return h.health.disconnects.count === 3 && h.health.state !== 'connected' ? h : undefined;
    });
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(new RegExp(`\\${PHONE} is not connected`));
    expect(down.health).toMatchObject({ state: 'reconnecting', connectedSince: null, decrypt: { failed: 1, recovered: 0 } });
    expect(down.health.disconnects.recent).toHaveLength(3);
    console.log('drops:', down.health.disconnects.recent.map((d: any) => `${d.reason} (${d.code})`).join(', '));
    for (const drop of down.health.disconnects.recent) {
      expect(drop.reason).toMatch(/\w/);
      expect(Number.isNaN(Date.parse(drop.time))).toBe(false);
    }
    // Reconnect attempts that never got through are no new drops.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await health()).health.disconnects.count).toBe(3);

    setup.fake.reachable();
    await until('connected again', async () => ((await health()).code === 0 ? true : undefined));

    // The table, for people; everyone's numbers without one named.
    const table = await guruOk(setup.home, ['phone', 'health']);
    expect(table.stdout).toMatch(new RegExp(`\\${PHONE}\\s+connected`));
  }, 180_000);

  it('needs reports.view: a normal user without it is refused (exit 5)', async () => {
    const refused = await guru(setup.home, ['phone', 'health', '--as', 'bia@acme.com', '--json']);
    expect([refused.code, refused.stdout]).toEqual([5, '']);
    expect(refused.stderr).toMatch(/reports\.view/);
    expect((await guru(setup.home, ['phone', 'health', '--as', 'ana@acme.com', '--json'])).code).toBe(0);
  });
});
