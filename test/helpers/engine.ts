import { join } from 'node:path';
import { Engine } from '../../src/core/engine.js';
import type { Presence } from '../../src/core/presence.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import { openStore, type Store } from '../../src/store/store.js';
import { makeTempDir, removeDir } from './guru.js';

export const PW = 'correct horse battery';

/** A real engine over a real store in a temp dir, initialised with admin ana@acme.com. */
export async function testEngine(options: { seats?: number; presence?: Presence } = {}) {
  const dir = await makeTempDir('guru-engine-');
  const home = join(dir, 'data');
  const store: Store = await openStore(home, { lock: 'per-write', create: true });
  const engine = new Engine({ state: store.state, audit: store.audit, ...(options.presence ? { presence: options.presence } : {}) });
  const owner = engine.as(OWNER);
  await owner.account.init({ accountName: 'Acme', seats: options.seats ?? 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
  const as = async (email: string) => {
    const user = await owner.users.show(email);
    return engine.as({ type: 'user', userId: user.id } satisfies Actor);
  };
  return {
    home,
    store,
    engine,
    owner,
    as,
    cleanup: async () => {
      await store.close();
      await removeDir(dir);
    },
  };
}
