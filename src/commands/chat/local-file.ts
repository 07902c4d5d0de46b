import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { invalid } from '../../core/errors.js';
import { formatSize } from '../../core/chats/content.js';
import { MAX_UPLOAD_BYTES } from '../../core/media/limits.js';
import { t } from '../../i18n/translate.js';

/** A file given to `--file`, opened and checked here, before anything travels to the daemon. */
export interface LocalFile {
  name: string;
  size: number;
  /** Its bytes, read as they are sent (never whole in memory). */
  stream: ReadStream;
}

/**
 * Opens `path` for sending: it must be a readable regular file, not empty, and no larger than
 * the largest file WhatsApp takes. Each refusal names the path and what to do. The engine
 * checks the rest (the type from the content, its limit) once it has the bytes.
 */
export async function openLocalFile(path: string): Promise<LocalFile> {
  const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
    const why = err.code === 'ENOENT' ? t`no such file` : err.code === 'EACCES' || err.code === 'EPERM' ? t`permission denied` : (err.code ?? err.message);
    throw invalid(t`cannot read ${path}: ${why} — check the path and that you may read it`);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile())
      throw invalid(
        stat.isDirectory()
          ? t`${path} is not a file (a directory) — give the path of the file to send`
          : t`${path} is not a file — give the path of the file to send`,
      );
    if (stat.size === 0) throw invalid(t`${path} is empty — there is nothing to send`);
    if (stat.size > MAX_UPLOAD_BYTES) {
      throw invalid(
        t`${path} is ${formatSize(stat.size)}: WhatsApp takes files of at most ${formatSize(MAX_UPLOAD_BYTES)} (as a document) — send a smaller one`,
      );
    }
    // The stream owns the handle from here: it closes it when read to the end (or destroyed).
    return { name: basename(path), size: stat.size, stream: createReadStream('', { fd: handle, autoClose: true }) };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
