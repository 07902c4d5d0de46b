import { join } from 'node:path';
import pg from 'pg';
import { chatIdFor } from '../src/core/chats/customer.js';
import { startTestPostgres } from '../test/helpers/postgres-server.js';
import { cleanup, tempDir, type Figure } from './lib.js';
import { moveStateTo } from './postgres.js';
import { startAndStop } from './restart.js';
import { PHONE, seedHome } from './seed.js';

/** Rows inserted per statement while seeding: one transaction each, so the server's memory stays small. */
const SEED_STEP = 500_000;

/**
 * A long history on PostgreSQL: a daemon over 10 million journaled messages (5,000 chats) until its
 * API answers, and its memory then. The journal finds and pages old messages itself, so the index
 * holds each chat's latest few: the restart and the memory should not depend on the history's
 * length. The figure is the everyday restart (the daemon before stopped gracefully and left a
 * checkpoint); its baseline, in the same run, is the very first start over the seeded rows, which
 * replays all of them.
 */
export async function deepHistory(quick: boolean): Promise<Figure[]> {
  const messages = quick ? 200_000 : 10_000_000;
  const chats = 5_000;
  const server = await startTestPostgres();
  const dir = await tempDir('guru-bench-deep-');
  const home = join(dir, 'data');
  try {
    const url = `${server.url}?schema=deep`;
    await seedHome(home, 10);
    await moveStateTo(home, url);
    const seedMs = await seedRows(server.url, chats, messages);
    const env = { GURU_STORE_URL: url };
    const replay = await startAndStop(home, { env, timeoutMs: 60 * 60_000 });
    const restarted = await startAndStop(home, { env });
    const label = `${(messages / 1e6).toLocaleString('en')}M messages on PostgreSQL (${chats.toLocaleString('en')} chats)`;
    return [
      {
        name: `deep history: restart until the API answers, ${label}`,
        value: restarted.ms,
        unit: 'ms',
        baseline: { name: 'first start: the whole journal replayed', value: replay.ms },
        goal: { text: '≤ 2,000 ms', met: restarted.ms <= 2_000 },
        note: `seeded in ${Math.round(seedMs / 1000)} s`,
      },
      {
        name: `deep history: daemon RSS once ready, ${label}`,
        value: restarted.rssMb,
        unit: 'MB',
        baseline: { name: 'after the whole journal replayed', value: replay.rssMb },
        goal: { text: '≤ 300 MB', met: restarted.rssMb <= 300 },
      },
    ];
  } finally {
    await cleanup(dir);
    await server.stop();
  }
}

/**
 * The journal written by the server itself (the records `seedJournal` writes to files, byte for
 * byte the JSON Guru would write): each chat's opening, then `messages` customers' messages
 * spread over the chats in turn, a second apart.
 */
async function seedRows(serverUrl: string, chats: number, messages: number): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('SET search_path TO deep');
    const customers = Array.from({ length: chats }, (_, c) => `+55119${String(c).padStart(8, '0')}`);
    const ids = customers.map((customer) => chatIdFor(PHONE, customer));
    const start = Date.parse('2026-01-01T00:00:00Z');
    const opened = customers.map((customer, c) =>
      JSON.stringify({
        type: 'chat.opened',
        chatId: ids[c],
        customer,
        name: `Cliente ${c}`,
        time: new Date(start).toISOString(),
        assignee: { type: 'user', userId: `u_${c % 3}` },
        trail: [],
        cause: 'new',
      }),
    );
    await client.query(
      `INSERT INTO guru_journal (phone, type, chat_id, record)
       SELECT $1, 'chat.opened', r.chat_id, r.record FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS r(chat_id, record, n) ORDER BY r.n`,
      [PHONE, ids, opened],
    );
    for (let from = 0; from < messages; from += SEED_STEP) {
      await client.query(
        `INSERT INTO guru_journal (phone, type, chat_id, record)
         SELECT $1, 'message', ($2::text[])[(g % $3)::int + 1],
           format('{"type":"message","id":"M%s","chatId":"%s","direction":"in","text":"Olá, esta é a mensagem número %s sobre o pedido","time":"%s"}',
             g, ($2::text[])[(g % $3)::int + 1], g,
             to_char(to_timestamp($4::double precision + g) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"'))
         FROM generate_series($5::bigint, $6::bigint) AS g ORDER BY g`,
        [PHONE, ids, chats, start / 1000, from, Math.min(messages, from + SEED_STEP) - 1],
      );
    }
    await client.query('ANALYZE guru_journal');
  } finally {
    await client.end();
  }
  return performance.now() - started;
}
