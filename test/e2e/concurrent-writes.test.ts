import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD } from '../helpers/team.js';

/**
 * DESIGN.md "One writer": many processes writing at once must never lose an update. Without a
 * daemon, 200 `guru user add` (the Foundation's case); through the daemon, 100 CLI writes of
 * another kind too (`guru dept add`: the same path minus the password hashing). The daemon
 * serialises them in one process, so a hundred overlapping already is the case; each more costs
 * a CLI start (`npm test` time) and proves nothing new.
 */
const WRITES = {
  users: (i: number) => ({ args: ['user', 'add', '--email', `agent${i}@acme.com`, '--name', `Agent ${i}`, '--password-stdin'], stdin: PASSWORD }),
  departments: (i: number) => ({ args: ['dept', 'add', `Dept ${i}`], stdin: '' }),
};

describe.each([
  ['`guru user add`, each under the store lock (no daemon)', false, 'users', 200],
  ['`guru dept add`, through the daemon', true, 'departments', 100],
] as const)('concurrent %s', (_mode, withDaemon, kind, COUNT) => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>> | undefined;

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
      Array.from({ length: COUNT }, (_, i) => {
        const write = WRITES[kind](i);
        // Niced: the point is 200 writers at once, not starving the tests running beside this one.
        return guru(home, write.args, { stdin: write.stdin, nice: 10 });
      }),
    );
    const failed = results.filter((r) => r.code !== 0);
    console.log(
      `${COUNT} concurrent ${kind} writes (${withDaemon ? 'daemon' : 'local lock'}): ${COUNT - failed.length} exited 0 in ${Date.now() - started} ms`,
    );
    expect(failed.map((r) => r.stderr)).toEqual([]);

    const state = JSON.parse(await readFile(join(home, 'state.json'), 'utf8'));
    if (kind === 'users') {
      expect(state.users).toHaveLength(COUNT + 1);
      const emails = new Set((await guruJson<any[]>(home, ['user', 'list'])).map((u) => u.email));
      for (let i = 0; i < COUNT; i++) expect(emails.has(`agent${i}@acme.com`)).toBe(true);
    } else {
      expect(state.departments).toHaveLength(COUNT);
      const names = new Set((await guruJson<any[]>(home, ['dept', 'list'])).map((d) => d.name));
      for (let i = 0; i < COUNT; i++) expect(names.has(`Dept ${i}`)).toBe(true);
    }
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.filter((e) => e.action === (kind === 'users' ? 'user.add' : 'department.add'))).toHaveLength(COUNT);
    // Minutes, not seconds, on 2 busy cores: 200 Node processes start at once (~0.4 s of CPU
    // each) before any reaches the lock.
  }, 480_000);
});
