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
    await store.replay({ restore: () => undefined, apply: (phone, record) => void seen.push([phone, record]) });
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
    await store.replay({ restore: () => undefined, apply: () => undefined });
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

  it('tells where each record starts, and reads a record back from there', async () => {
    const store = new JournalStore(dir);
    const first = await store.append(PHONE, [msg(1), { ...msg(2), text: 'ação — ünïcode' } as JournalRecord]);
    const second = await store.append(PHONE, [msg(3)]);
    expect(first[0]).toBe(0);
    const read = await store.read(PHONE, [second[0]!, first[1]!]);
    expect(read.map((r) => (r as any).text)).toEqual(['t3', 'ação — ünïcode']);
    await store.close();
    const offsets: number[] = [];
    await new JournalStore(dir).replay({ restore: () => undefined, apply: (_p, _r, offset) => void offsets.push(offset) });
    expect(offsets).toEqual([...first, ...second]);
  });

  it('a checkpoint spares the replay of what it covers; one that no longer matches the journal is ignored', async () => {
    const store = new JournalStore(dir);
    await store.append(PHONE, [msg(1), msg(2)]);
    await store.saveCheckpoint(PHONE, { chats: [], aliases: [['lid:1', '+5511911112222']], olderStatus: [] });
    await store.append(PHONE, [msg(3)]);
    await store.close();
    const restored: unknown[] = [];
    const applied: string[] = [];
    await new JournalStore(dir).replay({ restore: (_p, c) => void restored.push(c.aliases), apply: (_p, r) => void applied.push((r as any).id) });
    expect(restored).toEqual([[['lid:1', '+5511911112222']]]);
    expect(applied).toEqual(['M3']);

    // The journal replaced by another one: the checkpoint describes something else.
    await writeFile(join(dir, '5511999990000.jsonl'), [msg(7), msg(8), msg(9)].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const warnings: string[] = [];
    const again: string[] = [];
    await new JournalStore(dir, (m) => warnings.push(m)).replay({
      restore: () => expect.fail('a stale checkpoint was used'),
      apply: (_p, r) => void again.push((r as any).id),
    });
    expect(again).toEqual(['M7', 'M8', 'M9']);
    expect(warnings).toEqual([expect.stringMatching(/ignored a journal checkpoint/)]);
  });

  it('a damaged checkpoint (garbage, or the right bytes around the wrong shape) is ignored with a warning: the whole journal is replayed', async () => {
    const store = new JournalStore(dir);
    await store.append(PHONE, [msg(1), msg(2)]);
    await store.saveCheckpoint(PHONE, { chats: [], aliases: [], olderStatus: [] });
    await store.close();
    const checkpoint = join(dir, '5511999990000.checkpoint.json');
    const good = JSON.parse(await readFile(checkpoint, 'utf8'));
    for (const damaged of [
      '{"version":1,"bytes":',
      '\u0000\u0000garbage',
      JSON.stringify({ ...good, index: { chats: [{ id: 'x', messages: 'not a list' }], aliases: [], olderStatus: [] } }),
    ]) {
      await writeFile(checkpoint, damaged);
      const warnings: string[] = [];
      const applied: string[] = [];
      let restored = 0;
      await new JournalStore(dir, (m) => warnings.push(m)).replay({
        restore: (_p, c) => {
          // what ChatIndex.restore does first: unpack every chat, throwing on a wrong shape
          for (const chat of c.chats) if (!Array.isArray(chat.messages)) throw new Error('a chat without a message list');
          restored += 1;
        },
        apply: (_p, r) => void applied.push((r as any).id),
      });
      expect(restored).toBe(0);
      expect(applied).toEqual(['M1', 'M2']);
      expect(warnings).toEqual([expect.stringMatching(/ignored a journal checkpoint/)]);
    }
  });
});
