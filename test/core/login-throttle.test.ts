import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tcpOrigin } from '../../src/core/origin.js';
import { verifyPassword } from '../../src/core/password.js';
import type { Clock } from '../../src/core/ports.js';
import { Sessions, type LoginOptions } from '../../src/core/sessions.js';
import { PW, testEngine } from '../helpers/engine.js';

type T = Awaited<ReturnType<typeof testEngine>>;

/**
 * Password guessing against the real login path (real store, real scrypt): the verifier is the
 * real one, wrapped to count the checks and how many run at once; the clock is a test clock.
 */
describe('login throttle', () => {
  let t: T;
  let nowMs: number;
  const clock: Clock = { now: () => new Date(nowMs) };
  let verified: number;
  let inFlight: number;
  let maxInFlight: number;
  /** While set, every check waits for it before running (to hold attempts in flight). */
  let gate: Promise<void> | null;

  const sessions = (options: LoginOptions = {}) =>
    new Sessions(t.store.state, t.store.sessions, t.store.audit, clock, {
      ...options,
      verifyPassword: async (password, stored) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          if (gate) await gate;
          verified++;
          return await verifyPassword(password, stored);
        } finally {
          inFlight--;
        }
      },
    });
  const outcome = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code);
  const tally = (results: PromiseSettledResult<unknown>[]) => {
    const counts: Record<string, number> = {};
    for (const r of results) counts[outcome(r)] = (counts[outcome(r)] ?? 0) + 1;
    return counts;
  };

  beforeEach(async () => {
    t = await testEngine();
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    nowMs = Date.parse('2026-12-01T12:00:00Z');
    verified = inFlight = maxInFlight = 0;
    gate = null;
  });
  afterEach(() => t.cleanup());

  it('100 concurrent wrong passwords get 5 checks; the right one after them waits out the lockout', async () => {
    const s = sessions();
    const burst = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => s.login('bia@acme.com', `wrong password ${i}`)));
    expect(tally(burst)).toEqual({ unauthenticated: 5, limit: 95 });
    expect(verified).toBe(5);
    expect(maxInFlight).toBe(2); // two checks at a time per email
    const locked = /^too many wrong passwords for bia@acme\.com — wait \d+ s and try again$/;
    await expect(s.login('bia@acme.com', PW)).rejects.toMatchObject({ code: 'limit', message: expect.stringMatching(locked) });
    nowMs += 59_000;
    await expect(s.login('BIA@acme.com', PW)).rejects.toMatchObject({ code: 'limit', message: expect.stringMatching(/wait 1 s/) });
    expect(verified).toBe(5); // refusals spend no scrypt
    nowMs += 1_001;
    await expect(s.login('bia@acme.com', PW)).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
    expect(verified).toBe(6);
  });

  it('a right password in the middle of a burst does not clear the wrong ones around it', async () => {
    const s = sessions();
    const wrong = (i: number) => s.login('bia@acme.com', `wrong password ${i}`);
    // Four wrong, the right one, then more wrong, all at once: the right one is within budget.
    const burst = await Promise.allSettled([0, 1, 2, 3].map(wrong).concat(s.login('bia@acme.com', PW), ...[4, 5, 6, 7, 8, 9].map(wrong)));
    expect(outcome(burst[4]!)).toBe('ok');
    // Its success forgave nothing: one more wrong guess was checked, then the email locked.
    expect(tally(burst)).toEqual({ unauthenticated: 5, ok: 1, limit: 5 });
    expect(verified).toBe(6);
    await expect(s.login('bia@acme.com', PW)).rejects.toMatchObject({ code: 'limit', message: expect.stringMatching(/^too many wrong passwords/) });
    expect(verified).toBe(6);
  });

  it('concurrent right passwords for one email all get in, a couple of checks at a time', async () => {
    const s = sessions();
    const logins = await Promise.allSettled(Array.from({ length: 12 }, () => s.login('bia@acme.com', PW)));
    expect(tally(logins)).toEqual({ ok: 12 });
    expect(maxInFlight).toBe(2);
  });

  it('a burst beyond what may wait is refused at once, and still gets only 5 checks', async () => {
    const s = sessions({ limits: { waitingPerEmail: 10 } });
    const burst = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => s.login('bia@acme.com', `wrong password ${i}`)));
    const messages = burst.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).message));
    expect(messages.filter((m) => m === 'too many logins at once for bia@acme.com — wait a few seconds and try again')).toHaveLength(88);
    expect(messages.filter((m) => m === 'wrong email or password')).toHaveLength(5);
    expect(verified).toBe(5);
  });

  it('unknown emails are throttled the same, and cost a check each, so they look like known ones', async () => {
    const s = sessions();
    const burst = await Promise.allSettled(Array.from({ length: 20 }, () => s.login('nobody@acme.com', PW)));
    expect(tally(burst)).toEqual({ unauthenticated: 5, limit: 15 });
    expect(verified).toBe(5);
  });

  it('checks run a few at a time per source address; without one (the unix socket), per email only', async () => {
    const emails = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => `${n}@acme.com`);
    const s = sessions({ limits: { concurrentPerSource: 2 } });
    await Promise.allSettled(emails.map((e) => s.login(e, PW, tcpOrigin('203.0.113.7'))));
    expect(verified).toBe(8);
    expect(maxInFlight).toBe(2);
    maxInFlight = 0;
    await Promise.allSettled(emails.map((e) => s.login(e, 'another guess')));
    expect(maxInFlight).toBe(8);
  });

  it('a source with too many logins waiting is refused at once, and can log in again when they are done', async () => {
    const s = sessions({ limits: { concurrentPerSource: 1, waitingPerSource: 2 } });
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const held = ['a', 'b', 'c'].map((n) => s.login(`${n}@acme.com`, PW, tcpOrigin('203.0.113.7')));
    await expect(s.login('bia@acme.com', PW, tcpOrigin('203.0.113.7'))).rejects.toMatchObject({
      code: 'limit',
      message: 'too many logins at once from 203.0.113.7 — wait a few seconds and try again',
    });
    // Another source, or the unix socket, is not held up by it.
    gate = null;
    await expect(s.login('bia@acme.com', PW, tcpOrigin('198.51.100.2'))).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
    open();
    expect(tally(await Promise.allSettled(held))).toEqual({ unauthenticated: 3 });
    await expect(s.login('bia@acme.com', PW, tcpOrigin('203.0.113.7'))).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
  });

  it('one address spraying a password over many emails is locked after maxFailuresPerSource wrong ones, others are not', async () => {
    const s = sessions({ limits: { maxFailuresPerSource: 3, sourceWindowMs: 10 * 60_000 } });
    const spray = tcpOrigin('203.0.113.7');
    for (const n of ['a', 'b', 'c']) await expect(s.login(`${n}@acme.com`, 'Summer2026!', spray)).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(verified).toBe(3);
    // Now even the right password from there is refused, without a check.
    await expect(s.login('bia@acme.com', PW, spray)).rejects.toMatchObject({
      code: 'limit',
      message: 'too many wrong passwords from 203.0.113.7 — wait 10 min and try again',
    });
    expect(verified).toBe(3);
    // Another address, and the unix socket, are not held up by it; the emails sprayed are not locked.
    await expect(s.login('bia@acme.com', PW, tcpOrigin('198.51.100.2'))).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
    await expect(s.login('bia@acme.com', PW)).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
    nowMs += 10 * 60_000 + 1;
    await expect(s.login('bia@acme.com', PW, spray)).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
  });

  it('a concurrent spray from one address gets no more checks than the source limit plus those in flight', async () => {
    const s = sessions({ limits: { maxFailuresPerSource: 6, concurrentPerSource: 2 } });
    const burst = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => s.login(`user${i}@acme.com`, 'Summer2026!', tcpOrigin('203.0.113.7'))));
    expect(verified).toBeLessThanOrEqual(6 + 1);
    expect(tally(burst)).toEqual({ unauthenticated: verified, limit: 30 - verified });
  });

  it('a check that fails with an error counts as a wrong password', async () => {
    const s = new Sessions(t.store.state, t.store.sessions, t.store.audit, clock, {
      verifyPassword: async () => {
        throw new Error('scrypt: out of memory');
      },
    });
    for (let i = 0; i < 5; i++) await expect(s.login('bia@acme.com', PW)).rejects.toThrow(/out of memory/);
    await expect(s.login('bia@acme.com', PW)).rejects.toMatchObject({ code: 'limit' });
  });
});
