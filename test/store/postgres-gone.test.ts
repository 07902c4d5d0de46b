import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/store/open.js';
import type { PostgresStores } from '../../src/store/postgres/stores.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { startTestPostgres, TEST_PG_PASSWORD, type TestPostgres } from '../helpers/postgres-server.js';

/**
 * The database goes away under open stores (a server of this test's own, stopped): every call
 * fails as `store_unreachable`, saying what happened and that nothing was changed — never an
 * internal error, never the password.
 */
describe('a PostgreSQL store that goes away', () => {
  let server: TestPostgres;
  let dir: string;
  beforeAll(async () => {
    server = await startTestPostgres();
    dir = await makeTempDir('guru-pg-gone-');
  });
  afterAll(async () => {
    await server.stop();
    await removeDir(dir);
  });

  it('reads and writes fail as store_unreachable, naming no password', async () => {
    const store: PostgresStores = await openStores({ kind: 'postgres', url: `${server.url}?schema=gone`, home: join(dir, 'data') });
    await store.journal.append('+5511999990000', [{ type: 'chat.read', chatId: 'c1', by: 'u1', time: new Date().toISOString() }]);
    await server.stop();
    const failures = await Promise.all([
      store.state.update((s) => void s.tags.push({ id: 't1' } as never)).catch((err: unknown) => err),
      store.contacts.get('+5511911112222').catch((err: unknown) => err),
      store.journal.append('+5511999990000', [{ type: 'chat.read', chatId: 'c1', by: 'u1', time: new Date().toISOString() }]).catch((err: unknown) => err),
    ]);
    for (const err of failures) {
      expect(err).toMatchObject({ code: 'store_unreachable' });
      expect(String((err as Error).message)).not.toContain(TEST_PG_PASSWORD);
    }
    await store.close().catch(() => undefined);
  });
});
