import type { State } from './model.js';

/**
 * What the engine needs from persistence. `src/store` implements these; tests may too.
 * The engine never sees files, locks or JSON.
 */
export interface StateRepository {
  /** A consistent snapshot. Callers must not mutate it. */
  read(): Promise<State>;
  /**
   * Runs `change` on a private copy of the latest state. If it returns, the copy becomes the
   * state and is durable before the promise resolves; if it throws, nothing is written at all.
   * `afterCommit` runs while this is still the only writer, so what it records (the audit)
   * follows the order of the changes themselves.
   */
  update<T>(change: (draft: State) => T, afterCommit?: (result: T) => Promise<void>): Promise<T>;
}

/** One line of the audit trail: who did what to what, and when. */
export interface AuditEntry {
  time: string;
  /** The actor as people know them: "Ana Souza <ana@acme.com>" or "owner". */
  actor: string;
  /** Dotted verb, e.g. `user.add`, `round_robin.move`. */
  action: string;
  /** What it was done to: an email, a department or phone name. */
  target: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  /** Appends durably (fsync) before resolving. */
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** Entries at or after `since`, oldest first. */
  list(filter: { since?: Date }): Promise<AuditEntry[]>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
