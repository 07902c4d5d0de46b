import { describe, expect, it } from 'vitest';
import { ChatIndex } from '../../src/core/chats/chat-index.js';
import type { Chat, JournalRecord } from '../../src/core/chats/model.js';
import type { RoundRobinTarget } from '../../src/core/model.js';
import { seededRandom } from '../helpers/random.js';

const P = '+5511999990000';
const USERS = ['ana', 'bia', 'caio'];

/** What the routing index should say, counted the slow way over every chat. */
function recount(chats: Chat[]) {
  const users = new Map<string, number>();
  const departments = new Map<string, number>();
  for (const chat of chats) {
    if (chat.status !== 'open' || !chat.assignee) continue;
    const [map, id] = chat.assignee.type === 'user' ? [users, chat.assignee.userId] : [departments, chat.assignee.departmentId];
    map.set(id, (map.get(id) ?? 0) + 1);
  }
  const waiting = chats
    .filter((c) => c.waitingSince !== undefined)
    .sort((a, b) => a.waitingSince!.localeCompare(b.waitingSince!))
    .map((c) => c.id);
  return { users, departments, waiting };
}

function randomHistory(seed: number, steps: number): JournalRecord[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const target = (): RoundRobinTarget | null =>
    next() < 0.2 ? null : next() < 0.8 ? { type: 'user', userId: pick(USERS) } : { type: 'department', departmentId: 'vendas' };
  const records: JournalRecord[] = [];
  let chats = 0;
  for (let i = 0; i < steps; i++) {
    const time = new Date(Date.UTC(2026, 11, 1, 9) + i * 1000).toISOString();
    const chatId = chats > 0 && next() < 0.8 ? `c${Math.floor(next() * chats)}` : `c${chats++}`;
    const roll = next();
    if (roll < 0.3) {
      const assignee = target();
      records.push({
        type: 'chat.opened',
        chatId,
        customer: `+55119${chatId.slice(1).padStart(8, '0')}`,
        name: null,
        time,
        assignee,
        trail: [],
        cause: 'new',
        ...(assignee === null && next() < 0.7 ? { waiting: true as const } : {}),
        ...(next() < 0.1 ? { held: 'bot' as const } : {}),
      });
    } else if (roll < 0.55) {
      const assignee = target();
      records.push({
        type: 'chat.assigned',
        chatId,
        assignee,
        by: 'x',
        time,
        ...(next() < 0.5 ? { handover: 'backlog' as const, trail: [] } : {}),
        ...(assignee === null && next() < 0.5 ? { waiting: true as const } : {}),
      });
    } else if (roll < 0.75) records.push({ type: 'chat.closed', chatId, by: 'x', time });
    else if (roll < 0.85) records.push({ type: 'chat.reopened', chatId, by: 'x', time });
    else if (roll < 0.92) records.push({ type: 'bot.step', chatId, step: pick(['greeted', 'retry', 'matched', 'timeout'] as const), tries: 1, time });
    else records.push({ type: 'message', id: `m${i}`, chatId, direction: 'in', text: 'oi', time });
  }
  return records;
}

describe('routing index', () => {
  it('keeps each agent’s open chats and the waiting chats exactly as a recount over every chat says, through any history', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const index = new ChatIndex();
      for (const record of randomHistory(seed, 400)) {
        index.apply(P, record);
        const expected = recount(index.all());
        const load = index.routing.load(P);
        expect(new Map(load.users)).toEqual(expected.users);
        expect(new Map(load.departments)).toEqual(expected.departments);
        expect(index.routing.waitingChats(P).map((c) => c.id)).toEqual(expected.waiting);
      }
      // A checkpoint restores the same counts and the same waiting line.
      const restored = new ChatIndex();
      restored.restore(P, JSON.parse(JSON.stringify(index.checkpoint(P))));
      expect(restored.all()).toEqual(index.all());
      expect(new Map(restored.routing.load(P).users)).toEqual(new Map(index.routing.load(P).users));
      expect(restored.routing.waitingChats(P).map((c) => c.id)).toEqual(index.routing.waitingChats(P).map((c) => c.id));
    }
  });

  it('a chat waits only while open, unassigned and marked waiting; a bot conversation, an assignment or a close ends it', () => {
    const index = new ChatIndex();
    const opened: JournalRecord = {
      type: 'chat.opened',
      chatId: 'c1',
      customer: '+5511900000001',
      name: null,
      time: 't1',
      assignee: null,
      trail: [],
      cause: 'new',
      waiting: true,
    };
    index.apply(P, opened);
    expect(index.get('c1')!.waitingSince).toBe('t1');
    expect(index.routing.phonesWaiting()).toEqual([P]);
    index.apply(P, {
      type: 'chat.assigned',
      chatId: 'c1',
      assignee: { type: 'user', userId: 'ana' },
      by: 'guru',
      time: 't2',
      handover: 'backlog',
      trail: [],
      cause: 'ana@x came online',
    });
    expect(index.get('c1')!.waitingSince).toBeUndefined();
    expect(index.routing.load(P).users.get('ana')).toBe(1);
    expect(index.get('c1')!.routing!.map((r) => r.type)).toEqual(['chat.opened', 'chat.assigned']);
    index.apply(P, { type: 'chat.closed', chatId: 'c1', by: 'ana', time: 't3' });
    expect(index.routing.load(P).users.get('ana')).toBeUndefined();
    // The bot holds a chat: it is not waiting for the rodízio, and its steps are kept for `chat why`.
    index.apply(P, { ...opened, time: 't4', cause: 'reopen', held: 'bot', waiting: undefined } as JournalRecord);
    expect(index.get('c1')).toMatchObject({ bot: { tries: 0, since: 't4' } });
    expect(index.get('c1')!.waitingSince).toBeUndefined();
    index.apply(P, { type: 'bot.step', chatId: 'c1', step: 'retry', answer: 'xyz', tries: 1, time: 't5' });
    expect(index.get('c1')!.bot).toEqual({ tries: 1, since: 't4' });
    index.apply(P, { type: 'bot.step', chatId: 'c1', step: 'matched', answer: '2', departmentId: 'suporte', tries: 1, time: 't6' });
    expect(index.get('c1')!.bot).toBeUndefined();
  });

  it('an automatic message is marked in the chat, kept through a checkpoint, and dates the out-of-hours reply', () => {
    const index = new ChatIndex();
    index.apply(P, {
      type: 'chat.opened',
      chatId: 'c1',
      customer: '+5511900000001',
      name: null,
      time: 't1',
      assignee: null,
      trail: [],
      cause: 'new',
      held: 'hours',
      waiting: true,
    });
    index.apply(P, { type: 'message', id: 'auto1', chatId: 'c1', direction: 'out', text: 'Fechados', time: 't2', status: 'pending', auto: 'hours' }, 10);
    expect(index.get('c1')!.autoReplyAt).toBe('t2');
    expect(index.get('c1')!.messages.at(-1)!.auto).toBe('hours');
    const restored = new ChatIndex();
    restored.restore(P, JSON.parse(JSON.stringify(index.checkpoint(P))));
    expect(restored.get('c1')).toEqual(index.get('c1'));
  });
});
