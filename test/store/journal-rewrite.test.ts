import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/chats/model.js';
import type { ChatJournal } from '../../src/core/chats/ports.js';
import { JournalStore } from '../../src/store/journal.js';
import { MemoryJournal } from '../../src/store/memory.js';
import type { Stores } from '../../src/core/ports.js';
import { openStores } from '../../src/store/open.js';
import { freshStoreUrl } from '../helpers/postgres.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';

const P = '+5511999990000';
const note = (chatId: string, i: number): JournalRecord => ({
  type: 'note',
  id: `N${i}`,
  chatId,
  text: `nota ${i} ${'é'.repeat(i % 5)}`,
  authorId: null,
  mentions: [],
  time: new Date(i * 1000).toISOString(),
});
const chatOf = (r: JournalRecord) => (r as { chatId: string }).chatId;

/** An erasure's rewrite of one phone's journal: what stays, where it starts, and appends meanwhile. */
describe('rewriting a journal', () => {
  let dir: string | null = null;
  let stores: Stores | null = null;
  afterEach(async () => {
    await stores?.close();
    stores = null;
    if (dir) await removeDir(dir);
    dir = null;
  });

  async function journal(kind: string): Promise<ChatJournal> {
    dir = await makeTempDir('guru-rewrite-');
    if (kind === 'postgres') {
      stores = await openStores({ kind: 'postgres', url: freshStoreUrl(), home: join(dir, 'data') });
      return stores.journal;
    }
    return kind === 'files' ? new JournalStore(join(dir, 'journal')) : new MemoryJournal();
  }

  it.each([['files'], ['memory'], ['postgres']])(
    '%s: keeps what `keep` takes; appends wait for the commit and land after, readable where they say',
    async (kind) => {
      const j = await journal(kind);
      const offsets = await j.append(
        P,
        Array.from({ length: 40 }, (_, i) => note(i % 2 ? 'keep' : 'gone', i)),
      );
      const rewrite = await j.rewrite(P, (r) => chatOf(r) !== 'gone');
      expect(rewrite?.dropped).toBe(20);
      // An append now waits for the rewrite; it is never lost, and lands after the kept records.
      let appended: number[] | null = null;
      const appending = j.append(P, [note('keep', 100)]).then((offsets) => (appended = offsets));
      await new Promise((r) => setTimeout(r, 20));
      expect(appended).toBeNull();
      const fresh: [string, number][] = [];
      await rewrite!.replay((r, offset) => fresh.push([(r as { id: string }).id, offset]));
      expect(fresh.map(([id]) => id)).toEqual(Array.from({ length: 20 }, (_, i) => `N${2 * i + 1}`));
      // Where each kept record moved: what the index's places are changed by, without a replay.
      expect(fresh.map(([, at]) => at)).toEqual(offsets.filter((_, i) => i % 2).map((old) => rewrite!.moved(old)));
      let swapped = false;
      await rewrite!.commit(() => (swapped = true));
      expect(swapped).toBe(true);
      await appending;
      // Every offset the replay gave, and the append's, reads back its own record.
      const read = await j.read(P, [...fresh.map(([, o]) => o), appended![0]!]);
      expect(read.map((r) => (r as { id: string }).id)).toEqual([...fresh.map(([id]) => id), 'N100']);
      const all: string[] = [];
      await j.scan((_p, r) => all.push(chatOf(r)));
      expect(all).toEqual(Array(21).fill('keep'));
    },
  );

  it('files: the kept lines are the same bytes; the checkpoint goes; nothing to drop changes nothing', async () => {
    const j = (await journal('files')) as JournalStore;
    await j.append(
      P,
      Array.from({ length: 10 }, (_, i) => note(i < 3 ? 'gone' : 'keep', i)),
    );
    const file = join(dir!, 'journal', JournalStore.fileName(P));
    const before = (await readFile(file, 'utf8')).split('\n').filter((l) => l.includes('"keep"'));
    await j.saveCheckpoint(P, { chats: [], aliases: [], olderStatus: [] });
    expect(await readdir(join(dir!, 'journal'))).toContain(JournalStore.checkpointName(P));
    expect(await j.rewrite(P, () => true)).toBeNull();
    const rewrite = await j.rewrite(P, (r) => chatOf(r) === 'keep');
    await rewrite!.commit(() => undefined);
    expect(await readFile(file, 'utf8')).toBe(`${before.join('\n')}\n`);
    expect(await readdir(join(dir!, 'journal'))).toEqual([JournalStore.fileName(P)]);
  });

  it('files: abandoned (or cut short by a crash), the old journal stays whole and appends go on', async () => {
    const j = (await journal('files')) as JournalStore;
    await j.append(
      P,
      Array.from({ length: 10 }, (_, i) => note(i < 3 ? 'gone' : 'keep', i)),
    );
    const file = join(dir!, 'journal', JournalStore.fileName(P));
    const old = await readFile(file, 'utf8');
    const rewrite = await j.rewrite(P, (r) => chatOf(r) === 'keep');
    const appending = j.append(P, [note('keep', 50)]);
    await rewrite!.abandon();
    await appending;
    expect(await readFile(file, 'utf8')).toBe(`${old}${JSON.stringify(note('keep', 50))}\n`);
    // A new journal a crash left half written is thrown away at the next start.
    await writeFile(`${file}.rewrite`, '{"half":');
    const reopened = new JournalStore(join(dir!, 'journal'));
    let records = 0;
    await reopened.replay({ restore: () => undefined, apply: () => records++ });
    expect(records).toBe(11);
    expect(await readdir(join(dir!, 'journal'))).toEqual([JournalStore.fileName(P)]);
  });
});
