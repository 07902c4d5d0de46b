import { describe, expect, it } from 'vitest';
import { ChatLookups } from '../../src/core/chats/chat-lookups.js';
import type { JournalLookup } from '../../src/core/chats/ports.js';

/** A journal that knows `known` (message id → chat id) and counts the questions it is asked. */
function journal(known: Record<string, string>, fail = false) {
  const asked: string[][] = [];
  const lookup: JournalLookup = {
    chatsOf: async (_phone, ids) => {
      asked.push([...ids]);
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('the database went away');
      return new Map(ids.filter((id) => id in known).map((id) => [id, known[id]!]));
    },
    lines: async () => [],
    line: async () => undefined,
  };
  return { lookup, asked };
}

describe('asking the journal which chat a message is in', () => {
  it('asks once for ids asked together, and once more for those asked while it was asking', async () => {
    const { lookup, asked } = journal({ A: 'c1', C: 'c2' });
    const lookups = new ChatLookups(lookup);
    const first = Promise.all(['A', 'B', 'C', 'A'].map((id) => lookups.chatOf('+55', id)));
    await new Promise((r) => setTimeout(r, 1));
    const later = Promise.all(['B', 'C'].map((id) => lookups.chatOf('+55', id)));
    expect(await first).toEqual(['c1', undefined, 'c2', 'c1']);
    expect(await later).toEqual([undefined, 'c2']);
    expect(asked).toEqual([
      ['A', 'B', 'C'],
      ['B', 'C'],
    ]);
  });

  it('asks each number on its own, at most a thousand ids a question', async () => {
    const { lookup, asked } = journal({});
    const lookups = new ChatLookups(lookup);
    await Promise.all([...Array.from({ length: 2_500 }, (_, i) => lookups.chatOf('+55', `M${i}`)), lookups.chatOf('+56', 'M0')]);
    expect(asked.map((ids) => ids.length).sort((a, b) => a - b)).toEqual([1, 500, 1_000, 1_000]);
  });

  it('a question that fails fails those who asked, and the next is asked afresh', async () => {
    const failing = journal({}, true);
    const lookups = new ChatLookups(failing.lookup);
    await expect(lookups.chatOf('+55', 'A')).rejects.toThrow(/went away/);
    await expect(lookups.chatOf('+55', 'B')).rejects.toThrow(/went away/);
    expect(failing.asked).toEqual([['A'], ['B']]);
  });
});
