import { join } from 'node:path';
import { apiClient, ownerToken, startDaemon } from '../test/helpers/daemon.js';
import { linkedPhone, until } from '../test/helpers/linked-phone.js';
import { startTestPostgres } from '../test/helpers/postgres-server.js';
import type { Figure } from './lib.js';

/**
 * Failover: two daemons on one PostgreSQL database, the REAL Baileys linked by QR to the
 * simulator on the first; the first is killed (-9), and the time until the second has the number
 * connected — from the credentials in the database, without a QR — is measured. Baseline, in the
 * same run: one daemon on files killed the same way and started again at once (what a service
 * manager's restart does at best), until its number is connected again.
 */
export async function failover(_quick: boolean): Promise<Figure[]> {
  const server = await startTestPostgres();
  try {
    const url = `${server.url}?schema=failover`;
    const a = await linkedPhone('5511999990001', { store: url });
    const homeB = join(a.home, '..', 'second');
    const b = await startDaemon(homeB, { env: { ...a.env, GURU_STORE_URL: url } });
    let failoverMs: number;
    try {
      const killed = performance.now();
      process.kill(a.daemon.pid, 'SIGKILL');
      await until(
        'the second daemon connected',
        async () => ((await apiClient(homeB, ownerToken(homeB)).status()).phones[0]?.linkState === 'connected' ? true : undefined),
        60_000,
      );
      failoverMs = performance.now() - killed;
    } finally {
      await b.stop();
      await a.close().catch(() => undefined);
    }

    const alone = await linkedPhone('5511999990002');
    let restartMs: number;
    try {
      const killed = performance.now();
      process.kill(alone.daemon.pid, 'SIGKILL');
      await alone.restart();
      await until('connected again', async () => ((await alone.linkState()) === 'connected' ? true : undefined), 60_000);
      restartMs = performance.now() - killed;
    } finally {
      await alone.close();
    }
    return [
      {
        name: 'failover: kill -9 of the daemon holding a number, until the other has it connected (no QR)',
        value: failoverMs,
        unit: 'ms',
        baseline: { name: 'one daemon on files killed and started again at once', value: restartMs },
        goal: { text: '≤ 15 s', met: failoverMs <= 15_000 },
      },
    ];
  } finally {
    await server.stop();
  }
}
