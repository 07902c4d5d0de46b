import { randomBytes } from 'node:crypto';
import { chown, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { keepFileSizeSignalHarmless } from './file-size-signal.js';
import { FILE_MODE } from './paths.js';

keepFileSizeSignalHarmless();

/** Writes queued per file, so concurrent writers of one file land in call order (last call wins). */
const queues = new Map<string, Promise<void>>();

/**
 * Replaces `file` with `contents` so that a crash leaves either the old or the new version,
 * never a mix: temp file + fsync + rename, then an fsync of the directory so the rename itself
 * survives a power cut. On any failure the temp file is removed and `file` is untouched.
 *
 * Our own rather than write-file-atomic, which issues a single write() and ignores a short
 * one: on a full disk or at the file size limit it renamed a truncated file over the good one.
 */
export function writeFileDurably(file: string, contents: string): Promise<void> {
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(() => replace(file, Buffer.from(contents)));
  const settled = next.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return next;
}

async function replace(file: string, bytes: Buffer): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // Root editing someone else's data dir must leave the file theirs (it is 0600).
  const owner = process.getuid?.() === 0 ? await stat(file).catch(() => null) : null;
  let handle: FileHandle | null = null;
  try {
    handle = await open(temp, 'wx', FILE_MODE);
    await writeAll(handle, bytes, 0);
    await handle.sync();
    await handle.close();
    handle = null;
    if (owner) await chown(temp, owner.uid, owner.gid);
    await rename(temp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDirectory(dirname(file));
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes all of `bytes` at `position` (null: the end, for an append-mode handle). A write that
 * stops short (the disk filled up, the file size limit was reached) is continued, so the
 * kernel's reason (ENOSPC, EFBIG, …) surfaces as the error instead of a silent short write.
 */
export async function writeAll(handle: FileHandle, bytes: Buffer, position: number | null): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position === null ? null : position + done);
    if (bytesWritten === 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
    done += bytesWritten;
  }
}

/**
 * Appends `text` (whole lines) to `file` (created 0600) and fsyncs it. After a failed append
 * (full disk) the file may end in a partial line: this starts on a fresh one, so the fragment
 * is skipped alone by readers instead of swallowing these lines too.
 */
export async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'a+', FILE_MODE);
  try {
    await writeAll(handle, Buffer.from((await endsMidLine(handle)) ? `\n${text}` : text), null);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function endsMidLine(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
