import type { Operations } from '../core/engine.js';

export { invokeOperation as invoke } from '../core/engine.js';

/**
 * What commands and the inbox call: the engine's operations, grouped by noun. Whether they run
 * in this process (`local.ts`) or over the daemon's socket (`http.ts`) is invisible to callers.
 */
export type Client = Operations;

export type OperationCall = (noun: string, verb: string, args: unknown[]) => Promise<unknown>;

/** Builds a Client whose `client.users.add(...)` becomes `call('users', 'add', [...])`. */
export function clientFrom(call: OperationCall): Client {
  return new Proxy({} as Client, {
    get: (_t, noun: string) =>
      new Proxy(
        {},
        {
          get:
            (_u, verb: string) =>
            (...args: unknown[]) =>
              call(noun, verb, args),
        },
      ),
  });
}
