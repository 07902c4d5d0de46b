import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/chats/model.js';
import type { ChatJournal } from '../../src/core/chats/ports.js';
import { JournalStore } from '../../src/store/journal.js';
import { MemoryJournal } from '../../src/store/memory.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';

const record = (i: number): JournalRecord => ({ type: 'chat.read', chatId: `c${i}`, by: 'u', time: new Date(i * 1000).toISOString() });

/** Reports read every journal through `scan`: phone by phone, in order, whatever the chunking. */
describe('scanning the journal', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await removeDir(dir);
    dir = null;
  });

  async function scanned(journal: ChatJournal): Promise<[string, string][]> {
    const seen: [string, string][] = [];
    await journal.scan((phone, r) => seen.push([phone, (r as { chatId: string }).chatId]));
    return seen;
  }

  it.each([['files'], ['memory']])('%s: every record of every phone, each phone in order', async (kind) => {
    dir = await makeTempDir('guru-scan-');
    const journal = kind === 'files' ? new JournalStore(join(dir, 'journal')) : new MemoryJournal();
    // Long lines, so the file spans several of scan's 1 MB chunks and lines cross their edges.
    const big = (i: number): JournalRecord => ({ type: 'chat.renamed', chatId: `c${i}`, name: 'x'.repeat(3000 + (i % 7)), time: new Date(i).toISOString() });
    await journal.append(
      '+5511900000002',
      Array.from({ length: 800 }, (_, i) => big(i)),
    );
    await journal.append('+5511900000001', [record(1), record(2)]);
    const seen = await scanned(journal);
    expect(seen.slice(0, 2)).toEqual([
      ['+5511900000001', 'c1'],
      ['+5511900000001', 'c2'],
    ]);
    expect(seen.slice(2).map(([, id]) => id)).toEqual(Array.from({ length: 800 }, (_, i) => `c${i}`));
    if (journal instanceof JournalStore) await journal.close();
  });

  it('a torn last line (a crash mid-append) is left out, not an error', async () => {
    dir = await makeTempDir('guru-scan-');
    const journal = new JournalStore(join(dir, 'journal'));
    await journal.append('+5511900000001', [record(1), record(2)]);
    await journal.close();
    await appendFile(join(dir, 'journal', '5511900000001.jsonl'), '{"type":"chat.read","chatId":"c3"');
    expect(await scanned(new JournalStore(join(dir, 'journal')))).toEqual([
      ['+5511900000001', 'c1'],
      ['+5511900000001', 'c2'],
    ]);
  });
});
