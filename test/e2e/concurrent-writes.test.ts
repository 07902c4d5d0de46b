import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD } from '../helpers/team.js';

/** DESIGN.md "One writer": many processes writing at once must never lose an update. */
describe.each([
  ['each under the store lock (no daemon)', false],
  ['through the daemon', true],
])('200 concurrent `guru user add`, %s', (_mode, withDaemon) => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>> | undefined;
  const COUNT = 200;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--seats', '500', '--admin-email', 'admin@acme.com', '--admin-name', 'Admin', '--password-stdin'], { stdin: PASSWORD });
    if (withDaemon) daemon = await startDaemon(home);
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('all land, and the state file is valid JSON afterwards', async () => {
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: COUNT }, (_, i) =>
        guru(home, ['user', 'add', '--email', `agent${i}@acme.com`, '--name', `Agent ${i}`, '--password-stdin'], { stdin: PASSWORD }),
      ),
    );
    const failed = results.filter((r) => r.code !== 0);
    console.log(`${COUNT} concurrent user adds (${withDaemon ? 'daemon' : 'local lock'}): ${COUNT - failed.length} exited 0 in ${Date.now() - started} ms`);
    expect(failed.map((r) => r.stderr)).toEqual([]);

    const state = JSON.parse(await readFile(join(home, 'state.json'), 'utf8'));
    expect(state.users).toHaveLength(COUNT + 1);
    const users = await guruJson<any[]>(home, ['user', 'list']);
    const emails = new Set(users.map((u) => u.email));
    for (let i = 0; i < COUNT; i++) expect(emails.has(`agent${i}@acme.com`)).toBe(true);
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.filter((e) => e.action === 'user.add')).toHaveLength(COUNT);
  }, 240_000);
});
