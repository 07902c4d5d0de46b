import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/core/chats/model.js';
import { waitingSince } from '../../src/core/reports/team-panel.js';

const m = (direction: StoredMessage['direction'], time: string, extra: Partial<StoredMessage> = {}): StoredMessage => ({
  id: `${direction}${time}`,
  offset: 0,
  direction,
  content: { type: 'text', text: 'x' },
  time,
  authorId: direction === 'out' ? 'u' : null,
  status: null,
  ...extra,
});

describe('since when a customer waits (the panel)', () => {
  it('from their first message after the team’s last; notes and automatic replies answer nothing', () => {
    expect(waitingSince({ messages: [m('in', '10:00'), m('out', '10:05'), m('in', '10:07'), m('note', '10:08'), m('in', '10:09')] })).toBe('10:07');
    expect(waitingSince({ messages: [m('in', '10:00'), m('out', '10:01', { auto: 'hours' }), m('in', '10:02')] })).toBe('10:00');
    expect(waitingSince({ messages: [m('in', '10:00'), m('out', '10:05')] })).toBeNull();
    expect(waitingSince({ messages: [] })).toBeNull();
  });
});
