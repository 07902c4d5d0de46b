import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { recordContent, searchableText } from '../core/chats/content.js';
import type { JournalRecord } from '../core/chats/model.js';
import type { IndexCheckpoint } from '../core/chats/checkpoint.js';
import type { ChatJournal, JournalRewrite, JournalVisitor, RewriteOptions, SearchScope } from '../core/chats/ports.js';
import { GuruError } from '../core/errors.js';
import { diskError } from './disk-errors.js';
import { fsyncDirectory, writeAll, writeFileDurably } from './durable-write.js';
import { DIR_MODE, FILE_MODE } from './paths.js';
import { t } from '../i18n/translate.js';

export type JournalWarning = (message: string, details: Record<string, unknown>) => void;

/**
 * The message journal: one append-only JSONL file per phone under `journal/`. Appends are
 * group-committed — every append waiting while a write+fsync runs goes out in the next one —
 * so thousands of messages a second cost a handful of fsyncs, and each append resolves only
 * once its lines are on disk.
 */
export class JournalStore implements ChatJournal {
  private files = new Map<string, JournalFile>();
  private dirReady: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly warn: JournalWarning = () => undefined,
  ) {}

  static fileName(phone: string): string {
    return `${phone.replace(/^\+/, '')}.jsonl`;
  }

  static checkpointName(phone: string): string {
    return `${phone.replace(/^\+/, '')}.checkpoint.json`;
  }

  async replay(visitor: JournalVisitor): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    const all = await readdir(this.dir);
    // A rewrite a crash cut short left its new journal unfinished: the old one is the journal.
    for (const stale of all.filter((n) => n.endsWith(REWRITE_SUFFIX))) await rm(join(this.dir, stale), { force: true });
    const names = all.filter((n) => /^\d+\.jsonl$/.test(n)).sort();
    for (const name of names) {
      const phone = `+${name.replace(/\.jsonl$/, '')}`;
      const file = await this.file(phone);
      const checkpoint = await readCheckpoint(join(this.dir, JournalStore.checkpointName(phone)), file.path, this.warn);
      let from = 0;
      if (checkpoint) {
        try {
          visitor.restore(phone, checkpoint.index);
          from = checkpoint.bytes;
        } catch (err) {
          this.warn('ignored a journal checkpoint; replaying the whole journal', { phone, reason: (err as Error).message });
        }
      }
      await file.replay((record, offset) => visitor.apply(phone, record, offset), this.warn, from);
    }
  }

  async append(phone: string, records: readonly JournalRecord[]): Promise<number[]> {
    if (records.length === 0) return [];
    return (await this.file(phone)).append(records.map((r) => `${JSON.stringify(r)}\n`));
  }

  async scan(visit: (phone: string, record: JournalRecord) => void): Promise<void> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => /^\d+\.jsonl$/.test(n)).sort();
    for (const name of names) {
      const phone = `+${name.replace(/\.jsonl$/, '')}`;
      const path = join(this.dir, name);
      // What is on disk now; an append landing meanwhile belongs to the next report.
      const end = this.files.get(phone)?.durableSize || (await stat(path).catch(() => ({ size: 0 }))).size;
      if (end === 0) continue;
      let carry: Buffer | null = null;
      // Chunks of 1 MB: a report over a big journal lets the daemon answer between them.
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, end: end - 1 }) as AsyncIterable<Buffer>) {
        const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
        let start = 0;
        for (let newline = bytes.indexOf(0x0a, start); newline >= 0; newline = bytes.indexOf(0x0a, start)) {
          let record: JournalRecord | null = null;
          try {
            record = JSON.parse(bytes.toString('utf8', start, newline)) as JournalRecord;
          } catch {
            // a torn last line is the replay's to repair; a report just leaves it out
          }
          start = newline + 1;
          if (record) visit(phone, record);
        }
        carry = start < bytes.length ? bytes.subarray(start) : null;
      }
    }
  }

  async rewrite(phone: string, keep: (record: JournalRecord) => boolean, options: RewriteOptions = {}): Promise<JournalRewrite | null> {
    const file = await this.file(phone);
    const temp = `${file.path}${REWRITE_SUFFIX}`;
    const resume = await file.pause();
    let kept: Awaited<ReturnType<JournalFile['copyKept']>>;
    try {
      kept = await file.copyKept(temp, keep, options.about?.map((text) => Buffer.from(text)) ?? null);
    } catch (err) {
      await rm(temp, { force: true });
      resume();
      throw diskError(err, temp, t`nothing was erased`);
    }
    if (kept.dropped === 0) {
      await rm(temp, { force: true });
      resume();
      return null;
    }
    const checkpoint = join(this.dir, JournalStore.checkpointName(phone));
    let settled = false;
    return {
      dropped: kept.dropped,
      replay: (apply) => new JournalFile(temp).replay(apply, this.warn),
      moved: (offset) => offset - droppedBefore(kept.gaps, offset),
      commit: async (swapped) => {
        if (settled) throw new Error('this rewrite was settled already');
        settled = true;
        try {
          // The checkpoint describes the old journal (and holds what is being erased): gone first.
          await rm(checkpoint, { force: true });
          await file.replaceWith(temp, kept.size, swapped);
        } finally {
          resume();
        }
      },
      abandon: async () => {
        if (settled) return;
        settled = true;
        await rm(temp, { force: true });
        resume();
      },
    };
  }

  async read(phone: string, offsets: readonly number[]): Promise<JournalRecord[]> {
    const file = await this.file(phone);
    const records: JournalRecord[] = [];
    for (const offset of offsets) records.push(await file.readLine(offset));
    return records;
  }

  /** Lines parsed by searches (those whose raw text matched, among messages the searcher may see): a search's cost, for tests. */
  searchParsed = 0;

  async findMessages(
    text: string,
    scope: SearchScope,
    onMatch: (phone: string, record: Extract<JournalRecord, { type: 'message' | 'note' }>) => void,
  ): Promise<{ partial: boolean }> {
    const wanted = text.toLowerCase();
    // The raw lines are searched first (one regular expression over each chunk, for the text as
    // JSON spells it); only lines that match, of messages the searcher may see (by the id each
    // line starts with), are parsed and checked properly.
    const pattern = new RegExp(
      JSON.stringify(wanted)
        .slice(1, -1)
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      'giu',
    );
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => /^\d+\.jsonl$/.test(n)).sort();
    for (const name of names) {
      const phone = `+${name.replace(/\.jsonl$/, '')}`;
      if (!scope.phones.has(phone)) continue;
      let carry = '';
      const stream = createReadStream(join(this.dir, name), { encoding: 'utf8', highWaterMark: 1 << 20 });
      try {
        for await (const chunk of stream as AsyncIterable<string>) {
          // Between chunks: a search never holds the daemon longer than a chunk, nor past its deadline.
          if (Date.now() >= scope.deadline) return { partial: true };
          const all = carry + chunk;
          const end = all.lastIndexOf('\n') + 1;
          carry = all.slice(end);
          const lines = all.slice(0, end);
          pattern.lastIndex = 0;
          for (let hit = pattern.exec(lines); hit; hit = pattern.exec(lines)) {
            const start = lines.lastIndexOf('\n', hit.index) + 1;
            const stop = lines.indexOf('\n', hit.index);
            pattern.lastIndex = stop + 1; // one look per line
            const line = lines.slice(start, stop);
            const id = lineMessageId(line);
            if (id === null || !scope.accept(phone, id)) continue;
            this.searchParsed += 1;
            let record: JournalRecord;
            try {
              record = JSON.parse(line) as JournalRecord;
            } catch {
              continue; // a damaged line is the replay's business, not the search's
            }
            if ((record.type === 'message' || record.type === 'note') && searchableText(recordContent(record)).toLowerCase().includes(wanted))
              onMatch(phone, record);
          }
        }
      } finally {
        stream.destroy();
      }
    }
    return { partial: false };
  }

  saveCheckpoint(phone: string, checkpoint: IndexCheckpoint): Promise<void> {
    const file = this.files.get(phone);
    if (!file) return Promise.resolve();
    // Taken now, while the index and the journal's end agree; written whenever the disk allows.
    const bytes = file.durableSize;
    const index = JSON.stringify(checkpoint);
    return (async () => {
      const tail = await file.fingerprint(bytes);
      await writeFileDurably(
        join(this.dir, JournalStore.checkpointName(phone)),
        `{"version":${CHECKPOINT_VERSION},"bytes":${bytes},"tail":${JSON.stringify(tail)},"index":${index}}\n`,
      );
    })();
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
      // Registered before any await: concurrent first appends must share one file object (its
      // size and its queue), or their offsets and group commit would diverge.
      const path = join(this.dir, JournalStore.fileName(phone));
      // A refused write is the daemon's business too (its log), not only the sender's.
      file = new JournalFile(path, (error) =>
        this.warn('could not write the message journal; messages are refused until it can be', { file: path, error: error.message }),
      );
      this.files.set(phone, file);
    }
    this.dirReady ??= mkdir(this.dir, { recursive: true, mode: DIR_MODE }).then(() => undefined);
    await this.dirReady;
    return file;
  }
}

