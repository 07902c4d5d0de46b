import { newId } from '../core/ids.js';
import type { State } from '../core/model.js';
import type { AuditEntry } from '../core/ports.js';

/** One `StateRepository.update` waiting for its write. */
export interface PendingChange {
  change: (draft: State) => unknown;
  audit?: (result: unknown) => readonly AuditEntry[];
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
  settled?: boolean;
}

/**
 * Group commit for a state repository: changes that queue up while a write is on its way go
 * together in the next (`commit` writes a batch), each resolving or failing on its own. A batch
 * that fails as a whole fails the changes it had not settled.
 */
export class StateChangeQueue {
  private pending: PendingChange[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly commit: (batch: PendingChange[]) => Promise<void>) {}

  add<T>(change: (draft: State) => T, audit?: (result: T) => readonly AuditEntry[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ change, audit: audit as PendingChange['audit'], resolve: resolve as PendingChange['resolve'], reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        await this.commit(batch).catch((err: unknown) => {
          for (const p of batch) if (!p.settled) p.reject(err);
        });
      }
    } finally {
      this.flushing = null;
    }
  }
}

/** What a batch of changes made of a state: the new state, the changes that took, their audit entries. */
export interface AppliedBatch {
  state: State;
  applied: { change: PendingChange; result: unknown }[];
  entries: AuditEntry[];
}

/**
 * Runs each change of `batch` on its own copy of the state as the one before left it: one that
 * throws is refused at once and leaves no trace, the others go ahead. Audit entries get ids.
 */
export function applyBatch(start: State, batch: readonly PendingChange[]): AppliedBatch {
  let state = start;
  const applied: AppliedBatch['applied'] = [];
  const entries: AuditEntry[] = [];
  for (const p of batch) {
    const draft = structuredClone(state);
    try {
      const result = p.change(draft);
      for (const entry of p.audit?.(result) ?? []) entries.push(entry.id ? entry : { id: newId('a'), ...entry });
      state = draft;
      applied.push({ change: p, result });
    } catch (err) {
      p.settled = true;
      p.reject(err);
    }
  }
  return { state, applied, entries };
}

/** Tells each change that took its result, once the batch is durable. */
export function settleBatch(applied: AppliedBatch['applied']): void {
  for (const { change, result } of applied) {
    change.resolve(result);
    change.settled = true;
  }
}
