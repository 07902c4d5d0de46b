import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // Every daemon a test starts checks each answer against its declared output schema
    // (src/api/outputs.ts); production skips that cost.
    // Tests read English unless they choose a language (the Portuguese tests unset GURU_LANG).
    env: { GURU_CHECK_OUTPUT: '1', GURU_LANG: 'en' },
    // End-to-end tests spawn real processes (200 at once in the concurrency tests); on a
    // 2-core CI machine two files in parallel is the sweet spot, with room in the timeouts.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
