import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `npm run bench -- --quick` runs end to end, so the benchmark cannot rot. Figures and goals
 * are its business, not this test's: it checks that every figure is measured and printed.
 */
describe('npm run bench --quick', () => {
  it('measures every figure beside its baseline', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--no-write'], { cwd: root, encoding: 'utf8', timeout: 330_000 });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    for (const name of [
      'cold start: guru --help',
      'ingest: daemon path',
      'ingest: vs naive lowdb',
      'history sync: Baileys history path',
      'restart: until the API answers',
      'restart: daemon RSS',
      'inbox: first frame',
      'inbox: key → frame p95',
      'remote: ingest',
      'remote: until',
      'remote: guru chat list',
      'media: 100 inbound 200 KB photos until durable',
      'media: 100 inbound 200 KB photos, messages/s',
      'postgres: ingest, daemon path',
      'postgres: chat list',
      'postgres: restart to ready',
      'failover: kill -9 of the daemon holding a number',
    ]) {
      expect(
        lines.some((l) => l.includes(name)),
        name,
      ).toBe(true);
    }
    for (const line of lines) expect(line).toMatch(/^(ok {2}|MISS) .+ goal /);
  }, 360_000);
});
