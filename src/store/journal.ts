import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalRecord } from '../core/chats/model.js';
import type { ChatJournal } from '../core/chats/ports.js';
import { GuruError } from '../core/errors.js';
import { fsyncDirectory } from './durable-write.js';
import { DIR_MODE, FILE_MODE } from './paths.js';

export type JournalWarning = (message: string, details: Record<string, unknown>) => void;

/**
 * The message journal: one append-only JSONL file per phone under `journal/`. Appends are
 * group-committed — every append waiting while a write+fsync runs goes out in the next one —
 * so thousands of messages a second cost a handful of fsyncs, and each append resolves only
 * once its lines are on disk.
 */
export class JournalStore implements ChatJournal {
  private files = new Map<string, JournalFile>();

  constructor(
    readonly dir: string,
    private readonly warn: JournalWarning = () => undefined,
  ) {}

  static fileName(phone: string): string {
    return `${phone.replace(/^\+/, '')}.jsonl`;
  }

  async replay(apply: (phone: string, record: JournalRecord) => void): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    const names = (await readdir(this.dir)).filter((n) => /^\d+\.jsonl$/.test(n)).sort();
    for (const name of names) {
      const phone = `+${name.replace(/\.jsonl$/, '')}`;
      const file = await this.file(phone);
      await file.replay((record) => apply(phone, record), this.warn);
    }
  }

  async append(phone: string, records: readonly JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    await (await this.file(phone)).append(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** How many write+fsync rounds have run: far fewer than appends under load (group commit). */
  get commits(): number {
    let total = 0;
    for (const file of this.files.values()) total += file.commits;
    return total;
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.close()));
    this.files.clear();
  }

  private async file(phone: string): Promise<JournalFile> {
    let file = this.files.get(phone);
    if (!file) {
      await mkdir(this.dir, { recursive: true, mode: DIR_MODE });
      file = new JournalFile(join(this.dir, JournalStore.fileName(phone)));
      this.files.set(phone, file);
    }
    return file;
  }
}

interface Pending {
  data: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

class JournalFile {
  private handle: Promise<FileHandle> | null = null;
  /** Bytes known to be good on disk: a failed write is cut back to here. */
  private size = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  commits = 0;

  constructor(readonly path: string) {}

  /** Streams every record; a torn last line (a crash mid-append) is cut off with a warning. */
  async replay(apply: (record: JournalRecord) => void, warn: JournalWarning): Promise<void> {
    let goodBytes = 0;
    let lineNo = 0;
    let rest = '';
    let torn: string | null = null;
    try {
      await stat(this.path);
    } catch {
      return; // nothing journaled on this phone yet
    }
    for await (const chunk of createReadStream(this.path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      rest += chunk;
      let newline: number;
      while ((newline = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, newline);
        rest = rest.slice(newline + 1);
        lineNo += 1;
        if (torn !== null) throw corrupt(this.path, lineNo - 1);
        let record: JournalRecord;
        try {
          record = JSON.parse(line) as JournalRecord;
        } catch {
          torn = line; // only acceptable if it turns out to be the very last line
          continue;
        }
        goodBytes += Buffer.byteLength(line) + 1;
        apply(record);
      }
    }
    if (torn !== null || rest !== '') {
      const handle = await this.open();
      await handle.truncate(goodBytes);
      await handle.sync();
      warn('repaired a torn last line in the message journal (a crash interrupted an append)', {
        file: this.path,
        keptBytes: goodBytes,
        droppedBytes: Buffer.byteLength((torn ?? '') + (torn !== null ? '\n' : '') + rest),
      });
    }
    this.size = goodBytes;
  }

  append(data: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let every append issued in this turn of the event loop join the first batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        const bytes = Buffer.from(batch.map((p) => p.data).join(''));
        try {
          const handle = await this.open();
          const { bytesWritten } = await handle.write(bytes, 0, bytes.length, this.size);
          if (bytesWritten !== bytes.length) throw new Error(`short write (${bytesWritten} of ${bytes.length} bytes)`);
          await handle.datasync();
          this.commits += 1;
          this.size += bytes.length;
          for (const p of batch) p.resolve();
        } catch (err) {
          await this.cutBack();
          const error = new GuruError('internal', `could not write the message journal ${this.path}: ${(err as Error).message}`);
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** After a failed write, drop whatever part of it reached the file: no half line survives. */
  private async cutBack(): Promise<void> {
    try {
      const handle = await this.open();
      await handle.truncate(this.size);
    } catch {
      // the disk is in trouble; the next open's tail repair handles what is left
    }
  }

  private open(): Promise<FileHandle> {
    this.handle ??= (async () => {
      let created = false;
      try {
        await stat(this.path);
      } catch {
        created = true;
      }
      const handle = await open(this.path, 'a+', FILE_MODE);
      if (created) await fsyncDirectory(join(this.path, '..'));
      if (!created && this.size === 0) this.size = (await handle.stat()).size;
      return handle;
    })();
    return this.handle;
  }

  async close(): Promise<void> {
    if (this.flushing) await this.flushing;
    if (this.handle) await (await this.handle).close();
    this.handle = null;
  }
}

function corrupt(path: string, line: number): GuruError {
  return new GuruError(
    'store_unreadable',
    `message journal ${path} is damaged at line ${line} (not a torn tail: a line in the middle) — Guru stopped without touching it; restore it from a backup`,
  );
}
