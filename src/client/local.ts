import { Engine } from '../core/engine.js';
import { OWNER, type Actor } from '../core/model.js';
import { migrationNotice } from '../store/state-file.js';
import { rememberStoreUrl, storeSpecFor } from '../store/location.js';
import { openStores } from '../store/open.js';
import { dataPaths } from '../store/paths.js';
import { makePrivateDir } from '../store/private-dir.js';
import { ensureOwnerToken } from '../store/store.js';
import { clientFrom, invoke, type Client } from './client.js';

/**
 * The client that runs the engine in this process (as `actor`; with `session`, as the admin
 * whose live login that is, if it is one) — the single-writer path of DESIGN.md "One
 * writer": each write takes the store's exclusive lock just around the change itself; reads
 * need no lock (the state file only ever changes by atomic rename).
 */
export function localClient(home: string, actor: Actor = OWNER, notice?: (message: string) => void, session?: string | null): Client {
  const onMigrated = notice ? (done: Parameters<typeof migrationNotice>[0]) => notice(migrationNotice(done)) : undefined;
  const call = async (noun: string, verb: string, args: unknown[]): Promise<unknown> => {
    const name = `${noun}.${verb}`;
    const initializing = name === 'account.init';
    const spec = await storeSpecFor(home, { lock: 'per-write', create: initializing, connections: 2, ...(onMigrated ? { onMigrated } : {}) });
    if (initializing && spec.kind === 'postgres') await makePrivateDir(home);
    const store = await openStores(spec);
    try {
      const engine = new Engine({ stores: store });
      // Admin commands: the admin logged in here acts (and is audited by name), as through the daemon.
      const who = session && !initializing ? ((await engine.sessions.adminOf(session)) ?? actor) : actor;
      const result = await invoke(engine.as(who), noun, verb, args);
      if (initializing) await ensureOwnerToken(dataPaths(home));
      return result;
    } finally {
      await store.close();
    }
  };
  return clientFrom(call);
}

/**
 * Sets up a new data dir to keep its data in the PostgreSQL database at `url` (`guru init
 * --store`); resolves with how to take that back should the set-up fail.
 */
export function keepDataAt(home: string, url: string): Promise<() => Promise<void>> {
  return rememberStoreUrl(home, url);
}
