import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    // End-to-end tests spawn real processes (200 at once in the concurrency tests); on a
    // 2-core CI machine two files in parallel is the sweet spot, with room in the timeouts.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
