import { describe, expect, it } from 'vitest';
import { CAST, castMember, historyScript, type CustomerTurn } from '../../src/demo/cast.js';

const isReaction = (turn: CustomerTurn) => typeof turn !== 'string' && 'react' in turn;
const words = (turn: CustomerTurn) => JSON.stringify(turn);

describe("the demo's customers", () => {
  it('never run out: the cast first, then new people with numbers and names nobody else in the demo has', () => {
    const people = Array.from({ length: 60 }, (_, k) => castMember(k));
    expect(people.slice(0, CAST.length)).toEqual(CAST);
    const taken = new Set([...CAST.map((m) => m.number), ...historyScript().map((h) => h.number)]);
    const numbers = people.slice(CAST.length).map((m) => m.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) {
      expect(n).toMatch(/^55\d{11}$/);
      expect(taken.has(n)).toBe(false);
    }
    const names = people.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("a newcomer has a cast member's script, greeted by their own first name", () => {
    const beatriz = castMember(CAST.length);
    expect(beatriz.name).toBe('Beatriz Martins');
    expect(beatriz.lines).toEqual(CAST[0]!.lines);
    expect(beatriz.agent[0]).toBe('Oi, Beatriz! O plano anual sai por R$ 1.188, com dois meses grátis.');
    for (let k = CAST.length; k < CAST.length + 40; k++) {
      const m = castMember(k);
      const base = CAST[k % CAST.length]!;
      expect(m.agent.join(' ')).not.toContain(base.name.split(' ')[0]);
      expect(m.agent.join(' ')).toContain(m.name.split(' ')[0]);
      expect(m.lines.map(words).join(' ')).not.toContain(base.name.split(' ')[0]);
      // one answer per turn that is not a reaction (nobody answers a reaction)
      expect(m.agent.length).toBe(m.lines.filter((t) => !isReaction(t)).length);
    }
  });

  it('between them, the cast sends a photo, a voice note and a PDF, and reacts to a reply; each opens with a line of text', () => {
    const turns = CAST.flatMap((m) => m.lines.slice(1));
    expect(
      turns
        .filter((t) => typeof t !== 'string' && 'send' in t)
        .map((t) => (t as { send: string }).send)
        .sort(),
    ).toEqual(['pdf', 'photo', 'voice']);
    expect(turns.some(isReaction)).toBe(true);
    for (const m of CAST) {
      expect(typeof m.lines[0]).toBe('string');
      expect(m.agent.length).toBe(m.lines.filter((t) => !isReaction(t)).length);
    }
  });
});