interface Pending {
  lines: string[];
  resolve: (offsets: number[]) => void;
  reject: (err: Error) => void;
}

const REWRITE_SUFFIX = '.rewrite';

/** The lines a rewrite dropped, in order: where each started, and the bytes dropped up to its end. */
interface Gaps {
  starts: number[];
  before: number[];
}

/** How many bytes were dropped before `offset` (the start of a kept line): a binary search. */
function droppedBefore(gaps: Gaps, offset: number): number {
  let lo = 0;
  let hi = gaps.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (gaps.starts[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : gaps.before[lo - 1]!;
}

/** Where the lines of `bytes` that hold one of `needles` start (a search per needle, not per line). */
function linesHolding(bytes: Buffer, needles: Buffer[]): Set<number> {
  const starts = new Set<number>();
  for (const needle of needles) {
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + needle.length)) {
      starts.add(at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1);
    }
  }
  return starts;
}

class JournalFile {
  private handle: Promise<FileHandle> | null = null;
  /** Bytes known to be good on disk: a failed write is cut back to here. */
  private size = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** While a rewrite is under way, appends queue and wait for it (`pause`). */
  private paused: Promise<void> | null = null;
  commits = 0;

  constructor(
    readonly path: string,
    private readonly onWriteError: (error: GuruError) => void = () => undefined,
  ) {}

