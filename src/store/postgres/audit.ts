import type { Pool, PoolClient } from 'pg';
import type { AuditEntry, AuditLog } from '../../core/ports.js';
import type { AuditListener } from '../audit-file.js';
import { inTransaction } from './connection.js';

/** Rows read or rewritten at a time: an audit trail of years is never whole in memory twice. */
const PAGE = 5_000;

/**
 * The audit trail as a table, in the order entries were appended (`pos`). Entries that go with
 * a state change are inserted in that change's transaction (`insertAuditEntries`), so a crash
 * leaves both or neither; the listener hears of them once committed.
 */
export class PostgresAuditLog implements AuditLog {
  /** Following other daemons: the last position announced (theirs) or passed over (ours). */
  private seen: number | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly onAppended: AuditListener = () => undefined,
    private readonly shared: { writer: string; channel: string } = { writer: 'guru', channel: 'guru' },
  ) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await inTransaction(this.pool, async (client) => {
      await insertAuditEntries(client, entries, this.shared.writer, this.shared.channel);
      await client.query('SELECT pg_notify($1, $2)', [this.shared.channel, JSON.stringify({ k: 'audit', writer: this.shared.writer })]);
    });
    this.onAppended(entries);
  }

  /** From now on, entries other daemons append are announced too (`catchUp`): those before are history. */
  async followFromNow(): Promise<void> {
    const { rows } = await this.pool.query<{ pos: number | null }>('SELECT max(pos) AS pos FROM guru_audit');
    this.seen = rows[0]?.pos ?? 0;
  }

  /** Announces the entries others appended since the last call, in order. */
  async catchUp(): Promise<void> {
    if (this.seen === null) return;
    for (;;) {
      const { rows }: { rows: { pos: number; entry: string; writer: string | null }[] } = await this.pool.query(
        'SELECT pos, entry, writer FROM guru_audit WHERE pos > $1 ORDER BY pos LIMIT $2',
        [this.seen, PAGE],
      );
      if (rows.length === 0) return;
      this.seen = rows.at(-1)!.pos;
      const theirs = rows.filter((row) => row.writer !== this.shared.writer).map((row) => JSON.parse(row.entry) as AuditEntry);
      if (theirs.length > 0) this.onAppended(theirs);
    }
  }

  /** Tells the listener of entries committed with a state change. */
  announce(entries: readonly AuditEntry[]): void {
    if (entries.length > 0) this.onAppended(entries);
  }

  async list(filter: { since?: Date }): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    await this.pages(filter.since ?? null, (rows) => {
      for (const row of rows) entries.push(JSON.parse(row.entry) as AuditEntry);
    });
    return entries;
  }

  async rewrite(change: (entry: AuditEntry) => AuditEntry): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      // Appends wait for the rewrite (they insert into the locked table), as the file's do.
      await client.query('LOCK TABLE guru_audit IN EXCLUSIVE MODE');
      let changed = 0;
      let after = 0;
      for (;;) {
        const { rows } = await client.query<{ pos: number; entry: string }>('SELECT pos, entry FROM guru_audit WHERE pos > $1 ORDER BY pos LIMIT $2', [
          after,
          PAGE,
        ]);
        if (rows.length === 0) break;
        for (const row of rows) {
          const next = JSON.stringify(change(JSON.parse(row.entry) as AuditEntry));
          if (next === row.entry) continue;
          changed += 1;
          await client.query('UPDATE guru_audit SET entry = $2 WHERE pos = $1', [row.pos, next]);
        }
        after = rows.at(-1)!.pos;
      }
      return changed;
    });
  }

  private async pages(since: Date | null, visit: (rows: { pos: number; entry: string }[]) => void): Promise<void> {
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ pos: number; entry: string }>(
        'SELECT pos, entry FROM guru_audit WHERE pos > $1 AND ($2::timestamptz IS NULL OR time >= $2) ORDER BY pos LIMIT $3',
        [after, since, PAGE],
      );
      if (rows.length === 0) return;
      visit(rows);
      after = rows.at(-1)!.pos;
    }
  }
}

/** Inserts audit entries (on a transaction's connection, or the pool); an id already there is not added twice. */
export async function insertAuditEntries(db: PoolClient, entries: readonly AuditEntry[], writer: string, channel: string): Promise<void> {
  if (entries.length === 0) return;
  // The id first, as the file keeps it.
  const texts = entries.map((e) => JSON.stringify(e.id ? { id: e.id, ...e } : e));
  // One writer at a time (in its transaction): positions commit in order, so a daemon following
  // the trail never passes over one still to commit.
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`guru-audit:${channel}`]);
  await db.query(
    `INSERT INTO guru_audit (id, time, entry, writer)
     SELECT i, t, e, $4 FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS u(i, t, e)
     ON CONFLICT (id) DO NOTHING`,
    [entries.map((e) => e.id ?? null), entries.map((e) => e.time), texts, writer],
  );
}
