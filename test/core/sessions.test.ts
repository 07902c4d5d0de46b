import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_IDLE_MS } from '../../src/core/model.js';
import { SOCKET_ORIGIN, sourceOf, tcpOrigin } from '../../src/core/origin.js';
import type { Clock } from '../../src/core/ports.js';
import { PW, testEngine } from '../helpers/engine.js';

/** A clock the test moves by hand. */
function testClock(start = Date.parse('2026-12-01T09:00:00.000Z')) {
  let now = start;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
  return clock;
}

describe('login sessions (engine)', () => {
  let t: Awaited<ReturnType<typeof testEngine>>;
  afterEach(() => t.cleanup());

  it('a session unused for longer than the idle time ends; each use keeps it alive', async () => {
    const clock = testClock();
    t = await testEngine({ clock });
    const { token } = await t.engine.sessions.login('ana@acme.com', PW);
    // Used every 11 hours for two days: stays.
    for (let i = 0; i < 4; i++) {
      clock.advance(11 * 60 * 60 * 1000);
      expect(await t.engine.sessions.authenticate(token, null)).toMatchObject({ type: 'user' });
    }
    // Then left alone for 12 h and a moment: gone, for good.
    clock.advance(DEFAULT_SESSION_IDLE_MS + 1);
    expect(await t.engine.sessions.authenticate(token, null)).toBeNull();
    clock.advance(-DEFAULT_SESSION_IDLE_MS);
    expect(await t.engine.sessions.authenticate(token, null)).toBeNull();
    expect(await t.store.sessions.count()).toBe(0);
  });

  it('the idle time is an account setting', async () => {
    const clock = testClock();
    t = await testEngine({ clock });
    const account = await t.owner.account.set({ sessionIdleMs: 30 * 60 * 1000 });
    expect(account.sessionIdleMs).toBe(30 * 60 * 1000);
    await expect(t.owner.account.set({ sessionIdleMs: 5 })).rejects.toThrow(/session idle time \(ms\) must be a whole number from 60000/);
    const { token } = await t.engine.sessions.login('ana@acme.com', PW);
    clock.advance(29 * 60 * 1000);
    expect(await t.engine.sessions.authenticate(token, null)).not.toBeNull();
    clock.advance(31 * 60 * 1000);
    expect(await t.engine.sessions.authenticate(token, null)).toBeNull();
  });

  it('a second login leaves the first valid; logout ends only the session it is given', async () => {
    t = await testEngine();
    const first = await t.engine.sessions.login('ana@acme.com', PW);
    const second = await t.engine.sessions.login('ana@acme.com', PW);
    expect(first.token).not.toBe(second.token);
    await t.engine.sessions.logout(second.token);
    expect(await t.engine.sessions.authenticate(second.token, null)).toBeNull();
    expect(await t.engine.sessions.authenticate(first.token, null)).toMatchObject({ type: 'user' });
  });

  it('expired sessions, and those of removed users, are swept out of the store as time passes', async () => {
    const clock = testClock();
    t = await testEngine({ clock });
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    for (let i = 0; i < 5; i++) await t.engine.sessions.login('bia@acme.com', PW);
    const ana = await t.engine.sessions.login('ana@acme.com', PW);
    expect(await t.store.sessions.count()).toBe(6);
    await t.owner.users.remove('bia@acme.com');
    expect(await t.store.sessions.count()).toBe(1);
    for (let i = 0; i < 3; i++) await t.engine.sessions.login('ana@acme.com', PW);
    clock.advance(DEFAULT_SESSION_IDLE_MS - 60_000);
    expect(await t.engine.sessions.authenticate(ana.token, null)).not.toBeNull();
    clock.advance(2 * 60 * 60 * 1000);
    // Any request sweeps: the three never used since are gone, the one in use stays.
    expect(await t.engine.sessions.authenticate(ana.token, null)).not.toBeNull();
    expect(await t.store.sessions.count()).toBe(1);
  });

  it('a new password ends every session of that user', async () => {
    t = await testEngine();
    const a = await t.engine.sessions.login('ana@acme.com', PW);
    const b = await t.engine.sessions.login('ana@acme.com', PW);
    await t.owner.users.passwd('ana@acme.com', 'another long password');
    expect(await t.engine.sessions.authenticate(a.token, null)).toBeNull();
    expect(await t.engine.sessions.authenticate(b.token, null)).toBeNull();
  });

  it('the owner token and --as are local credentials: from a TCP origin they are refused, whoever holds them', async () => {
    t = await testEngine();
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    const owner = 'o'.repeat(64);
    const remote = tcpOrigin('198.51.100.2');
    expect(await t.engine.sessions.authenticate(owner, owner)).toEqual({ type: 'owner' });
    expect(await t.engine.sessions.authenticate(owner, owner, SOCKET_ORIGIN)).toEqual({ type: 'owner' });
    await expect(t.engine.sessions.authenticate(owner, owner, remote)).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/^the owner token works only on the local socket — log in as a user with `guru login --server/),
    });
    // A user's session is the same credential from anywhere.
    const { token } = await t.engine.sessions.login('bia@acme.com', PW, remote);
    const bia = await t.engine.sessions.authenticate(token, owner, remote);
    expect(bia).toMatchObject({ type: 'user' });
    // --as: the owner on the socket becomes the user; nobody over TCP, and no user anywhere.
    expect(await t.engine.sessions.actAs({ type: 'owner' }, 'bia@acme.com', SOCKET_ORIGIN)).toEqual(bia);
    await expect(t.engine.sessions.actAs({ type: 'owner' }, 'bia@acme.com', remote)).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(t.engine.sessions.actAs(bia!, 'ana@acme.com', remote)).rejects.toMatchObject({
      code: 'permission_denied',
      message: /only on the local socket/,
    });
    await expect(t.engine.sessions.actAs(bia!, 'ana@acme.com', SOCKET_ORIGIN)).rejects.toMatchObject({
      code: 'permission_denied',
      message: 'only the installation owner may act as another user (--as)',
    });
  });
});

// Apart from the engine's tests: their afterEach closes the engine each one makes, and this makes none.
describe('request origins', () => {
  it('IPv4-mapped IPv6 peers count as their IPv4 address; socket requests are the one source "local"', () => {
    expect(tcpOrigin('::ffff:127.0.0.1')).toEqual({ kind: 'tcp', address: '127.0.0.1' });
    expect(tcpOrigin('::1')).toEqual({ kind: 'tcp', address: '::1' });
    expect(sourceOf(tcpOrigin('::ffff:203.0.113.9'))).toBe('203.0.113.9');
    expect(sourceOf(SOCKET_ORIGIN)).toBe('local');
  });
});
