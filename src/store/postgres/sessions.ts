import type { Pool } from 'pg';
import type { SessionRecord, SessionStore } from '../../core/ports.js';

/**
 * Uses closer together than this are not written down, as the file store does: a session may
 * look idle up to this much longer than it was (it ends a little early, never late), and a busy
 * inbox costs one small update a minute per session, not one per request.
 */
const SEEN_EVERY_MS = 60_000;

interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  source: string | null;
}

const COLUMNS = 'id, token_hash, user_id, created_at, last_seen_at, source';

/** Login sessions as rows keyed by id, found by token hash, ended by user (only hashes are stored). */
export class PostgresSessionStore implements SessionStore {
  /** When each session's use was last written, so `touch` skips the database between writes. */
  private written = new Map<string, number>();

  constructor(private readonly pool: Pool) {}

  async add(session: SessionRecord): Promise<void> {
    await this.pool.query(`INSERT INTO guru_sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      session.id,
      session.tokenHash,
      session.userId,
      session.createdAt,
      session.lastSeenAt,
      session.source ?? null,
    ]);
    this.written.set(session.id, Date.parse(session.lastSeenAt));
  }

  async find(tokenHash: string): Promise<SessionRecord | null> {
    const { rows } = await this.pool.query<SessionRow>(`SELECT ${COLUMNS} FROM guru_sessions WHERE token_hash = $1`, [tokenHash]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listOf(userId: string): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query<SessionRow>(`SELECT ${COLUMNS} FROM guru_sessions WHERE user_id = $1 ORDER BY created_at, id`, [userId]);
    return rows.map(toRecord);
  }

  async touch(id: string, at: string): Promise<void> {
    const time = Date.parse(at);
    const last = this.written.get(id);
    if (last !== undefined && time - last < SEEN_EVERY_MS) return;
    // Never moves a use back (another daemon may have written a later one).
    await this.pool.query('UPDATE guru_sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2', [id, at]);
    this.written.set(id, time);
  }

  async end(id: string): Promise<void> {
    await this.pool.query('DELETE FROM guru_sessions WHERE id = $1', [id]);
    this.written.delete(id);
  }

  async endAllOf(userId: string): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>('DELETE FROM guru_sessions WHERE user_id = $1 RETURNING id', [userId]);
    for (const row of rows) this.written.delete(row.id);
    return rows.length;
  }

  async prune(idleSince: string, keep: (session: SessionRecord) => boolean = () => true): Promise<number> {
    const limit = Date.parse(idleSince);
    const { rows } = await this.pool.query<SessionRow>(`SELECT ${COLUMNS} FROM guru_sessions`);
    const gone = rows.map(toRecord).filter((s) => Date.parse(s.lastSeenAt) < limit || !keep(s));
    if (gone.length === 0) return 0;
    const ids = gone.map((s) => s.id);
    await this.pool.query('DELETE FROM guru_sessions WHERE id = ANY($1::text[])', [ids]);
    for (const id of ids) this.written.delete(id);
    return gone.length;
  }

  async list(): Promise<SessionRecord[]> {
    const { rows } = await this.pool.query<SessionRow>(`SELECT ${COLUMNS} FROM guru_sessions ORDER BY created_at, id`);
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM guru_sessions');
    return rows[0]!.n;
  }
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    ...(row.source !== null ? { source: row.source } : {}),
  };
}
