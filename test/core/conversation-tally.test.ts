import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/chats/model.js';
import { ConversationTally } from '../../src/core/reports/conversation-tally.js';
import { durationFigures } from '../../src/core/reports/durations.js';

const PHONE = '+5511900000000';
const DAY = Date.parse('2026-11-10T00:00:00Z');
const at = (minutes: number) => new Date(DAY + minutes * 60_000).toISOString();
const bia = { type: 'user' as const, userId: 'u_bia' };
const vendas = { type: 'department' as const, departmentId: 'd_vendas' };

const opened = (chatId: string, minute: number, assignee: typeof bia | typeof vendas | null, cause: 'new' | 'reopen' | 'history' = 'new'): JournalRecord => ({
  type: 'chat.opened',
  chatId,
  customer: `c_${chatId}`,
  name: null,
  time: at(minute),
  assignee,
  trail: [],
  cause,
});
const inbound = (chatId: string, minute: number, extra: Partial<Extract<JournalRecord, { type: 'message' }>> = {}): JournalRecord => ({
  type: 'message',
  id: `in-${chatId}-${minute}`,
  chatId,
  direction: 'in',
  text: 'oi',
  time: at(minute - 1), // WhatsApp's time: a minute off; the engine's receivedAt is what counts
  receivedAt: at(minute),
  ...extra,
});
const outbound = (
  chatId: string,
  minute: number,
  authorId: string | undefined,
  extra: Partial<Extract<JournalRecord, { type: 'message' }>> = {},
): JournalRecord => ({
  type: 'message',
  id: `out-${chatId}-${minute}`,
  chatId,
  direction: 'out',
  text: 'olá',
  time: at(minute),
  ...(authorId ? { authorId } : {}),
  status: 'sent',
  ...extra,
});
const closed = (chatId: string, minute: number): JournalRecord => ({ type: 'chat.closed', chatId, by: 'u_bia', time: at(minute) });

function tally(records: JournalRecord[], by: 'agent' | 'dept' | 'hour' | null = null, window = { from: DAY, to: DAY + 86_400_000 }, now = DAY + 86_400_000) {
  const t = new ConversationTally(window, by, 'UTC');
  for (const r of records) t.apply(PHONE, r);
  return t.finish(now);
}

describe('adding a journal up into report figures', () => {
  it('first response runs from the first unanswered customer message to the first reply by a person', () => {
    const { total } = tally([
      opened('a', 0, bia),
      inbound('a', 0),
      inbound('a', 3), // still the same wait: it began at minute 0
      outbound('a', 5, undefined, { auto: 'bot' }), // the bot is nobody answering
      outbound('a', 10, 'u_bia'),
      inbound('a', 20),
      outbound('a', 21, 'u_bia'), // a later reply: not a first response
      closed('a', 30),
    ]);
    expect(total.firstResponse).toEqual({ count: 1, medianSeconds: 600, p90Seconds: 600 });
    expect(total.resolution).toEqual({ count: 1, medianSeconds: 1800, p90Seconds: 1800 });
    expect(total).toMatchObject({ opened: 1, closed: 1, messagesIn: 3, messagesOut: 2, waiting: { count: 0, longestSeconds: null } });
  });

  it('a reopened conversation has a first response and a resolution of its own', () => {
    const { total } = tally([
      opened('a', 0, bia),
      inbound('a', 0),
      outbound('a', 2, 'u_bia'),
      closed('a', 5),
      opened('a', 60, bia, 'reopen'),
      inbound('a', 60),
      outbound('a', 64, 'u_bia'),
      closed('a', 70),
    ]);
    expect(total).toMatchObject({ opened: 1, reopened: 1, closed: 2 });
    expect(total.firstResponse).toEqual({ count: 2, medianSeconds: 180, p90Seconds: 240 });
    expect(total.resolution).toEqual({ count: 2, medianSeconds: 450, p90Seconds: 600 });
  });

  it('history, reactions and what happened outside the period count for nothing, but a reply inside it to an earlier message counts', () => {
    const window = { from: DAY + 60 * 60_000, to: DAY + 86_400_000 };
    const { total } = tally(
      [
        opened('h', 0, null, 'history'),
        inbound('h', 0, { history: true, receivedAt: undefined }),
        outbound('h', 1, undefined, { history: true }),
        opened('a', 10, bia),
        inbound('a', 10),
        inbound('a', 70, { content: { type: 'reaction', emoji: '👍', target: 'x' }, text: undefined }),
        outbound('a', 90, 'u_bia'),
      ],
      null,
      window,
    );
    expect(total).toMatchObject({ opened: 0, messagesIn: 0, messagesOut: 1 });
    expect(total.firstResponse).toEqual({ count: 1, medianSeconds: 80 * 60, p90Seconds: 80 * 60 });
  });

  it('by agent: the reply to its author, the rest to whoever holds the chat; a department chat keeps its department', () => {
    const { rows } = tally(
      [
        opened('a', 0, vendas),
        inbound('a', 0),
        { type: 'chat.assigned', chatId: 'a', assignee: bia, by: 'u_bia', time: at(1) },
        outbound('a', 4, 'u_caio'),
        closed('a', 9),
      ],
      'agent',
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['']).toMatchObject({ opened: 1, messagesIn: 1 }); // the department held it then: nobody in particular
    expect(byKey.u_caio).toMatchObject({ messagesOut: 1, firstResponse: { count: 1, medianSeconds: 240 } });
    expect(byKey.u_bia).toMatchObject({ closed: 1, resolution: { count: 1, medianSeconds: 540 } });
    const dept = tally([opened('a', 0, vendas), { type: 'chat.assigned', chatId: 'a', assignee: bia, by: 'u_bia', time: at(1) }, closed('a', 9)], 'dept').rows;
    expect(dept.map((r) => [r.key, r.opened, r.closed])).toEqual([['d_vendas', 1, 1]]);
  });

  it('waiting now: open chats whose customer has no answer yet, the longest wait measured to now', () => {
    const { total, rows } = tally(
      [opened('a', 0, bia), inbound('a', 0), opened('b', 30, bia), inbound('b', 30), outbound('b', 31, 'u_bia'), inbound('b', 50)],
      'agent',
      undefined,
      DAY + 60 * 60_000,
    );
    expect(total.waiting).toEqual({ count: 2, longestSeconds: 3600 });
    expect(rows.find((r) => r.key === 'u_bia')!.waiting).toEqual({ count: 2, longestSeconds: 3600 });
  });

  it('by hour of the day, in the account’s time zone', () => {
    const t = new ConversationTally({ from: DAY, to: DAY + 86_400_000 }, 'hour', 'America/Sao_Paulo');
    t.apply(PHONE, opened('a', 13 * 60, bia)); // 13:00 UTC is 10:00 in São Paulo
    expect(t.finish(DAY).rows.map((r) => [r.key, r.opened])).toEqual([['10', 1]]);
  });
});

describe('durations', () => {
  it('median of an even count is the mean of the middle two; p90 is the nearest rank', () => {
    expect(durationFigures([4000, 1000, 3000, 2000])).toEqual({ count: 4, medianSeconds: 3, p90Seconds: 4 }); // median 2.5 s rounds to 3
    const ten = Array.from({ length: 10 }, (_, i) => (i + 1) * 1000);
    expect(durationFigures(ten)).toEqual({ count: 10, medianSeconds: 6, p90Seconds: 9 }); // 5.5 → 6; the 9th of 10
    expect(durationFigures([])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
  });
});
