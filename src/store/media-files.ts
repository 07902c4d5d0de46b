import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { notFound } from '../core/errors.js';
import { isMediaName, MediaTooLarge, type MediaStore, type StoredMedia } from '../core/media/ports.js';
import { fsyncDirectory, writeAll } from './durable-write.js';
import { diskError } from './disk-errors.js';
import { DIR_MODE, FILE_MODE } from './paths.js';
import { t } from '../i18n/translate.js';

/**
 * Media as files under `<data>/media/`: `ab/abcdef…` (a folder per first two hex digits, so no
 * folder holds more than a few thousand files), 0600 in 0700 folders. A file is written under
 * `tmp/` while it is hashed, fsynced, then renamed to its sha256 — so a name always holds exactly
 * the bytes it names, and a crash leaves at most a temp file (cleared at the next open).
 *
 * One writer: the process holding the data dir's lock (the daemon) — nothing else writes here.
 */
export class MediaFiles implements MediaStore {
  private readonly tmp: string;
  /** Totals, counted once on first use (a walk of the folder) and kept up to date after. */
  private totals: Promise<{ bytes: number; files: number }> | null = null;
  /** Puts of the same bytes at once finish one at a time, so the totals count a file once. */
  private readonly settling = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {
    this.tmp = join(dir, 'tmp');
  }

  async put(source: AsyncIterable<Uint8Array>, options: { maxBytes?: number } = {}): Promise<StoredMedia> {
    const temp = join(this.tmp, `${process.pid}.${randomBytes(8).toString('hex')}`);
    // A full or read-only disk says so, and what to do, like every other write of the store.
    const notKept = (err: unknown) => diskError(err, temp, t`the file was not kept`);
    const hash = createHash('sha256');
    let size = 0;
    let handle: FileHandle | null = null;
    try {
      await mkdir(this.tmp, { recursive: true, mode: DIR_MODE });
      handle = await open(temp, 'wx', FILE_MODE);
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) throw new MediaTooLarge(options.maxBytes);
        hash.update(chunk);
        await writeAll(handle, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), null);
      }
      await handle.sync();
      await handle.close();
      handle = null;
    } catch (err) {
      await handle?.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw notKept(err);
    }
    const sha256 = hash.digest('hex');
    const previous = this.settling.get(sha256) ?? Promise.resolve();
    const settled = previous
      .catch(() => undefined)
      .then(() => this.keep(temp, sha256, size))
      .catch((err: unknown) => Promise.reject(notKept(err)));
    this.settling.set(sha256, settled);
    try {
      await settled;
    } finally {
      if (this.settling.get(sha256) === settled) this.settling.delete(sha256);
    }
    return { sha256, size };
  }

  /** Moves a hashed temp file to its name — or drops it, when those bytes are kept already. */
  private async keep(temp: string, sha256: string, size: number): Promise<void> {
    const file = this.fileOf(sha256);
    if ((await this.size(sha256)) !== null) {
      await unlink(temp).catch(() => undefined);
      return;
    }
    try {
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true, mode: DIR_MODE });
      await rename(temp, file);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
    await fsyncDirectory(join(this.dir, sha256.slice(0, 2)));
    await this.count(size, 1);
  }

  async size(sha256: string): Promise<number | null> {
    if (!isMediaName(sha256)) return null;
    try {
      const info = await stat(this.fileOf(sha256));
      return info.isFile() ? info.size : null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async open(sha256: string): Promise<Readable> {
    const handle = await this.handleOf(sha256);
    return createReadStream('', { fd: handle, autoClose: true });
  }

  async head(sha256: string, bytes: number): Promise<Buffer> {
    const handle = await this.handleOf(sha256);
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async remove(sha256: string): Promise<void> {
    const size = await this.size(sha256);
    if (size === null) return;
    await unlink(this.fileOf(sha256)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await this.count(-size, -1);
  }

  usage(): Promise<{ bytes: number; files: number }> {
    this.totals ??= this.walk();
    return this.totals.then((t) => ({ ...t }));
  }

  async *list(): AsyncIterable<StoredMedia> {
    for (const shard of await readdir(this.dir).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdir(join(this.dir, shard)).catch(() => [] as string[])) {
        if (!isMediaName(name)) continue;
        const size = await this.size(name);
        if (size !== null) yield { sha256: name, size };
      }
    }
  }

  /** Creates the folders and clears what a crash left half-written (call once, holding the lock). */
  async prepare(): Promise<this> {
    await mkdir(this.dir, { recursive: true, mode: DIR_MODE });
    await rm(this.tmp, { recursive: true, force: true });
    await mkdir(this.tmp, { mode: DIR_MODE });
    return this;
  }

  private async walk(): Promise<{ bytes: number; files: number }> {
    const totals = { bytes: 0, files: 0 };
    for await (const file of this.list()) {
      totals.bytes += file.size;
      totals.files += 1;
    }
    return totals;
  }

  private async count(bytes: number, files: number): Promise<void> {
    if (!this.totals) return; // not counted yet: the first walk will see it
    const totals = await this.totals;
    totals.bytes += bytes;
    totals.files += files;
  }

  private async handleOf(sha256: string): Promise<FileHandle> {
    const missing = () => notFound(t`no media file ${sha256.slice(0, 12)}… is kept`);
    if (!isMediaName(sha256)) throw missing();
    try {
      return await open(this.fileOf(sha256), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw missing();
      throw err;
    }
  }

  private fileOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}
