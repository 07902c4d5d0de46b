import type { Operations } from '../core/engine.js';

/**
 * What commands and the inbox call. Today it runs the engine in-process (`local.ts`); once the
 * daemon serves the API, the same interface goes over its socket, and no command changes.
 */
export type Client = Operations;
