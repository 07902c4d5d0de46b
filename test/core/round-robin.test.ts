import { describe, expect, it } from 'vitest';
import type { RoundRobin, RoundRobinEntry } from '../../src/core/model.js';
import { decide, moveEntry, removeEntry, simulate, type Eligibility } from '../../src/core/round-robin.js';

const user = (id: string, flags: Partial<RoundRobinEntry> = {}): RoundRobinEntry => ({
  id: `e_${id}_${Math.random()}`,
  target: { type: 'user', userId: id },
  active: true,
  skipOffline: false,
  ...flags,
});
const dept = (id: string, flags: Partial<RoundRobinEntry> = {}): RoundRobinEntry => ({
  id: `e_${id}`,
  target: { type: 'department', departmentId: id },
  active: true,
  skipOffline: false,
  ...flags,
});
const queue = (...entries: RoundRobinEntry[]): RoundRobin => ({ phone: '+5511999990000', entries, cursor: -1 });
const online = (...ids: string[]): Eligibility => ({
  isDisabled: (t) => t.type === 'user' && t.userId.startsWith('disabled'),
  availability: (t) => (ids.includes(t.type === 'user' ? t.userId : t.departmentId) ? 'online' : 'offline'),
  load: () => 0,
});
const names = (q: RoundRobin, e: Eligibility, n: number) =>
  simulate(q, e, n).map((d) => (d.target ? (d.target.type === 'user' ? d.target.userId : d.target.departmentId) : null));

describe('round-robin walk', () => {
  const designQueue = () => queue(user('ana'), user('ana'), dept('vendas', { skipOffline: true }), user('bia', { active: false }));

  it('gives ana every chat while Vendas is offline and bia inactive', () => {
    expect(names(designQueue(), online(), 6)).toEqual(['ana', 'ana', 'ana', 'ana', 'ana', 'ana']);
  });

  it('alternates ana, ana, Vendas once Vendas is online', () => {
    expect(names(designQueue(), online('vendas'), 6)).toEqual(['ana', 'ana', 'vendas', 'ana', 'ana', 'vendas']);
  });

  it('records every skip and its reason in the trail', () => {
    const q = designQueue();
    q.cursor = 1;
    const d = decide(q, online());
    expect(d.trail).toEqual([
      { position: 3, target: { type: 'department', departmentId: 'vendas' }, outcome: 'skipped', reason: 'offline' },
      { position: 4, target: { type: 'user', userId: 'bia' }, outcome: 'skipped', reason: 'inactive' },
      { position: 1, target: { type: 'user', userId: 'ana' }, outcome: 'picked' },
    ]);
    expect(d.picked).toBe(0);
  });

  it('leaves the chat unassigned when nobody is eligible, naming everyone skipped', () => {
    const q = queue(user('ana', { active: false }), user('disabled-bob'), user('caio', { skipOffline: true }));
    const d = decide(q, online());
    expect(d.picked).toBeNull();
    expect(d.trail.map((s) => s.reason)).toEqual(['inactive', 'disabled', 'offline']);
  });

  it('an empty queue assigns nobody', () => {
    expect(decide(queue(), online())).toEqual({ picked: null, target: null, trail: [] });
  });

  it('a skip-offline entry whose target is online is picked', () => {
    expect(names(queue(user('ana', { skipOffline: true }), user('bia')), online('ana'), 3)).toEqual(['ana', 'bia', 'ana']);
  });

  it('simulate does not move the cursor', () => {
    const q = designQueue();
    simulate(q, online(), 5);
    expect(q.cursor).toBe(-1);
  });
});

describe('editing the queue keeps whose turn is next', () => {
  it('removing an entry before the cursor keeps the next pick', () => {
    const q = queue(user('a'), user('b'), user('c'), user('d'));
    q.cursor = 1; // b got the last chat; c is next
    removeEntry(q, 1);
    expect(names(q, online(), 1)).toEqual(['c']);
  });

  it('removing the entry at the cursor hands the turn to the one after it', () => {
    const q = queue(user('a'), user('b'), user('c'));
    q.cursor = 1;
    removeEntry(q, 2);
    expect(names(q, online(), 1)).toEqual(['c']);
  });

  it('removing the last entry empties the queue and resets the cursor', () => {
    const q = queue(user('a'));
    q.cursor = 0;
    removeEntry(q, 1);
    expect(q).toMatchObject({ entries: [], cursor: -1 });
  });

  it('moving entries keeps the cursor on the entry that got the last chat', () => {
    const q = queue(user('a'), user('b'), user('c'), user('d'));
    q.cursor = 1; // b
    moveEntry(q, 2, 4); // a c d b
    expect(q.entries[q.cursor]!.target).toEqual({ type: 'user', userId: 'b' });
    expect(names(q, online(), 2)).toEqual(['a', 'c']);
  });

  it('rejects positions out of range with the valid range', () => {
    const q = queue(user('a'), user('b'));
    expect(() => moveEntry(q, 1, 3)).toThrow(/to position 3 is out of range .* valid positions are 1 to 2/);
    expect(() => removeEntry(q, 0)).toThrow(/out of range/);
    expect(() => removeEntry(queue(), 1)).toThrow(/the queue is empty/);
  });
});
