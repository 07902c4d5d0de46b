import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/**
 * A store URL of one's own on the test run's PostgreSQL server: a fresh schema, created on first
 * connection, so tests running side by side never see each other's rows.
 */
export function freshStoreUrl(prefix = 't'): string {
  return `${inject('postgresUrl')}?schema=${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Whether this run's engine and command suites are run over PostgreSQL (the `postgres` project). */
export function onPostgres(): boolean {
  return process.env.GURU_TEST_STORE === 'postgres';
}

/** `guru init` flags for the suite's store: a fresh PostgreSQL schema in the `postgres` project, the data dir's files otherwise. */
export function initStoreFlags(): string[] {
  return onPostgres() ? ['--store', freshStoreUrl()] : [];
}
