import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { Presence } from '../../src/core/presence.js';
import { wiredEngine } from '../helpers/engine.js';

const PHONE = '+5511999990000';

/**
 * Chats nobody could take wait, and go out oldest first as soon as someone can: in-process over
 * real stores (files, or PostgreSQL), with audits and presence published on the engine's events
 * as the daemon does.
 */
describe('waiting chats', () => {
  let fixture: Awaited<ReturnType<typeof wiredEngine>>;
  let engine: Engine;
  const online = new Set<string>();
  const presence: Presence = { onlineUserIds: () => online, open: () => ({ alive: () => undefined, close: () => undefined }) };

  beforeEach(async () => {
    fixture = await wiredEngine('guru-backlog-', PHONE, { presence });
    engine = fixture.engine;
    await engine.as(OWNER).users.add({ email: 'bia@acme.com', name: 'Bia Lima' });
  });

  afterEach(async () => {
    online.clear();
    await fixture.close();
  });

  const arrive = async (n: number) =>
    (
      await engine.chats.receive({
        phone: PHONE,
        id: `m${n}`,
        from: `55119000000${n}@s.whatsapp.net`,
        content: { type: 'text', text: 'oi' },
        time: new Date().toISOString(),
      })
    ).chatId!;

  it('go to an agent when she comes online, oldest first, each audited with its cause', async () => {
    const owner = engine.as(OWNER);
    await owner.roundRobin.add(PHONE, 'user:bia@acme.com', { skipOffline: true });
    const chats = [await arrive(1), await arrive(2), await arrive(3)];
    expect(chats.map((id) => engine.chats.index.get(id)!.waitingSince)).not.toContain(undefined);
    expect(engine.chats.index.get(chats[0]!)!.trail).toEqual([expect.objectContaining({ outcome: 'skipped', reason: 'offline' })]);

    const bia = await owner.users.show('bia@acme.com');
    online.add(bia.id);
    fixture.events.publish({ type: 'presence', email: 'bia@acme.com', online: true, status: 'online' });
    await vi.waitFor(async () => {
      const audit = (await owner.audit.list()).filter((e) => e.action === 'chat.reassign');
      expect(audit.map((e) => e.target)).toEqual(chats);
    });
    for (const id of chats) expect(engine.chats.index.get(id)).toMatchObject({ assignee: { type: 'user', userId: bia.id } });
    const audit = (await owner.audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit[0]!.details).toMatchObject({ reason: 'backlog', cause: 'bia@acme.com came online', from: null, to: { email: 'bia@acme.com' } });
    const why = await owner.chats.why(chats[0]!);
    expect(why.waitingSince).toBeNull();
    expect(why.steps.map((s) => s.kind)).toEqual(['opened', 'assigned']);
    expect(why.steps[1]).toMatchObject({ kind: 'assigned', handover: 'backlog', cause: 'bia@acme.com came online', assignee: { ref: 'user:bia@acme.com' } });
  });

  it('go out when an entry is made active, and survive a restart while they wait; a number without a rodízio keeps none waiting', async () => {
    // No rodízio: the number is worked by hand, and nothing is handed out when one is set up later.
    const byHand = await arrive(1);
    expect(engine.chats.index.get(byHand)!.waitingSince).toBeUndefined();
    await engine.as(OWNER).roundRobin.add(PHONE, 'user:bia@acme.com', { active: false });
    const first = await arrive(2);
    expect(engine.chats.index.get(first)!.waitingSince).toBeDefined();
    // A restart: the waiting line is rebuilt from the journal.
    engine = await fixture.restart();
    expect(engine.chats.index.routing.waitingChats(PHONE).map((c) => c.id)).toEqual([first]);
    // The entry's audit is what tells the engine someone may take it now.
    await engine.as(OWNER).roundRobin.set(PHONE, 1, { active: true });
    await vi.waitFor(() => expect(engine.chats.index.get(first)!.waitingSince).toBeUndefined());
    expect(engine.chats.index.get(first)!.assignee).toMatchObject({ type: 'user' });
    expect(engine.chats.index.get(byHand)!.assignee).toBeNull();
  });

  it('two customers decided at once never fill one place twice: the second waits', async () => {
    const owner = engine.as(OWNER);
    await owner.roundRobin.add(PHONE, 'user:bia@acme.com', { maxOpen: 1 });
    const [a, b, c] = await Promise.all([arrive(1), arrive(2), arrive(3)]);
    const chats = [a!, b!, c!].map((id) => engine.chats.index.get(id)!);
    expect(chats.filter((chat) => chat.assignee !== null)).toHaveLength(1);
    expect(chats.filter((chat) => chat.waitingSince !== undefined)).toHaveLength(2);
    expect(engine.chats.index.routing.load(PHONE).users.size).toBe(1);
  });

  it('how many chats colleagues hold is not told to a simulation by someone who may not see it', async () => {
    const owner = engine.as(OWNER);
    await owner.roundRobin.add(PHONE, 'user:bia@acme.com', { maxOpen: 1 });
    await arrive(1);
    const bia = await owner.users.show('bia@acme.com');
    const asOwner = await owner.roundRobin.simulate(PHONE, { next: 1 });
    expect(asOwner.decisions[0]!.trail[0]).toMatchObject({ reason: 'at_capacity', load: { open: 1, max: 1 } });
    const asBia = await engine.as({ type: 'user', userId: bia.id }).roundRobin.simulate(PHONE, { next: 1 });
    expect(asBia.decisions[0]!.trail[0]).toMatchObject({ outcome: 'picked', load: { open: 0, max: 1 } });
  });
});
