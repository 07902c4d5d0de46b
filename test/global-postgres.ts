import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './helpers/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test run's PostgreSQL server (its `guru` database). */
    postgresUrl: string;
  }
}

/** One PostgreSQL server for the whole run; each test takes a schema of its own in it (`test/helpers/postgres.ts`). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
