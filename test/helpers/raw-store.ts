import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexCheckpoint } from '../../src/core/chats/checkpoint.js';
import { JournalStore } from '../../src/store/journal.js';
import type { DurableStores } from '../../src/store/open.js';
import type { PostgresTarget } from '../../src/store/postgres/connection.js';

/**
 * What a test reads (or plants) beneath the engine, in whichever store it runs on: the journal's
 * own text, a phone's checkpoint, what the contacts and the audit keep. Files are read as they
 * lie on disk; PostgreSQL's rows through a connection of its own (the stores hand out none).
 */

/** Runs one query on the store's database, in its schema. */
async function query<T>(target: PostgresTarget, sql: string, values: unknown[] = []): Promise<T[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target.connectionString, options: `-c search_path=${target.schema}` });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

const journalDir = (home: string) => join(home, 'journal');

/** A phone's journal as kept: its records' JSON, one a line, in order; null if it has none at all. */
export async function journalText(store: DurableStores, phone: string): Promise<string | null> {
  if ('paths' in store) {
    return readFile(join(journalDir(store.paths.home), JournalStore.fileName(phone)), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
  }
  const rows = await query<{ record: string }>(store.target, 'SELECT record FROM guru_journal WHERE phone = $1 ORDER BY pos', [phone]);
  return rows.length === 0 ? null : rows.map((row) => `${row.record}\n`).join('');
}

/**
 * Plants records in a phone's journal exactly as written (an older version's lines), as its
 * only records: the file, or rows with the phone, type and chat id the journal would give them.
 */
export async function plantJournal(store: DurableStores, phone: string, lines: readonly string[]): Promise<void> {
  if ('paths' in store) {
    await mkdir(journalDir(store.paths.home), { recursive: true });
    await writeFile(join(journalDir(store.paths.home), JournalStore.fileName(phone)), lines.map((line) => `${line}\n`).join(''));
    return;
  }
  const records = lines.map((line) => JSON.parse(line) as { type: string; chatId?: string });
  await query(
    store.target,
    `INSERT INTO guru_journal (phone, type, chat_id, record)
     SELECT $1, r.type, r.chat_id, r.record FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(type, chat_id, record, n) ORDER BY r.n`,
    [phone, records.map((r) => r.type), records.map((r) => r.chatId ?? null), lines],
  );
}

/** A phone's saved checkpoint (the index, and where in the journal it ends), or null. */
export async function savedCheckpoint(store: DurableStores, phone: string): Promise<{ index: IndexCheckpoint; end: number } | null> {
  if ('paths' in store) {
    const text = await readFile(join(journalDir(store.paths.home), JournalStore.checkpointName(phone)), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (text === null) return null;
    const { index, bytes } = JSON.parse(text) as { index: IndexCheckpoint; bytes: number };
    return { index, end: bytes };
  }
  const [row] = await query<{ upto: string; index: string }>(store.target, 'SELECT upto, index FROM guru_checkpoints WHERE phone = $1', [phone]);
  return row ? { index: JSON.parse(row.index) as IndexCheckpoint, end: Number(row.upto) } : null;
}

/** Where a phone's journal ends, as a checkpoint counts it: bytes of its file, or its last record's position. */
export async function journalEnd(store: DurableStores, phone: string): Promise<number> {
  if ('paths' in store) return (await stat(join(journalDir(store.paths.home), JournalStore.fileName(phone)))).size;
  const [row] = await query<{ pos: string | null }>(store.target, 'SELECT max(pos) AS pos FROM guru_journal WHERE phone = $1', [phone]);
  return Number(row?.pos ?? 0);
}

/** Throws a phone's checkpoint away: the next start replays its whole journal. */
export async function dropCheckpoint(store: DurableStores, phone: string): Promise<void> {
  if ('paths' in store) await rm(join(journalDir(store.paths.home), JournalStore.checkpointName(phone)));
  else await query(store.target, 'DELETE FROM guru_checkpoints WHERE phone = $1', [phone]);
}

/** Everything the contacts store keeps, as text (to compare before and after, or search for words). */
export async function contactsText(store: DurableStores): Promise<string> {
  if ('paths' in store) return readFile(store.paths.contacts, 'utf8');
  const rows = await query<{ customer: string; contact: string }>(store.target, 'SELECT customer, contact FROM guru_contacts ORDER BY customer');
  return rows.map((row) => `${row.customer} ${row.contact}\n`).join('');
}

/** Everything the audit log keeps, as text. */
export async function auditText(store: DurableStores): Promise<string> {
  if ('paths' in store) return readFile(store.paths.audit, 'utf8');
  const rows = await query<{ entry: string }>(store.target, 'SELECT entry FROM guru_audit ORDER BY pos');
  return rows.map((row) => `${row.entry}\n`).join('');
}

/** The state as kept (the state file, or its row). */
export async function keptState(store: DurableStores): Promise<{ users: { email: string; invite?: { codeHash: string } }[] }> {
  if ('paths' in store) return JSON.parse(await readFile(store.paths.state, 'utf8'));
  const [row] = await query<{ state: string }>(store.target, 'SELECT state FROM guru_state WHERE id = 1');
  return JSON.parse(row!.state);
}

/** Every byte kept, as text (to search it for what must never be kept): the data dir's files and, over PostgreSQL, every row. */
export async function everythingKept(store: DurableStores, home: string): Promise<string> {
  let all = '';
  for (const name of await readdir(home, { recursive: true }).catch(() => [])) {
    const path = join(home, name);
    if ((await stat(path)).isFile()) all += await readFile(path, 'latin1');
  }
  if ('paths' in store) return all;
  const tables = await query<{ name: string }>(store.target, 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1', [
    store.target.schema,
  ]);
  if (tables.length === 0) throw new Error(`no tables in schema ${store.target.schema}`);
  for (const { name } of tables) {
    for (const row of await query<{ text: string }>(store.target, `SELECT t::text AS text FROM ${name} t`)) all += `${row.text}\n`;
  }
  return all;
}
