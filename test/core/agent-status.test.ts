import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventHub, type EngineEvent, type PhonesChanged } from '../../src/core/events.js';
import type { Presence } from '../../src/core/presence.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { Stores } from '../../src/core/ports.js';
import { ruleStores } from '../helpers/engine.js';
import { TestClock } from '../helpers/test-clock.js';

const PHONE = '+5511999990000';

/**
 * Agents' availability (`guru status`): who may set whose, what is audited and announced, how
 * the inbox's automatic changes give way to what the agent said, and what the rodízio makes of it.
 */
describe('agent status', () => {
  let store: Stores;
  let engine: Engine;
  let events: EventHub<EngineEvent | PhonesChanged>;
  let announced: EngineEvent[];
  const online = new Set<string>();
  const presence: Presence = { onlineUserIds: () => online, open: () => ({ alive: () => undefined, close: () => undefined }) };
  const clock = new TestClock('2026-12-02T10:00:00.000Z');

  const actor = async (email: string): Promise<Actor> => ({ type: 'user', userId: (await engine.as(OWNER).users.show(email)).id });
  const as = async (email: string) => engine.as(await actor(email));

  beforeEach(async () => {
    online.clear();
    events = new EventHub();
    announced = [];
    events.subscribe((e) => void (e.type === 'presence' || e.type === 'audit' ? announced.push(e) : undefined));
    store = await ruleStores({
      onAudit: (entries) => {
        for (const entry of entries) events.publish({ type: 'audit', entry });
      },
    });
    engine = new Engine({ stores: store, presence, clock, events });
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse battery' });
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia' });
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio', permissions: ['users.manage'] });
    await owner.users.add({ email: 'dora@acme.com', name: 'Dora' });
  });

  afterEach(async () => {
    await store.close();
  });

  it('anyone sets their own; it is audited as user.status and announced as presence', async () => {
    const bia = await as('bia@acme.com');
    online.add((await engine.as(OWNER).users.show('bia@acme.com')).id);
    expect(await bia.status.show()).toMatchObject({ email: 'bia@acme.com', status: 'online', since: null, auto: false, availability: 'online' });

    const busy = await bia.status.set('busy');
    expect(busy).toMatchObject({ status: 'busy', since: '2026-12-02T10:00:00.000Z', auto: false, availability: 'busy', awayAfterMs: 15 * 60 * 1000 });
    expect((await engine.as(OWNER).users.show('bia@acme.com')).availability).toBe('busy');

    const audit = (await engine.as(OWNER).audit.list()).filter((e) => e.action === 'user.status');
    expect(audit.map((e) => [e.actor, e.target, e.details])).toEqual([['Bia <bia@acme.com>', 'bia@acme.com', { status: 'busy' }]]);
    expect(announced.filter((e) => e.type === 'presence')).toEqual([{ type: 'presence', email: 'bia@acme.com', online: true, status: 'busy' }]);

    // Saying it again changes nothing, audits nothing, announces nothing.
    await bia.status.set('busy');
    expect((await engine.as(OWNER).audit.list()).filter((e) => e.action === 'user.status')).toHaveLength(1);

    expect(await bia.status.set('online')).toMatchObject({ status: 'online', since: null, availability: 'online' });
    expect(announced.filter((e) => e.type === 'presence').at(-1)).toEqual({ type: 'presence', email: 'bia@acme.com', online: true, status: 'online' });
  });

  it('not connected, a status is kept but presence shows offline', async () => {
    const bia = await as('bia@acme.com');
    expect(await bia.status.set('away')).toMatchObject({ status: 'away', availability: 'offline' });
    expect((await engine.as(OWNER).users.list()).find((u) => u.email === 'bia@acme.com')).toMatchObject({ online: false, availability: 'offline' });
    expect(announced.filter((e) => e.type === 'presence')).toEqual([{ type: 'presence', email: 'bia@acme.com', online: false, status: 'offline' }]);
  });

  it("someone else's needs users.manage (and an admin's, being one); the owner must name whose", async () => {
    const dora = await as('dora@acme.com');
    await expect(dora.status.set('busy', { user: 'bia@acme.com' })).rejects.toMatchObject({ code: 'permission_denied', message: /users\.manage/ });
    const caio = await as('caio@acme.com');
    expect(await caio.status.set('away', { user: 'bia@acme.com' })).toMatchObject({ email: 'bia@acme.com', status: 'away' });
    await expect(caio.status.set('busy', { user: 'ana@acme.com' })).rejects.toMatchObject({ code: 'permission_denied', message: /only admins/ });
    // Everyone may look: presence is the team's.
    expect(await dora.status.show('bia@acme.com')).toMatchObject({ status: 'away' });

    const owner = engine.as(OWNER);
    await expect(owner.status.set('busy')).rejects.toMatchObject({ code: 'usage', message: /owner has no status.*--user <email>/ });
    await expect(owner.status.show()).rejects.toMatchObject({ code: 'usage' });
    expect(await owner.status.set('online', { user: 'bia@acme.com' })).toMatchObject({ status: 'online' });
    const audit = (await owner.audit.list()).filter((e) => e.action === 'user.status');
    expect(audit.map((e) => [e.actor, e.target, e.details])).toEqual([
      ['Caio <caio@acme.com>', 'bia@acme.com', { status: 'away' }],
      ['owner', 'bia@acme.com', { status: 'online' }],
    ]);
    await expect(owner.status.set('lunch' as 'busy', { user: 'bia@acme.com' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: /online, busy or away/,
    });
  });

  it("the inbox's automatic away gives way to what the agent said", async () => {
    const bia = await as('bia@acme.com');
    // Online → automatic away → the next key: online again.
    expect(await bia.status.set('away', { auto: true })).toMatchObject({ status: 'away', auto: true });
    expect(await bia.status.set('online', { auto: true })).toMatchObject({ status: 'online', auto: false });
    // Busy by hand: an automatic away leaves it, and so does an automatic online.
    await bia.status.set('busy');
    expect(await bia.status.set('away', { auto: true })).toMatchObject({ status: 'busy', auto: false });
    expect(await bia.status.set('online', { auto: true })).toMatchObject({ status: 'busy' });
    // Away by hand is not ended by a key either.
    await bia.status.set('away');
    expect(await bia.status.set('online', { auto: true })).toMatchObject({ status: 'away', auto: false });
    await expect(bia.status.set('busy', { auto: true })).rejects.toMatchObject({ code: 'invalid_input' });
    const audit = (await engine.as(OWNER).audit.list()).filter((e) => e.action === 'user.status');
    expect(audit.map((e) => e.details)).toEqual([{ status: 'away', auto: true }, { status: 'online', auto: true }, { status: 'busy' }, { status: 'away' }]);
  });

  it('`account set --away-after` is kept and shown; 0 is never; nonsense is refused', async () => {
    const owner = engine.as(OWNER);
    expect((await owner.account.show()).awayAfterMs).toBe(15 * 60 * 1000);
    expect((await owner.account.set({ awayAfterMs: 5 * 60 * 1000 })).awayAfterMs).toBe(300_000);
    expect((await (await as('bia@acme.com')).status.show()).awayAfterMs).toBe(300_000);
    expect((await owner.account.set({ awayAfterMs: 0 })).awayAfterMs).toBe(0);
    await expect(owner.account.set({ awayAfterMs: 5_000 })).rejects.toMatchObject({ code: 'invalid_input', message: /1 minute to 24 hours, or 0/ });
  });

  describe('the rodízio', () => {
    beforeEach(async () => {
      const owner = engine.as(OWNER);
      await owner.phones.add(PHONE);
      for (const email of ['bia@acme.com', 'caio@acme.com', 'dora@acme.com']) online.add((await owner.users.show(email)).id);
    });

    it('skips busy and away agents on skip-offline entries, naming why', async () => {
      const owner = engine.as(OWNER);
      await owner.roundRobin.add(PHONE, 'user:bia@acme.com', { skipOffline: true });
      await owner.roundRobin.add(PHONE, 'user:caio@acme.com', { skipOffline: true });
      await owner.roundRobin.add(PHONE, 'user:dora@acme.com', { skipOffline: true });
      await (await as('bia@acme.com')).status.set('busy');
      await (await as('caio@acme.com')).status.set('away', { auto: true });
      const { decisions } = await owner.roundRobin.simulate(PHONE, { next: 3 });
      expect(decisions.map((d) => d.assignee?.ref)).toEqual(['user:dora@acme.com', 'user:dora@acme.com', 'user:dora@acme.com']);
      expect(decisions[0]!.trail.map((s) => [s.target.ref, s.outcome, s.reason])).toEqual([
        ['user:bia@acme.com', 'skipped', 'busy'],
        ['user:caio@acme.com', 'skipped', 'away'],
        ['user:dora@acme.com', 'picked', undefined],
      ]);
      // Dora busy too: nobody takes the chat; every reason is in the trail.
      await (await as('dora@acme.com')).status.set('busy');
      const none = (await owner.roundRobin.simulate(PHONE, { next: 1 })).decisions[0]!;
      expect(none.assignee).toBeNull();
      expect(none.trail.map((s) => s.reason)).toEqual(['busy', 'away', 'busy']);
    });

    it('an entry without skip-offline still gets chats, busy or away', async () => {
      const owner = engine.as(OWNER);
      await owner.roundRobin.add(PHONE, 'user:bia@acme.com');
      await owner.roundRobin.add(PHONE, 'user:caio@acme.com', { skipOffline: true });
      await (await as('bia@acme.com')).status.set('busy');
      await (await as('caio@acme.com')).status.set('away');
      const { decisions } = await owner.roundRobin.simulate(PHONE, { next: 2 });
      expect(decisions.map((d) => d.assignee?.ref)).toEqual(['user:bia@acme.com', 'user:bia@acme.com']);
      expect(decisions[1]!.trail.map((s) => [s.target.ref, s.outcome, s.reason])).toEqual([
        ['user:caio@acme.com', 'skipped', 'away'],
        ['user:bia@acme.com', 'picked', undefined],
      ]);
    });

    it('a department on a skip-offline entry is as available as its most available member', async () => {
      const owner = engine.as(OWNER);
      await owner.departments.add('Vendas');
      await owner.departments.addMembers('Vendas', ['bia@acme.com', 'caio@acme.com']);
      await owner.roundRobin.add(PHONE, 'dept:Vendas', { skipOffline: true });
      await (await as('bia@acme.com')).status.set('away');
      expect((await owner.roundRobin.simulate(PHONE, { next: 1 })).decisions[0]!.assignee?.ref).toBe('dept:Vendas');
      await (await as('caio@acme.com')).status.set('busy');
      const d = (await owner.roundRobin.simulate(PHONE, { next: 1 })).decisions[0]!;
      expect(d.assignee).toBeNull();
      expect(d.trail[0]).toMatchObject({ outcome: 'skipped', reason: 'busy' });
    });
  });
});
