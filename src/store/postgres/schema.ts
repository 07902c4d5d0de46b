import type { Pool } from 'pg';
import { GuruError } from '../../core/errors.js';
import { t } from '../../i18n/translate.js';
import { inTransaction } from './connection.js';

/**
 * One step of the database schema. Steps are applied in order at start, each in its own
 * transaction, and never edited once released: a change is a new step at the end.
 */
interface SchemaStep {
  version: number;
  /** What the step adds, in a few words (kept in `guru_schema` beside its version). */
  what: string;
  sql: string;
}

/**
 * Every table is keyed so one person's data can be found and erased (LGPD): a customer's
 * journal records by `chat_id`, their contact by `customer`, a user's sessions by `user_id`, a
 * phone's WhatsApp credentials by name. Records and the state are kept as the JSON text Guru
 * wrote (not `jsonb`), so what goes in comes back byte for byte.
 */
export const SCHEMA_STEPS: readonly SchemaStep[] = [
  {
    version: 1,
    what: 'state, audit, sessions, secrets, contacts, media, journal and checkpoints',
    sql: `
      CREATE TABLE guru_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        state text NOT NULL
      );
      CREATE TABLE guru_audit (
        pos bigserial PRIMARY KEY,
        id text UNIQUE,
        time timestamptz NOT NULL,
        entry text NOT NULL
      );
      CREATE INDEX guru_audit_time ON guru_audit (time);
      CREATE TABLE guru_sessions (
        id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        user_id text NOT NULL,
        created_at text NOT NULL,
        last_seen_at text NOT NULL,
        source text
      );
      CREATE INDEX guru_sessions_user ON guru_sessions (user_id);
      CREATE TABLE guru_secrets (
        name text PRIMARY KEY,
        value text NOT NULL
      );
      CREATE TABLE guru_contacts (
        customer text PRIMARY KEY,
        contact text NOT NULL
      );
      CREATE TABLE guru_media (
        sha256 text PRIMARY KEY,
        size bigint NOT NULL,
        blob text NOT NULL
      );
      CREATE TABLE guru_media_chunks (
        blob text NOT NULL,
        n integer NOT NULL,
        bytes bytea NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (blob, n)
      );
      CREATE TABLE guru_journal (
        pos bigserial PRIMARY KEY,
        phone text NOT NULL,
        type text NOT NULL,
        chat_id text,
        record text NOT NULL
      );
      CREATE INDEX guru_journal_phone ON guru_journal (phone, pos);
      CREATE INDEX guru_journal_chat ON guru_journal (chat_id);
      CREATE TABLE guru_checkpoints (
        phone text PRIMARY KEY,
        upto bigint NOT NULL,
        index text NOT NULL
      );
    `,
  },
  {
    version: 2,
    what: 'several daemons: who wrote each record, which daemon holds each phone, who is online where',
    sql: `
      ALTER TABLE guru_journal ADD COLUMN writer text;
      ALTER TABLE guru_audit ADD COLUMN writer text;
      CREATE TABLE guru_leases (
        phone text PRIMARY KEY,
        holder text NOT NULL,
        holder_name text NOT NULL,
        expires_at timestamptz NOT NULL
      );
      CREATE TABLE guru_presence (
        daemon text NOT NULL,
        user_id text NOT NULL,
        until timestamptz NOT NULL,
        PRIMARY KEY (daemon, user_id)
      );
    `,
  },
  {
    version: 3,
    what: 'messages found and paged in the database (the message id each record is about, chats by position); every running daemon, numbers or not',
    sql: `
      ALTER TABLE guru_journal ADD COLUMN message_id text GENERATED ALWAYS AS (
        CASE WHEN type IN ('message', 'note', 'message.status', 'media') THEN (record::json)->>'id' END
      ) STORED;
      CREATE INDEX guru_journal_message ON guru_journal (phone, message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX guru_journal_chat_pos ON guru_journal (chat_id, pos);
      DROP INDEX guru_journal_chat;
      CREATE TABLE guru_daemons (
        id text PRIMARY KEY,
        name text NOT NULL,
        until timestamptz NOT NULL
      );
      ANALYZE guru_journal;
    `,
  },
];

export const DATABASE_SCHEMA = SCHEMA_STEPS.at(-1)!.version;

/**
 * Brings the schema up to date. Daemons starting together on one database take turns (an
 * advisory lock held by the transaction): one applies the missing steps, the others find them
 * done. A database written by a newer Guru is refused, untouched.
 */
export async function migrateSchema(pool: Pool, schema: string, steps: readonly SchemaStep[] = SCHEMA_STEPS): Promise<void> {
  await inTransaction(pool, async (client) => {
    // A step may rewrite every row of a long journal: no statement timeout for this transaction.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`guru-schema:${schema}`]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS guru_schema (version integer PRIMARY KEY, what text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM guru_schema');
    const current = rows[0]?.version ?? 0;
    const newest = steps.at(-1)?.version ?? 0;
    if (current > newest) {
      throw new GuruError(
        'store_unreadable',
        t`the PostgreSQL store was set up by a newer Guru (schema ${current}; this one knows up to ${newest}) — upgrade Guru; nothing was changed`,
      );
    }
    for (const step of steps) {
      if (step.version <= current) continue;
      await client.query(step.sql);
      await client.query('INSERT INTO guru_schema (version, what) VALUES ($1, $2)', [step.version, step.what]);
    }
  });
}
