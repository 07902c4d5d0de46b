import { readFile } from 'node:fs/promises';
import type { SessionRecord, SessionStore } from '../core/ports.js';
import { diskError } from './disk-errors.js';
import { appendDurably, writeFileDurably } from './durable-write.js';
import { t } from '../i18n/translate.js';

/** One line of the log. */
type Op = { op: 'add'; session: SessionRecord } | { op: 'seen'; id: string; at: string } | { op: 'end'; id: string } | { op: 'endUser'; userId: string };

/**
 * Uses closer together than this are not written down (the one in memory is exact): after a
 * restart a session may look idle up to this much longer than it was — it ends a little early,
 * never late — and a busy inbox costs one small append a minute, not one per request.
 */
const SEEN_EVERY_MS = 60_000;

/** The log is rewritten with only the live sessions once it holds this many lines more than them. */
const COMPACT_SLACK = 1_000;

/**
 * Login sessions as an append-only JSONL log (`sessions.jsonl`, 0600), apart from the state:
 * a login, a logout or a use appends one short line and never rewrites anything large. Only
 * token hashes are stored. The log is read whole once and kept in memory by the process that
 * holds the writer lock for its life (the daemon); otherwise (a CLI command ending someone's
 * sessions) it is read afresh on each lookup. When dead lines outnumber the live sessions by
 * enough, the live ones are written to a new log that atomically replaces the old.
 */
export class SessionLog implements SessionStore {
  private byId = new Map<string, SessionRecord>();
  private byHash = new Map<string, string>();
  /** When each session's use was last written down. */
  private written = new Map<string, number>();
  private lines = 0;
  private loaded = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    /** True where this process is the only writer for its whole life, so memory stays the truth. */
    private readonly cache: boolean,
  ) {}

  add(session: SessionRecord): Promise<void> {
    return this.serial(async () => {
      await this.load();
      await this.append([{ op: 'add', session }]);
      this.apply({ op: 'add', session });
    });
  }

  /** Many at once, in one append (sessions migrated from an older state file). */
  addAll(sessions: readonly SessionRecord[]): Promise<void> {
    return this.serial(async () => {
      await this.load();
      const ops = sessions.map((session): Op => ({ op: 'add', session }));
      await this.append(ops);
      for (const op of ops) this.apply(op);
    });
  }

  find(tokenHash: string): Promise<SessionRecord | null> {
    return this.serial(async () => {
      await this.load();
      const id = this.byHash.get(tokenHash);
      return id ? { ...this.byId.get(id)! } : null;
    });
  }

  listOf(userId: string): Promise<SessionRecord[]> {
    return this.serial(async () => {
      await this.load();
      return [...this.byId.values()].filter((s) => s.userId === userId).map((s) => ({ ...s }));
    });
  }

  touch(id: string, at: string): Promise<void> {
    return this.serial(async () => {
      await this.load();
      const session = this.byId.get(id);
      if (!session) return;
      session.lastSeenAt = at;
      const time = Date.parse(at);
      if (time - (this.written.get(id) ?? 0) < SEEN_EVERY_MS) return;
      await this.append([{ op: 'seen', id, at }]);
      this.written.set(id, time);
      await this.compactIfWorthIt();
    });
  }

  end(id: string): Promise<void> {
    return this.serial(async () => {
      await this.load();
      if (this.loaded && this.cache && !this.byId.has(id)) return;
      await this.append([{ op: 'end', id }]);
      this.apply({ op: 'end', id });
      await this.compactIfWorthIt();
    });
  }

  endAllOf(userId: string): Promise<number> {
    return this.serial(async () => {
      await this.load();
      const count = [...this.byId.values()].filter((s) => s.userId === userId).length;
      // Written even when none are known here: another process's view may be staler than the file.
      await this.append([{ op: 'endUser', userId }]);
      this.apply({ op: 'endUser', userId });
      await this.compactIfWorthIt();
      return count;
    });
  }

  prune(idleSince: string, keep: (session: SessionRecord) => boolean = () => true): Promise<number> {
    return this.serial(async () => {
      await this.load();
      const limit = Date.parse(idleSince);
      const ended = [...this.byId.values()].filter((s) => Date.parse(s.lastSeenAt) < limit || !keep(s));
      if (ended.length === 0) return 0;
      const ops = ended.map((s): Op => ({ op: 'end', id: s.id }));
      await this.append(ops);
      for (const op of ops) this.apply(op);
      await this.compactIfWorthIt();
      return ended.length;
    });
  }

  count(): Promise<number> {
    return this.serial(async () => {
      await this.load();
      return this.byId.size;
    });
  }

  list(): Promise<SessionRecord[]> {
    return this.serial(async () => {
      await this.load();
      return [...this.byId.values()].map((s) => ({ ...s }));
    });
  }

  /** One operation at a time: each sees the log as the one before left it. */
  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async load(): Promise<void> {
    if (this.loaded && this.cache) return;
    this.byId.clear();
    this.byHash.clear();
    this.lines = 0;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw diskError(err, this.file, t`no session was changed`);
      text = '';
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      this.lines += 1;
      let op: Op;
      try {
        op = JSON.parse(line) as Op;
      } catch {
        continue; // a line torn by a crash mid-append: that operation never finished
      }
      this.apply(op);
    }
    for (const [id, s] of this.byId) this.written.set(id, Date.parse(s.lastSeenAt));
    this.loaded = true;
  }

  private apply(op: Op): void {
    switch (op.op) {
      case 'add':
        this.drop(op.session.id);
        this.byId.set(op.session.id, { ...op.session });
        this.byHash.set(op.session.tokenHash, op.session.id);
        return;
      case 'seen': {
        const s = this.byId.get(op.id);
        if (s && op.at > s.lastSeenAt) s.lastSeenAt = op.at;
        return;
      }
      case 'end':
        this.drop(op.id);
        return;
      case 'endUser':
        for (const s of [...this.byId.values()]) if (s.userId === op.userId) this.drop(s.id);
        return;
    }
  }

  private drop(id: string): void {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    this.byHash.delete(s.tokenHash);
    this.written.delete(id);
  }

  private async append(ops: readonly Op[]): Promise<void> {
    if (ops.length === 0) return;
    try {
      await appendDurably(this.file, ops.map((op) => `${JSON.stringify(op)}\n`).join(''));
    } catch (err) {
      throw diskError(err, this.file, t`no session was changed`);
    }
    this.lines += ops.length;
  }

  /** Only the process that owns the log for its life rewrites it (nobody else appends meanwhile). */
  private async compactIfWorthIt(): Promise<void> {
    if (!this.cache || this.lines - this.byId.size < this.byId.size + COMPACT_SLACK) return;
    const live = [...this.byId.values()];
    try {
      await writeFileDurably(this.file, live.map((session) => `${JSON.stringify({ op: 'add', session } satisfies Op)}\n`).join(''));
    } catch {
      return; // the old log still holds the same truth, only longer: try again next time
    }
    this.lines = live.length;
    for (const s of live) this.written.set(s.id, Date.parse(s.lastSeenAt));
  }
}
