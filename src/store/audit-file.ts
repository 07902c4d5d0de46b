import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { AuditEntry, AuditLog } from '../core/ports.js';
import { diskError } from './disk-errors.js';
import { appendDurably, writeFileDurably } from './durable-write.js';
import { t } from '../i18n/translate.js';

/** Told of every batch once it is durable (the daemon announces them to watchers). */
export type AuditListener = (entries: readonly AuditEntry[]) => void;

/**
 * The audit trail as append-only JSONL: one fsync per batch. Rewritten only by an erasure
 * (`rewrite`), whole, by rename.
 */
export class AuditFile implements AuditLog {
  /** Appends and rewrites, one after another: an append never lands in a file being replaced. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly onAppended: AuditListener = () => undefined,
  ) {}

  async append(entries: readonly AuditEntry[], unless = t`the change was made but its audit entry was not written`): Promise<void> {
    if (entries.length === 0) return;
    await this.write(entries, unless);
    this.onAppended(entries);
  }

  /**
   * Appends those of `entries` the log lacks, by id — the recovery of entries whose change was
   * written but whose append a crash cut off. They are the latest the log would hold, so the
   * log is searched from its end, and stops as soon as every id is found.
   */
  async appendMissing(entries: readonly AuditEntry[]): Promise<AuditEntry[]> {
    const wanted = new Set(entries.flatMap((e) => (e.id ? [e.id] : [])));
    if (wanted.size === 0) return [];
    await this.forEachLineFromEnd((line) => {
      const id = /^\{"id":"([^"]+)"/.exec(line)?.[1];
      if (id) wanted.delete(id);
      return wanted.size > 0;
    });
    const missing = entries.filter((e) => e.id && wanted.has(e.id));
    if (missing.length > 0) await this.append(missing, t`nothing was changed (the audit entries of an earlier change could not be added)`);
    return missing;
  }

  private async forEachLineFromEnd(visit: (line: string) => boolean): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw diskError(err, this.file, t`nothing was changed`);
    }
    try {
      let end = (await handle.stat()).size;
      let carry = Buffer.alloc(0);
      const chunk = 64 * 1024;
      while (end > 0) {
        const start = Math.max(0, end - chunk);
        const buf = Buffer.alloc(end - start);
        await handle.read(buf, 0, buf.length, start);
        let bytes = Buffer.concat([buf, carry]);
        let cut = bytes.lastIndexOf(0x0a, bytes.length - 1);
        // Lines wholly inside what was read, newest first; the part before the first newline
        // may continue further back, so it waits for the next chunk (unless this is the start).
        let stop = bytes.length;
        while (cut >= 0) {
          if (!visit(bytes.subarray(cut + 1, stop).toString('utf8'))) return;
          stop = cut;
          cut = cut === 0 ? -1 : bytes.lastIndexOf(0x0a, cut - 1);
        }
        carry = bytes.subarray(0, stop);
        bytes = carry;
        end = start;
      }
      if (carry.length > 0) visit(carry.toString('utf8'));
    } finally {
      await handle.close();
    }
  }

  async rewrite(change: (entry: AuditEntry) => AuditEntry): Promise<number> {
    return this.serially(async () => {
      let changed = 0;
      const lines: string[] = [];
      for (const { line, entry } of await this.read().catch((err: unknown) => Promise.reject(diskError(err, this.file, t`nothing was changed`)))) {
        if (entry === null) {
          changed += 1; // a torn line carries no committed change (and may carry what is erased)
          continue;
        }
        const next = JSON.stringify(change(entry));
        if (next !== line) changed += 1;
        lines.push(next);
      }
      if (changed === 0) return 0;
      try {
        await writeFileDurably(this.file, lines.map((l) => `${l}\n`).join(''));
      } catch (err) {
        throw diskError(err, this.file, t`the audit log was left as it was`);
      }
      return changed;
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private write(entries: readonly AuditEntry[], unless: string): Promise<void> {
    return this.serially(() => this.appendNow(entries, unless));
  }

  private async appendNow(entries: readonly AuditEntry[], unless: string): Promise<void> {
    try {
      // The id first, so recovery can spot it at the start of a line without parsing.
      await appendDurably(this.file, entries.map((e) => `${JSON.stringify(e.id ? { id: e.id, ...e } : e)}\n`).join(''));
    } catch (err) {
      // A partial line left by a failed append is skipped by `list` like a crash's torn line.
      throw diskError(err, this.file, unless);
    }
  }

  async list(filter: { since?: Date }): Promise<AuditEntry[]> {
    const since = filter.since?.getTime();
    const entries: AuditEntry[] = [];
    for (const { entry } of await this.read()) {
      // A line torn by a crash mid-append carries no committed change.
      if (entry && (since === undefined || Date.parse(entry.time) >= since)) entries.push(entry);
    }
    return entries;
  }

  /** Every line of the log with its entry (null: a line torn by a crash); none without a log. */
  private async read(): Promise<{ line: string; entry: AuditEntry | null }[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          return { line, entry: JSON.parse(line) as AuditEntry };
        } catch {
          return { line, entry: null };
        }
      });
  }
}
