import type { Pool } from 'pg';
import type { IndexCheckpoint } from '../../core/chats/checkpoint.js';
import { recordContent, searchableText } from '../../core/chats/content.js';
import type { JournalRecord } from '../../core/chats/model.js';
import type { ChatJournal, JournaledLine, JournalLookup, JournalRewrite, JournalVisitor, RewriteOptions, SearchScope } from '../../core/chats/ports.js';
import type { JournalWarning } from '../journal.js';
import type { StoreBus } from './bus.js';
import { inTransaction } from './connection.js';

/** Rows read at a time (replay, scan, search): a journal of millions is never whole in memory. */
const PAGE = 10_000;

interface Row {
  pos: number;
  record: string;
}

/** A line's row with the records about it after it (statuses, its file), as `lines` and `line` read them. */
interface LineRow extends Row {
  later: string[] | null;
}

function lineOf(row: LineRow): JournaledLine {
  return {
    record: JSON.parse(row.record) as JournaledLine['record'],
    offset: row.pos,
    later: (row.later ?? []).map((text) => JSON.parse(text) as JournaledLine['later'][number]),
  };
}

/** The records about a line (`l`), oldest first: what its status and its file became. */
const LATER = `(SELECT array_agg(a.record ORDER BY a.pos) FROM guru_journal a
  WHERE a.phone = l.phone AND a.message_id = l.message_id AND a.type IN ('message.status', 'media')) AS later`;

interface PhoneQueue {
  pending: { records: readonly JournalRecord[]; resolve: (offsets: number[]) => void; reject: (err: unknown) => void }[];
  flushing: Promise<void> | null;
  /** An erasure rewriting this phone's records: appends wait for it. */
  held: Promise<void> | null;
}

/**
 * The message journal as one table: a record is a row with its phone, type and chat id beside
 * the JSON text Guru wrote. A record's offset is its row's `pos`, which only grows; a phone's
 * records are its rows in `pos` order. Appends to one phone that queue up while an insert runs go
 * out together in the next (group commit), each resolving once committed.
 *
 * A checkpoint (`guru_checkpoints`) says up to which `pos` it holds a phone's index; an erasure
 * deletes rows (and that checkpoint) in one transaction, so nobody else's offsets move.
 */
export class PostgresJournal implements ChatJournal {
  /** The last position journaled on each phone that this process knows of: where a checkpoint ends. */
  private last = new Map<string, number>();
  private queues = new Map<string, PhoneQueue>();
  /** Following other daemons: what to do with their records, and how far each phone was read in order. */
  private follower: ((phone: string, entries: { record: JournalRecord; offset: number }[]) => void) | null = null;
  private followed = new Map<string, number>();
  /** The last position this process wrote on each phone. */
  private ownLast = new Map<string, number>();
  private catchingUp = new Map<string, Promise<void>>();
  private catchUpAgain = new Set<string>();

  /**
   * Old messages are found and paged here (indexes on message id and on chat and position): the
   * chat index keeps only each chat's latest, so a daemon's memory and restart do not grow with history.
   */
  readonly lookup: JournalLookup = {
    chatsOf: async (phone, ids) => {
      if (ids.length === 0) return new Map();
      const { rows } = await this.pool.query<{ message_id: string; chat_id: string }>(
        // Ordered, so that should an id have been journaled twice the latest says where it is (as on files).
        `SELECT message_id, chat_id FROM guru_journal WHERE phone = $1 AND message_id = ANY($2::text[]) AND type IN ('message', 'note') ORDER BY pos`,
        [phone, ids],
      );
      return new Map(rows.map((row) => [row.message_id, row.chat_id]));
    },
    lines: async (phone, chatIds, before, limit) => {
      if (limit <= 0 || chatIds.length === 0) return [];
      const { rows } = await this.pool.query<LineRow>(
        // Each chat id on its own, backwards along (chat_id, pos), so a page costs its own rows, not the chat's history.
        `SELECT l.pos, l.record, ${LATER}
         FROM (SELECT c.pos, c.record, c.phone, c.message_id
               FROM unnest($2::text[]) AS ids(id)
               CROSS JOIN LATERAL (
                 SELECT pos, record, phone, message_id FROM guru_journal
                 WHERE chat_id = ids.id AND pos < $3 AND phone = $1 AND type IN ('message', 'note')
                 ORDER BY pos DESC LIMIT $4
               ) c
               ORDER BY c.pos DESC LIMIT $4) l
         ORDER BY l.pos`,
        [phone, chatIds, before, limit],
      );
      return rows.map(lineOf);
    },
    line: async (phone, id) => {
      const { rows } = await this.pool.query<LineRow>(
        `SELECT l.pos, l.record, ${LATER}
         FROM (SELECT pos, record, phone, message_id FROM guru_journal
               WHERE phone = $1 AND message_id = $2 AND type IN ('message', 'note') ORDER BY pos LIMIT 1) l`,
        [phone, id],
      );
      return rows[0] ? lineOf(rows[0]) : undefined;
    },
  };

