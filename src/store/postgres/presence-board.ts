import type { Pool } from 'pg';
import type { StoreBus } from './bus.js';
import { inTransaction } from './connection.js';

/**
 * Who is online at each daemon (several daemons on one database): each posts the users it sees
 * online, for a while it renews (`until`), and reads the others'. Online anywhere counts for the
 * rodízio everywhere. A daemon that dies stops renewing: its users drop off once `until` passes.
 */
export class PresenceBoard {
  private others: ReadonlySet<string> = new Set();
  private posted = '';

  constructor(
    private readonly pool: Pool,
    private readonly shared: { writer: string; channel: string },
    private readonly ttlMs: number,
  ) {}

  /** The users online at other daemons, as last read. */
  elsewhere(): ReadonlySet<string> {
    return this.others;
  }

  /** Posts (or renews) who is online here; the others hear of a change at once. */
  async post(online: ReadonlySet<string>): Promise<void> {
    const users = [...online].sort();
    const changed = users.join() !== this.posted;
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM guru_presence WHERE daemon = $1 AND NOT (user_id = ANY($2::text[]))', [this.shared.writer, users]);
      await client.query(
        `INSERT INTO guru_presence (daemon, user_id, until) SELECT $1, u, now() + $3::interval FROM unnest($2::text[]) AS u
         ON CONFLICT (daemon, user_id) DO UPDATE SET until = EXCLUDED.until`,
        [this.shared.writer, users, `${this.ttlMs} milliseconds`],
      );
      if (changed) await client.query('SELECT pg_notify($1, $2)', [this.shared.channel, JSON.stringify({ k: 'presence', writer: this.shared.writer })]);
    });
    this.posted = users.join();
  }

  /** Reads who is online at the other daemons; resolves with whether that changed. */
  async read(): Promise<boolean> {
    const { rows } = await this.pool.query<{ user_id: string }>('SELECT DISTINCT user_id FROM guru_presence WHERE daemon <> $1 AND until > now()', [
      this.shared.writer,
    ]);
    const next = new Set(rows.map((r) => r.user_id));
    const changed = next.size !== this.others.size || [...next].some((u) => !this.others.has(u));
    this.others = next;
    return changed;
  }

  /** Reads again whenever another daemon says its users changed. */
  follow(bus: StoreBus, changed: () => void): void {
    bus.on((message) => {
      if (message.k === 'presence' && message.writer !== this.shared.writer)
        void this.read().then(
          (yes) => yes && changed(),
          () => undefined,
        );
    });
  }

  /** This daemon is stopping: its users are taken off at once. */
  async clear(): Promise<void> {
    await this.pool.query('DELETE FROM guru_presence WHERE daemon = $1', [this.shared.writer]).catch(() => undefined);
  }
}
