import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { FILE_MODE } from './paths.js';

/**
 * Replaces `file` with `contents` so that a crash leaves either the old or the new version,
 * never a mix: temp file + fsync + rename (write-file-atomic), then an fsync of the directory
 * so the rename itself survives a power cut.
 */
export async function writeFileDurably(file: string, contents: string): Promise<void> {
  await writeFileAtomic(file, contents, { mode: FILE_MODE, fsync: true });
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
