import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tcpOrigin } from '../../src/core/origin.js';
import type { SessionEnd } from '../../src/core/sessions.js';
import { PW, testEngine } from '../helpers/engine.js';

const HOUR = 60 * 60 * 1000;

/** `guru user sessions` and `guru user logout`: seeing and ending someone's logins, by the granting rule. */
describe("a user's sessions, listed and ended (engine)", () => {
  let t: Awaited<ReturnType<typeof testEngine>>;
  let now = Date.parse('2026-12-01T09:00:00.000Z');
  const clock = {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };

  // One team for every test (scrypt is the slow part): each test works with its own users.
  beforeAll(async () => {
    t = await testEngine({ clock });
    await t.owner.departments.add('Vendas', ['chats.send', 'chats.view_all']);
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW, departments: ['Vendas'] });
    await t.owner.users.add({ email: 'duda@acme.com', name: 'Duda', password: PW, departments: ['Vendas'] });
    await t.owner.users.add({ email: 'rui@acme.com', name: 'Rui', password: PW, permissions: ['users.manage'] });
    await t.owner.users.add({ email: 'lia@acme.com', name: 'Lia', password: PW, permissions: ['users.manage', 'chats.send', 'chats.view_all'] });
    await t.owner.users.add({ email: 'caio@acme.com', name: 'Caio', password: PW });
  });
  afterAll(() => t.cleanup());

  it('lists live sessions oldest first with when and where — never the token — and leaves out expired ones', async () => {
    const first = await t.engine.sessions.login('bia@acme.com', PW);
    clock.advance(HOUR);
    await t.engine.sessions.login('bia@acme.com', PW, tcpOrigin('203.0.113.7'));
    clock.advance(HOUR);
    await t.engine.sessions.authenticate(first.token, null);
    const sessions = await t.owner.users.sessions('bia@acme.com');
    expect(sessions.map((s) => s.source)).toEqual(['local', '203.0.113.7']);
    expect(sessions[0]).toMatchObject({ createdAt: '2026-12-01T09:00:00.000Z', lastUsedAt: '2026-12-01T11:00:00.000Z', expiresAt: '2026-12-01T23:00:00.000Z' });
    expect(sessions[0]!.id).not.toBe(sessions[1]!.id);
    expect(JSON.stringify(sessions)).not.toContain(first.token);
    // The second was never used after its login: 12 h on, it is over and not listed.
    clock.advance(11 * HOUR);
    expect((await t.owner.users.sessions('bia@acme.com')).map((s) => s.source)).toEqual(['local']);
  });

  it('logout ends them all at once, says why to what they hold open, and is audited', async () => {
    const a = await t.engine.sessions.login('duda@acme.com', PW);
    const b = await t.engine.sessions.login('duda@acme.com', PW);
    const other = await t.engine.sessions.login('caio@acme.com', PW);
    const ends: SessionEnd[] = [];
    const unsubscribe = t.engine.sessionEnds.subscribe((e) => ends.push(e));
    expect(await t.owner.users.logout('duda@acme.com')).toEqual({ email: 'duda@acme.com', ended: 2 });
    unsubscribe();
    expect(await t.engine.sessions.authenticate(a.token, null)).toBeNull();
    expect(await t.engine.sessions.authenticate(b.token, null)).toBeNull();
    expect(await t.engine.sessions.authenticate(other.token, null)).not.toBeNull();
    expect(ends).toEqual([{ userId: (await t.owner.users.show('duda@acme.com')).id, because: 'logout' }]);
    expect(await t.owner.users.sessions('duda@acme.com')).toEqual([]);
    // Duda can log in again: this is no lock-out (that is `guru user disable`).
    await t.engine.sessions.login('duda@acme.com', PW);
    const audit = await t.owner.audit.list({});
    expect(audit.at(-2)).toMatchObject({ actor: 'owner', action: 'user.logout', target: 'duda@acme.com', details: { sessions: 2 } });
  });

  it('needs users.manage for someone else, and only of a user who holds nothing more than you', async () => {
    const rui = await t.as('rui@acme.com');
    const caio = await t.as('caio@acme.com');
    const lia = await t.as('lia@acme.com');
    await t.engine.sessions.login('bia@acme.com', PW);
    // Without users.manage: only your own.
    await expect(caio.users.logout('bia@acme.com')).rejects.toMatchObject({ code: 'permission_denied', message: expect.stringMatching(/users\.manage/) });
    await expect(caio.users.sessions('bia@acme.com')).rejects.toMatchObject({ code: 'permission_denied' });
    expect(await caio.users.logout('caio@acme.com')).toEqual({ email: 'caio@acme.com', ended: 1 });
    // Rui manages users but does not hold what Bia holds (through Vendas): hers are not his to end.
    await expect(rui.users.logout('bia@acme.com')).rejects.toMatchObject({
      code: 'permission_denied',
      message: expect.stringMatching(/bia@acme\.com: they hold chats\.view_all and chats\.send, which you do not/),
    });
    await expect(rui.users.sessions('bia@acme.com')).rejects.toMatchObject({ code: 'permission_denied' });
    expect((await rui.users.logout('caio@acme.com')).ended).toBe(0);
    // Lia holds all Bia holds: she may. Nobody but an admin touches an admin.
    expect((await lia.users.logout('bia@acme.com')).ended).toBeGreaterThan(0);
    expect(await lia.users.sessions('bia@acme.com')).toEqual([]);
    await expect(lia.users.logout('ana@acme.com')).rejects.toMatchObject({ code: 'permission_denied', message: expect.stringMatching(/only admins/) });
    expect(await t.store.audit.list({}).then((a) => a.filter((e) => e.action === 'user.logout').map((e) => e.actor))).toEqual([
      'owner', // the test before
      'Caio <caio@acme.com>',
      'Rui <rui@acme.com>',
      'Lia <lia@acme.com>',
    ]);
  });

  it('an unknown email is a clear not-found', async () => {
    await expect(t.owner.users.logout('nobody@acme.com')).rejects.toMatchObject({ code: 'not_found' });
  });
});