  constructor(
    private readonly pool: Pool,
    private readonly warn: JournalWarning = () => undefined,
    /** Who writes (this process, in `writer`) and where the other daemons hear of it. */
    private readonly shared: { writer: string; channel: string } = { writer: 'guru', channel: 'guru' },
  ) {}

  /**
   * Hears of records other daemons write (over `bus`) and hands them to `absorb`, each phone's in
   * journal order, none twice and none skipped: appends to one phone are serialised in the
   * database, so positions commit in order. Records this process wrote are passed over.
   */
  follow(bus: StoreBus, absorb: (phone: string, entries: { record: JournalRecord; offset: number }[]) => void): void {
    this.follower = absorb;
    bus.on((message) => {
      if (message.k === 'journal' && message.writer !== this.shared.writer) void this.catchUp(message.phone);
    });
    bus.onResync(() => void this.settle());
  }

  /** Reads now whatever other daemons wrote that this process has not absorbed yet, on every phone. */
  async settle(): Promise<void> {
    if (!this.follower) return;
    const phones = await this.phones().catch((err: Error) => {
      this.warn('could not read what other daemons journaled; trying again at the next notice', { error: err.message });
      return [] as string[];
    });
    await Promise.all(phones.map((phone) => this.catchUp(phone)));
  }

  /** One phone's records after the last absorbed, in order; a call while one runs runs again after it. */
  private catchUp(phone: string): Promise<void> {
    const running = this.catchingUp.get(phone);
    if (running) {
      this.catchUpAgain.add(phone);
      // Resolves once the read this asked for is done (the one started when the running turn ends).
      return running.then(() => this.catchingUp.get(phone));
    }
    const run = (async () => {
      try {
        do {
          this.catchUpAgain.delete(phone);
          await this.readOn(phone);
        } while (this.catchUpAgain.has(phone));
      } catch (err) {
        this.warn('could not read what another daemon journaled; trying again at the next notice', { phone, error: (err as Error).message });
      } finally {
        this.catchingUp.delete(phone);
      }
    })();
    this.catchingUp.set(phone, run);
    return run;
  }

  /** `followed` only ever moves forward (a catch-up and an insert of this process may both move it). */
  private advanceFollowed(phone: string, pos: number): void {
    if (pos > (this.followed.get(phone) ?? 0)) this.followed.set(phone, pos);
  }

  private async readOn(phone: string): Promise<void> {
    for (;;) {
      const after = this.followed.get(phone) ?? 0;
      const { rows } = await this.pool.query<Row & { writer: string | null }>(
        'SELECT pos, record, writer FROM guru_journal WHERE phone = $1 AND pos > $2 ORDER BY pos LIMIT $3',
        [phone, after, PAGE],
      );
      if (rows.length === 0) return;
      this.handOver(phone, rows);
    }
  }

  async replay(visitor: JournalVisitor): Promise<void> {
    for (const phone of await this.phones()) {
      const { rows } = await this.pool.query<{ upto: number; index: string }>('SELECT upto, index FROM guru_checkpoints WHERE phone = $1', [phone]);
      let from = 0;
      if (rows[0]) {
        try {
          visitor.restore(phone, JSON.parse(rows[0].index) as IndexCheckpoint);
          from = rows[0].upto;
          this.noteLast(phone, from);
        } catch (err) {
          this.warn('ignored a journal checkpoint; replaying the whole journal', { phone, reason: (err as Error).message });
        }
      }
      await this.pages(phone, from, (row) => visitor.apply(phone, JSON.parse(row.record) as JournalRecord, row.pos));
      this.followed.set(phone, this.last.get(phone) ?? from);
    }
  }

