import { defineConfig } from 'vitest/config';

/**
 * Load storms: files that start hundreds of processes at once. They run alone, after everything
 * else: beside them, any other file's daemon could take longer to start than its timeout allows.
 */
const STORMS = ['test/e2e/concurrent-writes.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    // Every daemon a test starts checks each answer against its declared output schema
    // (src/api/outputs.ts); production skips that cost.
    // Tests read English unless they choose a language (the Portuguese tests unset GURU_LANG).
    env: { GURU_CHECK_OUTPUT: '1', GURU_LANG: 'en' },
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
    ],
  },
});
