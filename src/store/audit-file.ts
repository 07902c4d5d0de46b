import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { AuditEntry, AuditLog } from '../core/ports.js';
import { diskError } from './disk-errors.js';
import { writeAll } from './durable-write.js';
import { FILE_MODE } from './paths.js';

/** The audit trail as append-only JSONL: one fsync per batch, never rewritten. */
export class AuditFile implements AuditLog {
  constructor(readonly file: string) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      const handle = await open(this.file, 'a+', FILE_MODE);
      try {
        // After a failed append (full disk) the file may end in a partial line: start on a
        // fresh one, so the fragment is skipped alone instead of swallowing this entry too.
        const text = entries.map((e) => `${JSON.stringify(e)}\n`).join('');
        await writeAll(handle, Buffer.from((await endsMidLine(handle)) ? `\n${text}` : text), null);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      // A partial line left by a failed append is skipped by `list` like a crash's torn line.
      throw diskError(err, this.file, 'the change was made but its audit entry was not written');
    }
  }

  async list(filter: { since?: Date }): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const since = filter.since?.getTime();
    const entries: AuditEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: AuditEntry;
      try {
        entry = JSON.parse(line) as AuditEntry;
      } catch {
        continue; // a line torn by a crash mid-append carries no committed change
      }
      if (since === undefined || Date.parse(entry.time) >= since) entries.push(entry);
    }
    return entries;
  }
}

async function endsMidLine(handle: FileHandle): Promise<boolean> {
  const { size } = await handle.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
