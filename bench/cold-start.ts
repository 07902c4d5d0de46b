import { join } from 'node:path';
import { cleanup, guruRun, GURU_BIN, median, tempDir, timeRun, type Figure } from './lib.js';
import { seedHome } from './seed.js';

/** 1. CLI cold start against `node -e 0`, without and with the daemon. Goal ≤ 3×. */
export async function coldStart(quick: boolean): Promise<Figure[]> {
  const runs = quick ? 5 : 15;
  const dir = await tempDir('guru-bench-cold-');
  const home = join(dir, 'data');
  await seedHome(home, 1000);
  const env = { GURU_HOME: home, NODE_ENV: 'production' };
  const sample = (args: string[]) => median(Array.from({ length: runs }, () => timeRun(process.execPath, args, env)));
  try {
    sample(['-e', '0']); // warm the page cache once
    const node = sample(['-e', '0']);
    const help = sample([GURU_BIN, '--help']);
    const listLocal = sample([GURU_BIN, 'user', 'list', '--json']);
    await guruRun(home, ['daemon', 'start'], { GURU_TRANSPORT: 'memory' });
    const listDaemon = sample([GURU_BIN, 'user', 'list', '--json']);
    await guruRun(home, ['daemon', 'stop']);
    const baseline = { name: 'node -e 0', value: node };
    const figure = (name: string, value: number): Figure => ({
      name,
      value,
      unit: 'ms',
      baseline,
      goal: { text: `≤ 3× baseline (${(value / node).toFixed(1)}×)`, met: value <= 3 * node },
    });
    return [
      figure('cold start: guru --help', help),
      figure('cold start: guru user list --json (1k users, no daemon)', listLocal),
      figure('cold start: guru user list --json (1k users, daemon)', listDaemon),
    ];
  } finally {
    await cleanup(dir);
  }
}
