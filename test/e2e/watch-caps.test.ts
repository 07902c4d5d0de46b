import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchHandle } from '../../src/client/http.js';
import { apiClient, ownerToken, startDaemon } from '../helpers/daemon.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, seedTeam } from '../helpers/team.js';

/** Watch streams hold a socket each: one user cannot open them until the daemon runs out. */
describe('watch stream caps', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory', GURU_WATCH_MAX_PER_USER: '3', GURU_WATCH_MAX_TOTAL: '5' } });
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  const as = async (email: string) => apiClient(home, (await apiClient(home, null).login(email, PASSWORD)).token);

  it('over the per-user cap: 429 naming that cap and what to do; a closed stream frees its slot', async () => {
    const bia = await as('bia@acme.com');
    const open: WatchHandle[] = [];
    for (let i = 0; i < 3; i++) open.push(await bia.watch(() => undefined));
    const refused = await bia
      .watch(() => undefined)
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(refused).toMatchObject({ code: 'limit' });
    expect(String((refused as Error).message)).toMatch(/per-user cap.*close one/);
    const raw = await bia.request('GET', '/v1/watch').catch((err: unknown) => err);
    expect(raw).toMatchObject({ code: 'limit' });

    open.shift()!.close();
    let reopened: WatchHandle | null = null;
    for (let i = 0; i < 200 && !reopened; i++) {
      reopened = await bia.watch(() => undefined).catch(() => null);
      if (!reopened) await new Promise((r) => setTimeout(r, 25));
    }
    expect(reopened).not.toBeNull();
    open.push(reopened!);
    for (const s of open) s.close();
  });

  it('over the total cap: 429 naming the total cap, for anyone', async () => {
    const bia = await as('bia@acme.com');
    const caio = await as('caio@acme.com');
    const open: WatchHandle[] = [];
    for (let i = 0; i < 3; i++) open.push(await bia.watch(() => undefined));
    for (let i = 0; i < 2; i++) open.push(await caio.watch(() => undefined));
    const refused = await apiClient(home, ownerToken(home))
      .watch(() => undefined)
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(refused).toMatchObject({ code: 'limit' });
    expect(String((refused as Error).message)).toMatch(/total cap.*try again later/);
    for (const s of open) s.close();
  });
});
