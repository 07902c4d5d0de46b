import type { Pool } from 'pg';
import { emptyState, type State } from '../../core/model.js';
import type { AuditEntry, StateRepository } from '../../core/ports.js';
import { stateFromText } from '../state-file.js';
import { applyBatch, settleBatch, StateChangeQueue, type AppliedBatch, type PendingChange } from '../state-changes.js';
import { insertAuditEntries, type PostgresAuditLog } from './audit.js';
import type { StoreBus } from './bus.js';
import { inTransaction } from './connection.js';

/** How errors name the state when it is kept in PostgreSQL. */
const SOURCE = 'guru_state (PostgreSQL)';

/**
 * The state as one row (`guru_state`, JSON text and a sequence number). Every change is made
 * under that row's lock on the latest state in the database — whichever process or daemon wrote
 * it — so changes from anywhere apply one at a time, in order, and a rodízio turn is never handed
 * out twice. Its audit entries are inserted in the same transaction.
 *
 * Changes that queue up while a transaction runs are applied together in the next (group
 * commit), each on its own copy: one that throws leaves no trace, the others go ahead.
 */
export class PostgresStateRepository implements StateRepository {
  private data: State = emptyState();
  private seq = 0;
  private readonly changes = new StateChangeQueue((batch) => this.commit(batch));

  /** Told when another daemon (or a command elsewhere) changed the state and this process has read it. */
  private readonly changedElsewhere: ((state: State) => void)[] = [];
  private reloading: Promise<void> | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly audit: PostgresAuditLog,
    private readonly shared: { writer: string; channel: string } = { writer: 'guru', channel: 'guru' },
    private readonly warn: (message: string, details: Record<string, unknown>) => void = () => undefined,
  ) {}

  /**
   * Follows changes made elsewhere (over `bus`): the state is read again, then the audit
   * entries others wrote are announced, so watchers hear of them as of the state they describe.
   */
  follow(bus: StoreBus, onChange: (state: State) => void): void {
    this.changedElsewhere.push(onChange);
    bus.on((message) => {
      if (message.writer === this.shared.writer) return;
      // (A state this process already took in while committing still has its audit entries to announce.)
      if (message.k === 'state' || message.k === 'audit') void this.reload();
    });
    bus.onResync(() => void this.reload());
  }

  /** Reads the state again, then announces others' audit entries; a notice during a read reads again after it. Never rejects. */
  private reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          const { rows } = await this.pool.query<{ seq: number; state: string | null }>(
            'SELECT seq, CASE WHEN seq = $1 THEN NULL ELSE state END AS state FROM guru_state WHERE id = 1',
            [this.seq],
          );
          const row = rows[0];
          if (row?.state != null && row.seq > this.seq) this.takeIn(row.seq, row.state);
          await this.audit.catchUp();
        } while (this.reloadAgain);
      } catch (err) {
        this.warn('could not read what another daemon changed; reading it at the next notice', { error: (err as Error).message });
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  private reloadAgain = false;

  /** A state another writer committed becomes this process's, and the followers hear of it. */
  private takeIn(seq: number, text: string): void {
    this.data = stateFromText(SOURCE, text);
    this.seq = seq;
    for (const told of this.changedElsewhere) told(this.data);
  }

  /** Reads the latest state (creating the row of an empty one the first time). */
  async load(): Promise<void> {
    await this.pool.query('INSERT INTO guru_state (id, seq, state) VALUES (1, 0, $1) ON CONFLICT (id) DO NOTHING', [JSON.stringify(emptyState())]);
    const { rows } = await this.pool.query<{ seq: number; state: string }>('SELECT seq, state FROM guru_state WHERE id = 1');
    this.seq = rows[0]!.seq;
    this.data = stateFromText(SOURCE, rows[0]!.state);
  }

  async read(): Promise<State> {
    return this.data;
  }

  now(): State {
    return this.data;
  }

  /** The sequence number of the state this process holds (it grows by one with each change). */
  get version(): number {
    return this.seq;
  }

  update<T>(change: (draft: State) => T, audit?: (result: T) => readonly AuditEntry[]): Promise<T> {
    return this.changes.add(change, audit);
  }

  private async commit(batch: PendingChange[]): Promise<void> {
    let outcome: AppliedBatch | null = null;
    const written = await inTransaction(this.pool, async (client) => {
      // The state is sent only when another writer changed it since this process last saw it.
      const { rows } = await client.query<{ seq: number; state: string | null }>(
        'SELECT seq, CASE WHEN seq = $1 THEN NULL ELSE state END AS state FROM guru_state WHERE id = 1 FOR UPDATE',
        [this.seq],
      );
      const row = rows[0]!;
      if (row.state !== null) this.takeIn(row.seq, row.state);
      outcome = applyBatch(this.data, batch);
      const { state, entries } = outcome;
      const text = JSON.stringify(state);
      // A no-op writes nothing (the sequence stays, other daemons have nothing to reload).
      if (entries.length === 0 && (state === this.data || text === JSON.stringify(this.data))) return null;
      await client.query('UPDATE guru_state SET seq = $1, state = $2 WHERE id = 1', [this.seq + 1, text]);
      await insertAuditEntries(client, entries, this.shared.writer, this.shared.channel);
      await client.query('SELECT pg_notify($1, $2)', [this.shared.channel, JSON.stringify({ k: 'state', seq: this.seq + 1, writer: this.shared.writer })]);
      return state;
    });
    if (written) {
      this.data = written;
      this.seq += 1;
      this.audit.announce(outcome!.entries);
    }
    settleBatch(outcome!.applied);
  }
}