  /** Bytes known to be good on disk (what a checkpoint covers). */
  get durableSize(): number {
    return this.size;
  }

  /**
   * Streams every record from byte `from` on (the end of a checkpoint), with where each starts;
   * a torn last line (a crash mid-append) is cut off with a warning.
   */
  async replay(apply: (record: JournalRecord, offset: number) => void, warn: JournalWarning, from = 0): Promise<void> {
    try {
      await stat(this.path);
    } catch {
      return; // nothing journaled on this phone yet
    }
    // Lines are found in the raw bytes, so offsets need no re-encoding and a chunk boundary
    // inside a multi-byte character cannot split it.
    let goodBytes = from;
    let lineNo = 0;
    let carry: Buffer | null = null;
    let torn: Buffer | null = null;
    for await (const chunk of createReadStream(this.path, { highWaterMark: 1 << 22, start: from }) as AsyncIterable<Buffer>) {
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const base = goodBytes + (torn !== null ? torn.length + 1 : 0); // where `bytes` starts in the file
      let start = 0;
      for (let newline = bytes.indexOf(0x0a, start); newline >= 0; newline = bytes.indexOf(0x0a, start)) {
        lineNo += 1;
        if (torn !== null) throw corrupt(this.path, lineNo - 1);
        let record: JournalRecord;
        try {
          record = JSON.parse(bytes.toString('utf8', start, newline)) as JournalRecord;
        } catch {
          torn = bytes.subarray(start, newline); // only acceptable if it turns out to be the very last line
          start = newline + 1;
          continue;
        }
        goodBytes += newline + 1 - start;
        apply(record, base + start);
        start = newline + 1;
      }
      carry = start < bytes.length ? bytes.subarray(start) : null;
    }
    if (torn !== null || carry !== null) {
      const handle = await this.open();
      await handle.truncate(goodBytes);
      await handle.sync();
      warn('repaired a torn last line in the message journal (a crash interrupted an append)', {
        file: this.path,
        keptBytes: goodBytes,
        droppedBytes: (torn !== null ? torn.length + 1 : 0) + (carry?.length ?? 0),
      });
    }
    this.size = goodBytes;
  }

