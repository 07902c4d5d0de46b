import type { Operations } from '../core/engine.js';

/**
 * What commands and the inbox call. Today it runs the engine in-process (`local.ts`); once the
 * daemon serves the API, the same interface goes over its socket, and no command changes.
 */
export type Client = Operations;

/** Operations that only read, so the local client can skip the writer lock for them. */
export const READ_OPERATIONS: ReadonlySet<string> = new Set([
  'account.show',
  'users.list',
  'users.show',
  'departments.list',
  'departments.show',
  'phones.list',
  'phones.show',
  'roundRobin.show',
  'roundRobin.simulate',
  'audit.list',
]);
