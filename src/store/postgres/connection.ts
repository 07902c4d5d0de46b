import type { Pool, PoolClient, PoolConfig } from 'pg';
import { GuruError } from '../../core/errors.js';
import { hidePassword, isPostgresUrl } from '../../core/store-url.js';
import { t } from '../../i18n/translate.js';

/** Where a Guru keeps its stores in PostgreSQL: a database, and the schema inside it. */
export interface PostgresTarget {
  /** The connection string as given, minus Guru's own `schema` parameter. */
  connectionString: string;
  /** The schema Guru's tables live in (`?schema=` in the URL; `guru` by default). */
  schema: string;
  /** The URL with any password replaced, for messages and logs. */
  shown: string;
}

/** A plain name, short enough that its notice channel (`guru_<schema>`) stays within PostgreSQL's 63. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,57}$/;

/**
 * Reads a store URL: `postgres://user:password@host:5432/database?schema=guru`. Everything but
 * `schema` is the driver's (sslmode and the like pass through). Several installations can share
 * one database, each in its own schema.
 */
export function parsePostgresUrl(text: string): PostgresTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GuruError('invalid_input', t`${hidePassword(text)} is not a store URL — write it as postgres://user:password@host:5432/database`);
  }
  if (!isPostgresUrl(text)) throw new GuruError('invalid_input', t`${hidePassword(text)} is not a PostgreSQL URL — it must start with postgres://`);
  if (url.pathname.replace(/^\//, '') === '') {
    throw new GuruError('invalid_input', t`${hidePassword(text)} names no database — add it after the host: postgres://…@host:5432/guru`);
  }
  const schema = url.searchParams.get('schema') ?? 'guru';
  if (!SCHEMA_NAME.test(schema)) {
    throw new GuruError('invalid_input', t`schema "${schema}" in the store URL is not a plain name — use lowercase letters, digits and _`);
  }
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema, shown: hidePassword(url.toString()) };
}

/**
 * How long one statement may run, and a transaction sit idle, before the server ends it: a query
 * stuck behind a lock or a dead peer must fail (and say so) rather than hang a request for ever.
 * Whatever legitimately runs longer (a schema step over millions of rows) lifts it for itself.
 */
export const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * A pool of connections to the target, each with Guru's schema first on its search path. `pg` is
 * loaded here, on first use: the CLI over a data directory never pays for it. `connectNow`
 * (the default) connects at once and makes the schema; otherwise the first query connects.
 */
export async function openPool(target: PostgresTarget, options: { max?: number; connectNow?: boolean } = {}): Promise<Pool> {
  const { default: pg } = await import('pg');
  // BIGINT (positions, sizes) as JavaScript numbers: they stay far below 2^53.
  pg.types.setTypeParser(20, (value: string) => Number(value));
  const config: PoolConfig = {
    connectionString: target.connectionString,
    max: options.max ?? 8,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    // A connection whose server vanished without a word (a crashed host, a cut network) is found
    // out by TCP keep-alives, not by waiting for an answer that never comes.
    keepAlive: true,
    application_name: 'guru',
    options: `-c search_path=${target.schema} -c statement_timeout=${STATEMENT_TIMEOUT_MS} -c idle_in_transaction_session_timeout=${STATEMENT_TIMEOUT_MS}`,
  };
  const pool = new pg.Pool(config);
  // An idle connection the server dropped (a restart, a failover) is replaced on next use; it
  // must not take the process down.
  pool.on('error', () => undefined);
  // A database gone while running is said as such (503 from the daemon, exit 1 from a command),
  // never as an internal error; errors of the queries themselves pass as they are.
  // (The pool's own `query` calls `connect` with a callback: that form is left as it is.)
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<PoolClient> | undefined;
  Object.assign(pool, {
    query: (...args: unknown[]) => query(...args).catch((err: unknown) => Promise.reject(lostConnection(err) ? unreachable(target, err) : err)),
    connect: (...args: unknown[]) => (args.length > 0 ? connect(...args) : connect()!.catch((err: unknown) => Promise.reject(unreachable(target, err)))),
  });
  if (options.connectNow === false) return pool;
  try {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${target.schema}`);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw unreachable(target, err);
  }
  return pool;
}

/**
 * Whether a query failed because the database went away (refused, reset, shut down, out of
 * connections), not because of the query: node's network codes and PostgreSQL's classes 08
 * (connection), 57P (operator intervention) and 53300 (too many connections).
 */
function lostConnection(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return /Connection terminated|connection timeout/i.test((err as Error).message ?? '');
  return /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|08...|57P..|53300)$/.test(code);
}

/** A database that cannot be reached or refused us, said plainly (never with its password). */
export function unreachable(target: PostgresTarget, err: unknown): GuruError {
  if (err instanceof GuruError) return err;
  const reason = (err as { code?: string }).code ?? (err as Error).message;
  return new GuruError(
    'store_unreachable',
    t`cannot reach the PostgreSQL store ${target.shown} (${reason}) — check that the server runs and the URL (GURU_STORE_URL or \`guru init --store\`) is right`,
  );
}

/** Runs `work` in one transaction on one connection: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (lostConnection(err)) {
      throw new GuruError(
        'store_unreachable',
        t`lost the connection to the PostgreSQL store (${(err as { code?: string }).code ?? (err as Error).message}) — nothing was changed; try again once it is back`,
      );
    }
    throw err;
  } finally {
    client.release();
  }
}