  /** Appends whole lines; resolves with where each starts, once they are on disk. */
  append(lines: string[]): Promise<number[]> {
    return new Promise<number[]>((resolve, reject) => {
      this.queue.push({ lines, resolve, reject });
      if (!this.paused) this.flushing ??= this.flush();
    });
  }

  /**
   * Holds appends back (they queue) once the batch being written has landed; the returned
   * function lets them go on. One pause at a time: a second waits for the first to end.
   */
  async pause(): Promise<() => void> {
    while (this.paused) await this.paused;
    let resume!: () => void;
    this.paused = new Promise<void>((r) => (resume = r));
    if (this.flushing) await this.flushing;
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      this.paused = null;
      resume();
      if (this.queue.length > 0) this.flushing ??= this.flush();
    };
  }

  /**
   * Writes to `temp` (new, durable once this resolves) every whole line `keep` takes, as it is:
   * the bytes of kept lines do not change. Appends must be paused.
   */
  async copyKept(temp: string, keep: (record: JournalRecord) => boolean, about: Buffer[] | null): Promise<{ dropped: number; size: number; gaps: Gaps }> {
    await this.open(); // learns the size of a journal not yet appended to by this process
    const out = await open(temp, 'w', FILE_MODE);
    let dropped = 0;
    let size = 0;
    let read = 0; // where `bytes` starts in the old journal
    const gaps: Gaps = { starts: [], before: [] };
    let removed = 0;
    try {
      if (this.size > 0) {
        let carry: Buffer | null = null;
        for await (const chunk of createReadStream(this.path, { highWaterMark: 1 << 20, end: this.size - 1 }) as AsyncIterable<Buffer>) {
          const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
          const keptParts: Buffer[] = [];
          const asked = about ? linesHolding(bytes, about) : null;
          let start = 0;
          for (let newline = bytes.indexOf(0x0a, start); newline >= 0; newline = bytes.indexOf(0x0a, start)) {
            const line = bytes.subarray(start, newline + 1);
            const asks = asked === null || asked.has(start);
            start = newline + 1;
            if (!asks || keep(JSON.parse(line.toString('utf8')) as JournalRecord)) keptParts.push(line);
            else {
              dropped += 1;
              // Dropped bytes so far, at the end of each dropped line: what a later offset moves back by.
              removed += line.length;
              gaps.starts.push(read + start - line.length);
              gaps.before.push(removed);
            }
          }
          read += start;
          carry = start < bytes.length ? bytes.subarray(start) : null;
          const keptBytes = Buffer.concat(keptParts);
          await writeAll(out, keptBytes, size);
          size += keptBytes.length;
        }
      }
      await out.sync();
    } finally {
      await out.close();
    }
    return { dropped, size, gaps };
  }

  /**
   * Puts `temp` (`size` bytes) in place of this journal by rename — whole or not at all, should
   * the process die — and calls `swapped` in the same step as reads turn to it.
   */
  async replaceWith(temp: string, size: number, swapped: () => void): Promise<void> {
    await rename(temp, this.path);
    const old = this.handle;
    this.handle = null;
    this.size = size;
    swapped();
    // Reads that began on the old file finish on it; it is closed once they surely have.
    if (old) setTimeout(() => void old.then((h) => h.close()).catch(() => undefined), 10_000).unref();
    await fsyncDirectory(join(this.path, '..'));
  }

  private async flush(): Promise<void> {
    // Let every append issued in this turn of the event loop join the first batch.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.queue.length > 0 && !this.paused) {
        const batch = this.queue.splice(0);
        const offsets: number[][] = [];
        let position = this.size;
        for (const p of batch) {
          offsets.push(
            p.lines.map((line) => {
              const at = position;
              position += Buffer.byteLength(line);
              return at;
            }),
          );
        }
        const bytes = Buffer.from(batch.map((p) => p.lines.join('')).join(''));
        try {
          const handle = await this.open();
          await writeAll(handle, bytes, this.size);
          await handle.datasync();
          this.commits += 1;
          this.size += bytes.length;
          for (const [i, p] of batch.entries()) p.resolve(offsets[i]!);
        } catch (err) {
          await this.cutBack();
          // A full disk or a read-only dir says so; nothing in this batch was acknowledged.
          const mapped = diskError(err, this.path, t`the message was not stored (nor acknowledged)`);
          const error =
            mapped instanceof GuruError ? mapped : new GuruError('internal', t`could not write the message journal ${this.path}: ${(err as Error).message}`);
          this.onWriteError(error);
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

  /** The record whose line starts at `offset` (a durable one: it was acknowledged). */
  async readLine(offset: number): Promise<JournalRecord> {
    const handle = await this.open();
    let length = 4096;
    for (;;) {
      const buffer = Buffer.alloc(Math.min(length, Math.max(0, this.size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (newline >= 0) return JSON.parse(buffer.toString('utf8', 0, newline)) as JournalRecord;
      if (bytesRead < buffer.length || length >= this.size)
        throw new GuruError('store_unreadable', t`message journal ${this.path} has no whole record at byte ${offset}`);
      length *= 4;
    }
  }

  /** The last bytes before `end`: a checkpoint matches only the journal it was taken of. */
  async fingerprint(end: number): Promise<string> {
    const handle = await this.open();
    const start = Math.max(0, end - FINGERPRINT_BYTES);
    const buffer = Buffer.alloc(end - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead).toString('base64');
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

const CHECKPOINT_VERSION = 1;
const FINGERPRINT_BYTES = 256;

/**
 * A phone's checkpoint, if it still describes the start of its journal: same version, the
 * journal at least as long, the same bytes just before its end. Anything else is ignored (with a
 * warning when a file was there) and the whole journal is replayed: slower, never wrong.
 */
async function readCheckpoint(path: string, journal: string, warn: JournalWarning): Promise<{ bytes: number; index: IndexCheckpoint } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text) as { version?: unknown; bytes?: unknown; tail?: unknown; index?: IndexCheckpoint };
    if (parsed.version !== CHECKPOINT_VERSION || typeof parsed.bytes !== 'number' || typeof parsed.tail !== 'string' || !Array.isArray(parsed.index?.chats)) {
      throw new Error('not a checkpoint of this version');
    }
    const handle = await open(journal, 'r');
    try {
      const start = Math.max(0, parsed.bytes - FINGERPRINT_BYTES);
      const buffer = Buffer.alloc(parsed.bytes - start);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      if (bytesRead !== buffer.length || buffer.toString('base64') !== parsed.tail) throw new Error('the journal does not match it');
    } finally {
      await handle.close();
    }
    return { bytes: parsed.bytes, index: parsed.index! };
  } catch (err) {
    warn('ignored a journal checkpoint; replaying the whole journal', { file: path, reason: (err as Error).message });
    return null;
  }
}

function corrupt(path: string, line: number): GuruError {
  return new GuruError(
    'store_unreadable',
    t`message journal ${path} is damaged at line ${line} (not a torn tail: a line in the middle) — Guru stopped without touching it; restore it from a backup`,
  );
}

/**
 * The id of the message record a raw journal line holds, or null when it holds none: records are
 * written as `{"type":"message","id":…` (JSON.stringify keeps that order), and a `"` inside a
 * string is always escaped, so the line's start is enough.
 */
function lineMessageId(line: string): string | null {
  // Internal notes are searched like messages (whoever sees the chat reads them).
  const match = /^\{"type":"(?:message|note)","id":"((?:[^"\\]|\\.)*)"/.exec(line);
  if (!match) return null;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return null;
  }
}
