import { open, readFile } from 'node:fs/promises';
import type { AuditEntry, AuditLog } from '../core/ports.js';
import { FILE_MODE } from './paths.js';

/** The audit trail as append-only JSONL: one fsync per batch, never rewritten. */
export class AuditFile implements AuditLog {
  constructor(readonly file: string) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const handle = await open(this.file, 'a', FILE_MODE);
    try {
      await handle.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
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
