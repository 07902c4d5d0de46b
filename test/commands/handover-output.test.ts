import { describe, expect, it } from 'vitest';
import { handoverLine, roundRobinLine } from '../../src/cli/handover.js';
import type { HandoverView } from '../../src/core/ops/handover.js';

const caio = { type: 'user' as const, ref: 'user:caio@acme.com', name: 'Caio Reis' };
const vendas = { type: 'department' as const, ref: 'dept:Vendas', name: 'Vendas' };
const base: HandoverView = { reason: 'user.remove', mode: 'round-robin', done: true, chats: 0, to: [] };

/** What `user remove|disable` and `dept remove` say about the chats they handed over. */
describe('handover lines', () => {
  it('names where the chats went, most first, or that they stay unassigned', () => {
    const to = [
      { assignee: caio, chats: ['a', 'b', 'c'] },
      { assignee: vendas, chats: ['d', 'e'] },
    ];
    expect(handoverLine({ ...base, chats: 5, to })).toBe('5 open chats: 3 to Caio Reis, 2 to Vendas');
    expect(handoverLine({ ...base, chats: 1, to: [{ assignee: caio, chats: ['a'] }] })).toBe('1 open chat: 1 to Caio Reis');
    expect(handoverLine({ ...base, mode: 'unassign', chats: 2, to: [{ assignee: null, chats: ['a', 'b'] }] })).toBe('2 open chats left unassigned');
    expect(handoverLine({ ...base, chats: 2, to: [{ assignee: null, chats: ['a', 'b'] }] })).toBe(
      '2 open chats left unassigned (nobody in the rodízio could take them)',
    );
    expect(handoverLine({ ...base, chats: 4, to: [to[0]!, { assignee: null, chats: ['x'] }] })).toBe('4 open chats: 3 to Caio Reis, 1 left unassigned');
  });

  it('says nothing when there was nothing to hand over, and what happens later without a daemon', () => {
    expect(handoverLine(base)).toBeNull();
    expect(handoverLine({ ...base, done: false })).toMatch(/daemon is not running.*rodízio when it starts.*guru daemon start/);
  });

  it('names the round-robin positions a removal took out', () => {
    expect(roundRobinLine([])).toBeNull();
    expect(roundRobinLine([{ phone: '+5511999990000', positions: [1, 4] }])).toBe('Taken out of the round-robin of +5511999990000 (positions 1, 4)');
  });
});
