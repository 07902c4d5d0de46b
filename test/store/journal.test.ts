import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/chats/model.js';
import { JournalStore } from '../../src/store/journal.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';

const PHONE = '+5511999990000';
const msg = (i: number): JournalRecord => ({ type: 'message', id: `M${i}`, chatId: 'c1', direction: 'in', text: `t${i}`, time: '2026-11-26T00:00:00.000Z' });

describe('message journal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir('guru-journal-');
  });
  afterEach(() => removeDir(dir));

  async function replayAll(store: JournalStore) {
    const seen: [string, JournalRecord][] = [];
    await store.replay((phone, record) => seen.push([phone, record]));
    return seen;
  }

  it('appends durably and replays in order, per phone', async () => {
    const store = new JournalStore(dir);
    await store.append(PHONE, [msg(1), msg(2)]);
    await store.append('+5521988880000', [msg(3)]);
    await store.close();
    const seen = await replayAll(new JournalStore(dir));
    expect(seen.map(([p, r]) => `${p}:${(r as any).id}`)).toEqual(['+5511999990000:M1', '+5511999990000:M2', '+5521988880000:M3']);
  });

  it('group-commits concurrent appends: 2,000 appends, all on disk, in far fewer writes', async () => {
    const store = new JournalStore(dir);
    await store.replay(() => undefined);
    await Promise.all(Array.from({ length: 2000 }, (_, i) => store.append(PHONE, [msg(i)])));
    const commits = store.commits;
    await store.close();
    const lines = (await readFile(join(dir, '5511999990000.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(2000);
    expect(new Set(lines).size).toBe(2000);
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(50);
  });

  it('repairs a torn last line, with a warning, and keeps appending cleanly after it', async () => {
    const file = join(dir, '5511999990000.jsonl');
    const store = new JournalStore(dir);
    await store.append(PHONE, [msg(1), msg(2)]);
    await store.close();
    await appendFile(file, '{"type":"message","id":"M3","chatId":"c1","direc');
    const warnings: string[] = [];
    const reopened = new JournalStore(dir, (message) => warnings.push(message));
    expect((await replayAll(reopened)).map(([, r]) => (r as any).id)).toEqual(['M1', 'M2']);
    expect(warnings).toEqual([expect.stringMatching(/torn last line/)]);
    await reopened.append(PHONE, [msg(4)]);
    await reopened.close();
    expect((await replayAll(new JournalStore(dir))).map(([, r]) => (r as any).id)).toEqual(['M1', 'M2', 'M4']);
  });

  it('refuses a journal damaged in the middle, naming the file and line, and leaves it untouched', async () => {
    const file = join(dir, '5511999990000.jsonl');
    const content = `${JSON.stringify(msg(1))}\nnot json at all\n${JSON.stringify(msg(2))}\n`;
    await writeFile(file, content);
    await expect(replayAll(new JournalStore(dir))).rejects.toThrow(/5511999990000\.jsonl is damaged at line 2/);
    expect(await readFile(file, 'utf8')).toBe(content);
  });
});
