import type { TestProject } from 'vitest/node';
import { startTestPostgres, type TestPostgres } from './helpers/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test run's PostgreSQL server (its `guru` database). */
    postgresUrl: string;
  }
}

/**
 * Vitest runs a global setup once per project, each loading this file anew: the server is kept
 * on the process's global object so the projects (main, storms, postgres) share one, stopped
 * when the last of them is done.
 */
const shared = globalThis as { guruTestPostgres?: { server: Promise<TestPostgres>; projects: number } };

/** One PostgreSQL server for the whole run; each test takes a schema of its own in it (`test/helpers/postgres.ts`). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.guruTestPostgres ??= { server: startTestPostgres(), projects: 0 };
  const entry = shared.guruTestPostgres;
  entry.projects += 1;
  project.provide('postgresUrl', (await entry.server).url);
  return async () => {
    entry.projects -= 1;
    if (entry.projects > 0) return;
    shared.guruTestPostgres = undefined;
    await (await entry.server).stop();
  };
}
