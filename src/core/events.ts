import type { AuditEntry } from './ports.js';

/**
 * What the engine announces as it happens. The daemon fans these out to watch streams,
 * filtered to what each watcher may see; consumers switch on `type` exhaustively.
 */
export type EngineEvent =
  | { type: 'presence'; email: string; online: boolean }
  | { type: 'audit'; entry: AuditEntry };

export function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
