import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GURU_BIN, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { seededRandom } from '../helpers/random.js';
import { PASSWORD } from '../helpers/team.js';

// A command killed while it holds the store's lock leaves it to go stale (10 s) before the next
// one writes: that wait, not the commands, is most of this file's time. `npm test` tries 10
// moments (five of each kind), the soak 60.
const TRIALS = process.env.GURU_SOAK === '1' ? 60 : 10;

/**
 * kill -9 of `guru` admin commands (no daemon: each writes the state file under the lock, then
 * appends the audit) at random moments — half of them just after the state file was replaced,
 * where a change and its audit line used to part. Afterwards every change in the state file has
 * its audit line (once), and no temp file of an interrupted write is left behind.
 */
describe('kill -9 during admin writes', () => {
  let dir: string;
  let home: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
  });
  afterAll(() => removeDir(dir));

  /** Runs `guru dept add <name>` and kills it `when` says; resolves once it is gone. */
  function addAndKill(name: string, when: { afterStateWriteMs: number } | { afterStartMs: number }): Promise<'killed' | 'finished'> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [GURU_BIN, 'dept', 'add', name], { env: { ...process.env, GURU_HOME: home, NO_COLOR: '1' }, stdio: 'ignore' });
      let killed = false;
      const kill = () => {
        killed = child.kill('SIGKILL') || killed;
      };
      let watcher: ReturnType<typeof watch> | null = null;
      if ('afterStateWriteMs' in when) {
        watcher = watch(home, (_event, file) => {
          if (file !== 'state.json') return;
          watcher?.close();
          setTimeout(kill, when.afterStateWriteMs);
        });
      } else {
        setTimeout(kill, when.afterStartMs);
      }
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        watcher?.close();
        resolve(signal === 'SIGKILL' ? 'killed' : code === 0 ? 'finished' : 'killed');
      });
    });
  }

  it(`${TRIALS} trials: every change in the state file has its audit line`, async () => {
    const seed = Number(process.env.GURU_SEED ?? Date.now() % 100_000);
    const rand = seededRandom(seed);
    // How long one command takes here, to spread the blind kills over its whole life.
    const started = performance.now();
    await guruOk(home, ['dept', 'add', 'Warm-up']);
    const lifeMs = performance.now() - started;

    const outcomes: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const when = trial % 2 === 0 ? { afterStateWriteMs: rand() * 4 } : { afterStartMs: rand() * lifeMs * 1.2 };
      outcomes.push(await addAndKill(`Trial ${trial}`, when));
    }

    // The next writer (here a command; at start, the daemon) finishes what the killed ones left.
    await guruOk(home, ['dept', 'add', 'After']);
    const state = JSON.parse(await readFile(join(home, 'state.json'), 'utf8')) as { departments: { name: string }[] };
    const audit = (await readFile(join(home, 'audit.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as { id?: string; action: string; target: string }];
        } catch {
          return []; // a line torn by a kill carries no committed change
        }
      });
    const audited = new Set(audit.filter((e) => e.action === 'department.add').map((e) => e.target));
    const unaudited = state.departments.map((d) => d.name).filter((name) => !audited.has(name));
    expect(unaudited, `seed ${seed}: changes with no audit line`).toEqual([]);
    const ids = audit.flatMap((e) => (e.id ? [e.id] : []));
    expect(new Set(ids).size, `seed ${seed}: an audit entry written twice`).toBe(ids.length);
    expect(
      (await readdir(home)).filter((name) => name.endsWith('.tmp')),
      'temp files left behind',
    ).toEqual([]);
    const killed = outcomes.filter((o) => o === 'killed').length;
    console.log(
      `admin kill -9 trials (seed ${seed}): ${TRIALS} commands, ${killed} killed, ${state.departments.length - 2} changes landed, each with its audit line once; no temp file left`,
    );
  }, 300_000);

  it('temp files a crashed write left in the data dir are removed by the next writer', async () => {
    const leftovers = ['.state.json.4242.0123456789ab.tmp', '.cursors.json.4242.ba9876543210.tmp', '.sessions.jsonl.4242.00000000aaaa.tmp'];
    for (const name of leftovers) await writeFile(join(home, name), '{"half": ');
    await guruOk(home, ['dept', 'add', 'Cleaner']);
    expect((await readdir(home)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
