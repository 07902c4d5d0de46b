import { closeSync, ftruncateSync, writeSync } from 'node:fs';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { writeFileDurably } from '../store/durable-write.js';
import { FILE_MODE } from '../store/paths.js';

export interface LogFileOptions {
  /** The live file (`daemon.log`); rotations are `daemon.log.1` … `daemon.log.<files - 1>`. */
  file: string;
  /** The cap for the live file and its rotations together. */
  maxBytes: number;
  /** How many files the cap is shared by (the live one included). */
  files: number;
  /** After a failed write, how long lines are dropped (counted) before writing is tried again. */
  retryMs?: number;
  pid?: number;
}

interface Lost {
  count: number;
  since: string;
  reason: string;
}

/** A line longer than this is replaced by a short note: one line never eats the cap. */
const MAX_LINE_BYTES = 16 * 1024;
const FELL_BEHIND = 'the log writer fell behind';
/** How much may wait for the writer; past it, lines are dropped (and counted). */
const MAX_QUEUED_BYTES = 1024 * 1024;

/**
 * The daemon log's destination (pino writes each JSON line to `write`). It exists because
 * pino's own file destination loops forever on a write error such as ENOSPC — its sync flush,
 * run on exit, retries with a blocking sleep — so a full disk froze the whole daemon. Here:
 * - a write never blocks the caller: lines queue (bounded) and one async writer drains them;
 * - a line that cannot be written is dropped and counted, never retried in a loop; once a
 *   write succeeds again, one line says how many were lost, when and why;
 * - the size cap holds at write time: before a chunk would push the live file past its share,
 *   the files rotate (`.1` → `.2` …, the oldest deleted), so the cap holds however fast lines come.
 */
export class LogFile {
  private readonly perFile: number;
  private readonly retryMs: number;
  private readonly pid: number;
  private handle: FileHandle | null = null;
  private size = 0;
  private queue: string[] = [];
  private queuedBytes = 0;
  private draining: Promise<void> | null = null;
  private closed = false;
  /** Lines lost since the last successful write, and why. */
  private lost: Lost | null = null;
  /** Why the last write failed, until one succeeds. */
  private lastError: string | null = null;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  private constructor(private readonly options: LogFileOptions) {
    this.files = Math.max(1, Math.floor(options.files));
    this.perFile = Math.max(1024, Math.floor(options.maxBytes / this.files));
    this.retryMs = options.retryMs ?? 1_000;
    this.pid = options.pid ?? process.pid;
  }

  private readonly files: number;

  /** Opens (and, when already at its share of the cap, first rotates) the log. */
  static async open(options: LogFileOptions): Promise<LogFile> {
    const log = new LogFile(options);
    await log.reopen();
    return log;
  }

  /** How many bytes each file may hold. */
  get fileCap(): number {
    return this.perFile;
  }

  /** pino's destination interface: one serialised line, newline included. Never throws, never blocks. */
  write(line: string): boolean {
    if (this.closed) return true;
    if (Buffer.byteLength(line) > Math.min(MAX_LINE_BYTES, this.perFile)) line = this.oversized(line);
    const bytes = Buffer.byteLength(line);
    // While the disk refuses writes, or when the writer cannot keep up, a line is dropped (and
    // counted) rather than held: memory stays bounded and the caller never waits.
    if (Date.now() < this.retryAt || this.queuedBytes + bytes > MAX_QUEUED_BYTES) {
      this.drop(1, this.lastError ?? FELL_BEHIND);
      return true;
    }
    this.queue.push(line);
    this.queuedBytes += bytes;
    this.kickSoon();
    return true;
  }

  /** Waits until every queued line is written (or dropped). */
  async flush(): Promise<void> {
    while (this.draining || (this.queue.length > 0 && !this.closed)) await this.kick();
  }