  append(phone: string, records: readonly JournalRecord[]): Promise<number[]> {
    if (records.length === 0) return Promise.resolve([]);
    const queue = this.queue(phone);
    return new Promise<number[]>((resolve, reject) => {
      queue.pending.push({ records, resolve, reject });
      // While an erasure holds the phone, appends wait; its release starts them.
      if (!queue.held) queue.flushing ??= this.flush(phone, queue);
    });
  }

  async scan(visit: (phone: string, record: JournalRecord) => void): Promise<void> {
    for (const phone of await this.phones()) await this.pages(phone, 0, (row) => visit(phone, JSON.parse(row.record) as JournalRecord));
  }

  async rewrite(phone: string, keep: (record: JournalRecord) => boolean, options: RewriteOptions = {}): Promise<JournalRewrite | null> {
    const queue = this.queue(phone);
    while (queue.held) await queue.held;
    let resume!: () => void;
    queue.held = new Promise<void>((r) => (resume = r));
    const release = () => {
      queue.held = null;
      resume();
      // Appends that waited go out now.
      if (queue.pending.length > 0) queue.flushing ??= this.flush(phone, queue);
    };
    try {
      // An insert already on its way is part of what is rewritten.
      await queue.flushing;
      const erased = { chats: new Set<string>(), customers: new Set<string>() };
      const dropped = await this.unkept(phone, keep, options.about ?? null, erased);
      if (dropped.size === 0) {
        release();
        return null;
      }
      let settled = false;
      return {
        dropped: dropped.size,
        replay: (apply) => this.pages(phone, 0, (row) => void (dropped.has(row.pos) ? undefined : apply(JSON.parse(row.record) as JournalRecord, row.pos))),
        // Rows are deleted, never moved: every other record keeps its place.
        moved: (offset) => offset,
        commit: async (swapped) => {
          if (settled) throw new Error('this rewrite was settled already');
          settled = true;
          try {
            await inTransaction(this.pool, async (client) => {
              // The checkpoint describes the records before (and holds what is being erased).
              await client.query('DELETE FROM guru_checkpoints WHERE phone = $1', [phone]);
              await client.query('DELETE FROM guru_journal WHERE pos = ANY($1::bigint[])', [[...dropped]]);
              // The other daemons forget those chats too (a hundred a notice: a notice is small).
              const chats = [...erased.chats];
              for (let i = 0; i === 0 || i < chats.length; i += 100) {
                const notice = {
                  k: 'erased',
                  phone,
                  chats: chats.slice(i, i + 100),
                  customers: i === 0 ? [...erased.customers] : [],
                  writer: this.shared.writer,
                };
                await client.query('SELECT pg_notify($1, $2)', [this.shared.channel, JSON.stringify(notice)]);
              }
            });
            swapped();
          } finally {
            release();
          }
        },
        abandon: async () => {
          if (settled) return;
          settled = true;
          release();
        },
      };
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Waits for the appends on their way; the connections are the stores' and close with them. */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.flushing));
  }

  async read(phone: string, offsets: readonly number[]): Promise<JournalRecord[]> {
    if (offsets.length === 0) return [];
    const { rows } = await this.pool.query<Row>('SELECT pos, record FROM guru_journal WHERE phone = $1 AND pos = ANY($2::bigint[])', [phone, offsets]);
    const byPos = new Map(rows.map((row) => [row.pos, row.record]));
    return offsets.map((offset) => {
      const text = byPos.get(offset);
      if (text === undefined) throw new Error(`no journal record at ${offset} on ${phone}`);
      return JSON.parse(text) as JournalRecord;
    });
  }

  async saveCheckpoint(phone: string, checkpoint: IndexCheckpoint): Promise<void> {
    // Taken now, while the index and the journal's end agree.
    let upto = this.last.get(phone);
    if (this.follower) {
      // The index holds what this process wrote and others' records up to `followed`: a
      // checkpoint is taken only when those meet (the next quiet moment takes it otherwise).
      const followed = this.followed.get(phone) ?? 0;
      if ((this.ownLast.get(phone) ?? 0) > followed) return;
      upto = followed;
    }
    if (upto === undefined) return;
    await this.pool.query(
      'INSERT INTO guru_checkpoints (phone, upto, index) VALUES ($1, $2, $3) ON CONFLICT (phone) DO UPDATE SET upto = EXCLUDED.upto, index = EXCLUDED.index',
      [phone, upto, JSON.stringify(checkpoint)],
    );
  }

  /** How many inserts have run: far fewer than appends under load (group commit). */
  commits = 0;

  /** Records looked at closely (parsed) by searches: a search's cost, for tests. */
  searchParsed = 0;

  async findMessages(
    text: string,
    scope: SearchScope,
    onMatch: (phone: string, record: Extract<JournalRecord, { type: 'message' | 'note' }>) => void,
  ): Promise<{ partial: boolean }> {
    const wanted = text.toLowerCase();
    // The database narrows the rows by the longest plain-ASCII run of the words as JSON spells
    // them (its case folding beyond ASCII depends on the server's locale); each row it returns
    // is then checked properly.
    const run = longestAsciiRun(JSON.stringify(wanted).slice(1, -1));
    const like = run.length >= 2 ? `%${run.replace(/[\\%_]/g, '\\$&')}%` : '%';
    for (const phone of (await this.phones()).filter((p) => scope.phones.has(p))) {
      let after = 0;
      for (;;) {
        if (Date.now() >= scope.deadline) return { partial: true };
        const page = await this.pool
          .query<Row & { chat_id: string }>(
            `SELECT pos, record, chat_id FROM guru_journal
             WHERE phone = $1 AND pos > $2 AND type IN ('message', 'note') AND record ILIKE $3
             ORDER BY pos LIMIT $4`,
            [phone, after, like, PAGE],
          )
          // A page of rare words over a long journal can outlast the statement timeout: what was
          // found so far is the answer, partial, as when the deadline passes.
          .catch((err: { code?: string }) => (err.code === '57014' ? null : Promise.reject(err)));
        if (page === null) return { partial: true };
        const { rows } = page;
        if (rows.length === 0) break;
        for (const row of rows) {
          const record = JSON.parse(row.record) as Extract<JournalRecord, { type: 'message' | 'note' }>;
          if (!scope.accept(phone, record.id, row.chat_id)) continue;
          this.searchParsed += 1;
          if (searchableText(recordContent(record)).toLowerCase().includes(wanted)) onMatch(phone, record);
        }
        after = rows.at(-1)!.pos;
      }
    }
    return { partial: false };
  }

  private queue(phone: string): PhoneQueue {
    let queue = this.queues.get(phone);
    if (!queue) {
      queue = { pending: [], flushing: null, held: null };
      this.queues.set(phone, queue);
    }
    return queue;
  }

  private async flush(phone: string, queue: PhoneQueue): Promise<void> {
    try {
      while (queue.pending.length > 0 && !queue.held) {
        const batch = queue.pending.splice(0);
        const records = batch.flatMap((b) => b.records);
        try {
          const offsets = await this.insert(phone, records);
          let at = 0;
          for (const b of batch) {
            b.resolve(offsets.slice(at, at + b.records.length));
            at += b.records.length;
          }
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      queue.flushing = null;
    }
  }

  private async insert(phone: string, records: readonly JournalRecord[]): Promise<number[]> {
    let caughtUp = false;
    const rows = await inTransaction(this.pool, async (client) => {
      // One writer at a time per phone, across daemons: positions commit in the order they are
      // drawn, so a daemon following the journal never passes over one still to commit.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`guru-journal:${this.shared.channel}:${phone}`]);
      // Whether anyone wrote on this phone since what this process has absorbed: if not, these
      // records follow on directly, and a checkpoint may end after them.
      const before = await client.query<{ pos: number | null }>('SELECT max(pos) AS pos FROM guru_journal WHERE phone = $1', [phone]);
      caughtUp = (before.rows[0]?.pos ?? 0) <= (this.followed.get(phone) ?? 0);
      const { rows } = await client.query<{ pos: number }>(
        `INSERT INTO guru_journal (phone, type, chat_id, record, writer)
         SELECT $1, r.type, r.chat_id, r.record, $5
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(type, chat_id, record, n)
         ORDER BY r.n
         RETURNING pos`,
        [phone, records.map((r) => r.type), records.map((r) => ('chatId' in r ? r.chatId : null)), records.map((r) => JSON.stringify(r)), this.shared.writer],
      );
      await client.query('SELECT pg_notify($1, $2)', [this.shared.channel, JSON.stringify({ k: 'journal', phone, writer: this.shared.writer })]);
      return rows;
    });
    this.commits += 1;
    // Positions are drawn in the order rows are inserted: ascending, they are the records' own order.
    const offsets = rows.map((row) => row.pos).sort((a, b) => a - b);
    this.noteLast(phone, offsets.at(-1)!);
    this.ownLast.set(phone, offsets.at(-1)!);
    if (caughtUp) this.advanceFollowed(phone, offsets.at(-1)!);
    return offsets;
  }

  /** Rows read in order: those not absorbed yet that others wrote go to the follower; how far was read moves on. */
  private handOver(phone: string, rows: readonly (Row & { writer: string | null })[]): void {
    const from = this.followed.get(phone) ?? 0;
    const foreign = rows
      .filter((row) => row.pos > from && row.writer !== this.shared.writer)
      .map((row) => ({ record: JSON.parse(row.record) as JournalRecord, offset: row.pos }));
    if (rows.length > 0) {
      this.advanceFollowed(phone, rows.at(-1)!.pos);
      this.noteLast(phone, rows.at(-1)!.pos);
    }
    if (foreign.length > 0) this.follower?.(phone, foreign);
  }

  /** The positions of `phone`'s records that `keep` refuses (only those naming one of `about` are read, when given). */
  private async unkept(
    phone: string,
    keep: (record: JournalRecord) => boolean,
    about: readonly string[] | null,
    erased: { chats: Set<string>; customers: Set<string> },
  ): Promise<Set<number>> {
    const dropped = new Set<number>();
    const patterns = about?.map((needle) => `%${needle.replace(/[\\%_]/g, '\\$&')}%`) ?? null;
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query<Row>(
        `SELECT pos, record FROM guru_journal
         WHERE phone = $1 AND pos > $2 AND ($3::text[] IS NULL OR record LIKE ANY($3::text[]))
         ORDER BY pos LIMIT $4`,
        [phone, after, patterns, PAGE],
      );
      if (rows.length === 0) return dropped;
      for (const row of rows) {
        const record = JSON.parse(row.record) as JournalRecord;
        if (keep(record)) continue;
        dropped.add(row.pos);
        if ('chatId' in record) erased.chats.add(record.chatId);
        if (record.type === 'customer.alias') erased.customers.add(record.customer).add(record.alias);
      }
      after = rows.at(-1)!.pos;
    }
  }

  private async pages(phone: string, from: number, visit: (row: Row) => void): Promise<void> {
    let after = from;
    for (;;) {
      const { rows } = await this.pool.query<Row>('SELECT pos, record FROM guru_journal WHERE phone = $1 AND pos > $2 ORDER BY pos LIMIT $3', [
        phone,
        after,
        PAGE,
      ]);
      if (rows.length === 0) return;
      for (const row of rows) visit(row);
      after = rows.at(-1)!.pos;
      this.noteLast(phone, after);
    }
  }

  /** Every phone with records or a checkpoint, in order. */
  private async phones(): Promise<string[]> {
    const { rows } = await this.pool.query<{ phone: string }>(
      // A skip over the (phone, pos) index, one lookup per phone, instead of reading every row.
      `WITH RECURSIVE p AS (
         SELECT min(phone) AS phone FROM guru_journal
         UNION ALL
         SELECT (SELECT min(phone) FROM guru_journal WHERE phone > p.phone) FROM p WHERE p.phone IS NOT NULL
       )
       SELECT phone FROM p WHERE phone IS NOT NULL UNION SELECT phone FROM guru_checkpoints ORDER BY phone`,
    );
    return rows.map((row) => row.phone);
  }

  private noteLast(phone: string, pos: number): void {
    if (pos > (this.last.get(phone) ?? 0)) this.last.set(phone, pos);
  }
}

/** The longest stretch of printable ASCII in `text`. */
function longestAsciiRun(text: string): string {
  let best = '';
  for (const run of text.split(/[^\x20-\x7e]+/)) if (run.length > best.length) best = run;
  return best;
}
