import { defineConfig } from 'vitest/config';

/**
 * Load storms: files that start hundreds of processes at once. They run alone, after everything
 * else: beside them, any other file's daemon could take longer to start than its timeout allows.
 */
const STORMS = ['test/e2e/concurrent-writes.test.ts'];

/** Read by every project; the `postgres` project adds its store to it. */
const ENV = { GURU_CHECK_OUTPUT: '1', GURU_LANG: 'en' };

/**
 * The suites also run over PostgreSQL (#22): the engine's (test/core) and the authorisation
 * matrix, their stores opened through test/helpers/engine.ts, which follows GURU_TEST_STORE; the
 * commands' and the kill -9 trials during ingest, their teams made by `guru init --store`
 * (test/helpers/postgres.ts `initStoreFlags`).
 */
const OVER_POSTGRES = [
  'test/core/**/*.test.ts',
  'test/commands/**/*.test.ts',
  'test/reliability/authz-matrix.test.ts',
  'test/reliability/crash-trials.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Every daemon a test starts checks each answer against its declared output schema
    // (src/api/outputs.ts); production skips that cost.
    // Tests read English unless they choose a language (the Portuguese tests unset GURU_LANG).
    env: ENV,
    // End-to-end tests spawn real processes; on a 2-core CI machine two files in parallel is the
    // sweet spot, with room in the timeouts.
    maxWorkers: 2,
    testTimeout: 120_000,
    // A real PostgreSQL server for the run (the store tests, and the suites run over it).
    globalSetup: ['test/global-postgres.ts'],
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: STORMS, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'storms', include: STORMS, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'postgres', include: OVER_POSTGRES, env: { ...ENV, GURU_TEST_STORE: 'postgres' }, sequence: { groupOrder: 0 } } },
    ],
  },
});