  /**
   * Exit paths that cannot wait (a fatal error): one synchronous attempt per queued line, no
   * retry, no sleep. What fails is lost; the process is ending anyway. Also while an async
   * write is under way: the file is opened for appending, so these whole lines land after (or
   * just before) it, never inside it — and the line that says why the daemon died is the one
   * that matters most. (Waiting for the async write is impossible here; skipping lost it.)
   */
  flushSync(): void {
    const fd = this.handle?.fd;
    if (fd === undefined) return;
    const lines = this.takeQueue();
    try {
      if (this.lost) writeSync(fd, this.noticeOf(this.lost));
      this.lost = null;
      for (const line of lines) if (line !== '') writeSync(fd, line);
    } catch {
      // nothing more can be done on the way out
    }
  }

  /**
   * The last lines are about to be written (the daemon is stopping, and `close` tries the disk
   * once more anyway): stop dropping lines for the rest of a retry pause, so the stop line is
   * written if space is back — or counted among the dropped ones if it is not.
   */
  lastWords(): void {
    this.retryAt = 0;
  }

  /**
   * Drops every line `drop` picks from the live file and its rotations — an erasure (LGPD): a
   * customer's number in a request's path. Lines logged meanwhile wait in the queue and are
   * written after. Resolves with how many lines went.
   */
  async scrub(drop: (line: string) => boolean): Promise<number> {
    await this.flush();
    const run = (async () => {
      const handle = this.handle;
      this.handle = null;
      await handle?.close().catch(() => undefined);
      try {
        let dropped = 0;
        for (let i = 0; i < this.files; i++) dropped += await scrubFile(i === 0 ? this.options.file : `${this.options.file}.${i}`, drop);
        return dropped;
      } finally {
        if (!this.closed) await this.reopen(false).catch(() => undefined);
      }
    })();
    // The writer's turn: no drain starts until this is done.
    this.draining = run
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.draining = null;
        if (this.queue.length > 0 && !this.closed) this.kickSoon();
      });
    return run;
  }

  /** Writes what is queued, then closes the file; later lines are ignored. */
  async close(): Promise<void> {
    await this.flush();
    if (this.lost) {
      // Space may be back now: one last attempt to say what was lost.
      this.retryAt = 0;
      this.queue.push('');
      await this.kick();
    }
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }

  /** Synchronous close for exit hooks. */
  closeSync(): void {
    this.flushSync();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.handle) {
      try {
        closeSync(this.handle.fd);
      } catch {
        // already closed
      }
      this.handle = null;
    }
  }

  /**
   * Starts the writer after the current synchronous code, not within it: the writer takes the
   * queue as it starts, so a line logged right before a synchronous exit (`crash` logs the
   * fatal line, then `closeSync`) would be in an async write racing the close, and lost. Left
   * in the queue, `flushSync` writes it. (Lines also go out in bigger batches this way.)
   */
  private kickSoon(): void {
    if (this.kickScheduled || this.draining) return;
    this.kickScheduled = true;
    queueMicrotask(() => {
      this.kickScheduled = false;
      void this.kick();
    });
  }

  private kickScheduled = false;

  /** Starts the writer unless it is running; resolves when it has nothing left. */
  private kick(): Promise<void> {
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
      // A line that came as the writer was finishing would otherwise wait for the next one.
      if (this.queue.length > 0 && !this.closed) this.kickSoon();
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.closed) {
      const lines = this.takeQueue().filter((l) => l !== '');
      // What was lost before goes first; drops from here on start a new count.
      const lost = this.lost;
      this.lost = null;
      if (lost) lines.unshift(this.noticeOf(lost));
      let next = 0;
      try {
        if (!this.handle) await this.reopen();
        while (next < lines.length) {
          // As many lines as fit in what is left of the live file's share; when none does, rotate.
          const room = this.perFile - this.size;
          let end = next;
          let bytes = 0;
          while (end < lines.length && bytes + Buffer.byteLength(lines[end]!) <= room) bytes += Buffer.byteLength(lines[end++]!);
          if (end === next) {
            if (this.size > 0) await this.rotate();
            else next++; // cannot happen (write() bounds lines below a file's share); never loop
            continue;
          }
          await this.append(Buffer.from(lines.slice(next, end).join('')));
          this.lastError = null;
          next = end;
        }
      } catch (err) {
        // The notice unwritten, its count stands; lines dropped meanwhile and these add to it.
        const noticeUnwritten = lost !== null && next === 0;
        const meanwhile = this.lost as Lost | null;
        this.lost = noticeUnwritten ? { ...lost } : null;
        if (meanwhile) this.drop(meanwhile.count, meanwhile.reason);
        this.lastError = describe(err);
        this.drop(lines.length - next - (noticeUnwritten ? 1 : 0), this.lastError);
        // Lines arriving in the next moment are dropped without touching the disk; a timer
        // tries again even when nothing else is logged, so "space is back" gets said.
        this.retryAt = Date.now() + this.retryMs;
        this.scheduleRetry();
      }
    }
  }

  /** Appends all of `chunk`; on failure, cuts the file back so no torn line stays behind. */
  private async append(chunk: Buffer): Promise<void> {
    const handle = this.handle!;
    const before = this.size;
    let written = 0;
    try {
      while (written < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, written, chunk.length - written);
        if (bytesWritten === 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
        written += bytesWritten;
      }
      this.size = before + written;
    } catch (err) {
      if (written > 0) {
        try {
          ftruncateSync(handle.fd, before);
        } catch {
          // the file keeps a torn last line; readers skip it
        }
      }
      throw err;
    }
  }

  private async rotate(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
    const { file } = this.options;
    if (this.files === 1) {
      await unlink(file).catch(ignoreMissing);
    } else {
      for (let i = this.files - 1; i >= 1; i--) {
        await rename(i === 1 ? file : `${file}.${i - 1}`, `${file}.${i}`).catch(ignoreMissing);
      }
    }
    await this.reopen(false);
  }

  private async reopen(rotateIfFull = true): Promise<void> {
    const handle = await open(this.options.file, 'a', FILE_MODE);
    this.handle = handle;
    this.size = (await handle.stat()).size;
    if (rotateIfFull && this.size >= this.perFile) await this.rotate();
  }

  private takeQueue(): string[] {
    const lines = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    return lines;
  }

  private drop(count: number, reason: string): void {
    if (count === 0) return;
    this.lost ??= { count: 0, since: new Date().toISOString(), reason };
    this.lost.count += count;
    // A disk error says more than "fell behind" (which only follows from it): keep the error.
    if (reason !== FELL_BEHIND || this.lost.reason === FELL_BEHIND) this.lost.reason = reason;
  }

  private noticeOf({ count, since, reason }: Lost): string {
    return `${JSON.stringify({
      level: 40,
      time: new Date().toISOString(),
      pid: this.pid,
      dropped: count,
      since,
      reason,
      msg: `${count} log line${count === 1 ? ' was' : 's were'} dropped since ${since}: the log could not be written (${reason})`,
    })}\n`;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.lost || this.closed) return;
      // An empty entry makes the writer run and put out the notice of what was lost.
      this.queue.push('');
      void this.kick();
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private oversized(line: string): string {
    let level = 30;
    let time = new Date().toISOString();
    let msg = '';
    try {
      const parsed = JSON.parse(line) as { level?: number; time?: string; msg?: string };
      level = typeof parsed.level === 'number' ? parsed.level : level;
      time = typeof parsed.time === 'string' ? parsed.time : time;
      msg = typeof parsed.msg === 'string' ? parsed.msg.slice(0, 200) : '';
    } catch {
      // not JSON: keep the defaults
    }
    return `${JSON.stringify({ level, time, pid: this.pid, msg, truncated: `a log line of ${Buffer.byteLength(line)} bytes was cut (limit ${MAX_LINE_BYTES})` })}\n`;
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? e.message ?? String(err);
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}

/** Rewrites one log file without the lines `drop` picks (whole, by rename); how many went. */
async function scrubFile(file: string, drop: (line: string) => boolean): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const lines = text.split('\n');
  const kept = lines.filter((line) => line === '' || !drop(line));
  if (kept.length === lines.length) return 0;
  await writeFileDurably(file, kept.join('\n'));
  return lines.length - kept.length;
}
