import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { Chat } from '../../src/core/chats/model.js';
import type { TrailStep } from '../../src/core/round-robin.js';
import { PresenceTracker } from '../../src/daemon/presence.js';
import { wiredEngine } from '../helpers/engine.js';
import { waitFor } from '../helpers/wait.js';
import { seededRandom } from '../helpers/random.js';

const PHONE = '+5511999990000';
const AGENTS = ['a@acme.com', 'b@acme.com', 'c@acme.com'] as const;
const CAP = 3;

/**
 * Capacity (`--max-open`) and the absent-agent policy through the real engine over real stores,
 * wired as the daemon wires it (audits published as events, so the backlog follows them): the
 * rodízio skips an agent holding their cap, chats nobody can take wait and are handed out oldest
 * first as soon as someone closes one, `rr simulate` predicts every live pick, and a customer
 * writing to an absent agent on a number that says so is handed out again.
 */
describe('capacity, the backlog and absent agents', () => {
  let fixture: Awaited<ReturnType<typeof wiredEngine>>;
  let engine: Engine;
  let presence: PresenceTracker;
  let nextMessage = 0;
  const ids = new Map<string, string>(); // user id → email

  beforeEach(async () => {
    presence = new PresenceTracker(60_000, () => undefined);
    fixture = await wiredEngine('guru-capacity-', PHONE, { presence });
    engine = fixture.engine;
    ids.clear();
    // No passwords: nobody logs in here, and each would cost a scrypt.
    for (const email of AGENTS) {
      const user = await engine.as(OWNER).users.add({ email, name: email[0]!.toUpperCase(), permissions: ['chats.close'] });
      ids.set(user.id, email);
    }
    nextMessage = 0;
  });

  afterEach(async () => {
    presence.clear();
    await fixture.close();
  });

  const owner = () => engine.as(OWNER);
  const idOf = (email: string) => [...ids].find(([, e]) => e === email)![0];
  const actorOf = (email: string): Actor => ({ type: 'user', userId: idOf(email) });
  const holder = (chat: Chat) => (chat.assignee?.type === 'user' ? (ids.get(chat.assignee.userId) ?? null) : null);

  /** A customer writes (a new one unless `from` is given); resolves once it is durable and decided. */
  async function write(from?: string): Promise<string> {
    const i = nextMessage++;
    const { chatId } = await engine.chats.receive({
      phone: PHONE,
      id: `M${i}`,
      from: from ?? `5511988${String(i).padStart(6, '0')}@s.whatsapp.net`,
      content: { type: 'text', text: `olá ${i}` },
      time: new Date(Date.UTC(2026, 10, 26, 10, 0, i)).toISOString(),
    });
    return chatId!;
  }

  /** The open chats each agent holds, counted from the chats themselves (not the routing index). */
  function openByAgent(): Map<string, Chat[]> {
    const held = new Map<string, Chat[]>(AGENTS.map((e) => [e, []]));
    for (const chat of engine.chats.index.all()) {
      const email = holder(chat);
      if (chat.status === 'open' && email) held.get(email)!.push(chat);
    }
    return held;
  }

  const waiting = () => new Set(engine.chats.index.all().flatMap((c) => (c.waitingSince !== undefined ? [c.id] : [])));

  /** What a close's backlog pass did has happened once this resolves (one pass per phone at a time). */
  const settle = () => engine.handOutWaiting(PHONE, 'the test settles');

  /** `user:a@acme.com` → a@acme.com, for each step of a trail: the entry's agent. */
  const agentAt = async () => {
    const queue = await owner().roundRobin.show(PHONE);
    return (step: TrailStep) => queue.entries[step.position - 1]!.target.ref.slice('user:'.length);
  };

  /**
   * 30 customers write; before each, every agent closes one of their chats (picked at random)
   * with probability 0.3 (seeded). Checked on the way: nobody ever holds more than the cap; the
   * simulation asked just before each arrival names the live pick and walks the same trail;
   * waiting chats go out oldest first, each to the agent whose close freed a place. Returns the
   * chats each agent got and the turns they lost at their cap.
   */
  async function thirtyChats(seed: number, cap: (email: string) => number = () => CAP) {
    const random = seededRandom(seed);
    const agentOf = await agentAt();
    const given = new Map<string, number>(AGENTS.map((e) => [e, 0]));
    const capped = new Map<string, number>(AGENTS.map((e) => [e, 0]));
    const backlog: { chat: string; to: string }[] = [];
    const queue: string[] = []; // the waiting chats, in arrival order
    const tally = (chat: Chat) => {
      given.set(holder(chat)!, given.get(holder(chat)!)! + 1);
      for (const step of chat.trail) if (step.reason === 'at_capacity') capped.set(agentOf(step), capped.get(agentOf(step))! + 1);
    };
    const checkCap = (when: string) => {
      for (const [email, chats] of openByAgent()) expect(chats.length, `${email} holds ${chats.length} ${when}`).toBeLessThanOrEqual(cap(email));
    };

    for (let arrival = 0; arrival < 30; arrival++) {
      for (const email of AGENTS) {
        if (random() >= 0.3) continue;
        const mine = openByAgent().get(email)!;
        if (mine.length === 0) continue;
        await engine.as(actorOf(email)).chats.close(mine[Math.floor(random() * mine.length)]!.id);
        await settle();
        checkCap(`after ${email} closed a chat`);
        // A close frees one place: the oldest waiting chat (if any) goes to whoever closed, and only it.
        const still = waiting();
        const handed = queue.filter((id) => !still.has(id));
        expect(handed).toEqual(queue.slice(0, handed.length));
        expect(handed.length).toBeLessThanOrEqual(1);
        for (const id of queue.splice(0, handed.length)) {
          const chat = engine.chats.index.get(id)!;
          expect(holder(chat)).toBe(email);
          backlog.push({ chat: id, to: email });
          tally(chat);
        }
      }

      const predicted = (await owner().roundRobin.simulate(PHONE, { next: 1 })).decisions[0]!;
      const chat = engine.chats.index.get(await write())!;
      checkCap(`after arrival ${arrival}`);
      expect(holder(chat) ? `user:${holder(chat)}` : null, `arrival ${arrival}`).toBe(predicted.assignee?.ref ?? null);
      expect(chat.trail.map((s) => [s.position, s.outcome, s.reason ?? null, s.load ?? null])).toEqual(
        predicted.trail.map((s) => [s.position, s.outcome, s.reason ?? null, s.load ?? null]),
      );
      if (holder(chat)) tally(chat);
      else {
        // Nobody could take it: every agent was at the cap, and it waits behind the older ones.
        expect(chat.waitingSince).toBeDefined();
        expect(chat.trail.every((s) => s.reason === 'at_capacity' && s.load?.open === cap(agentOf(s)))).toBe(true);
        queue.push(chat.id);
      }
    }
    return { given, capped, backlog, stillWaiting: queue };
  }

  /** Chats given plus turns lost at the cap, per repeat weight: the rodízio's turns, fair within one. */
  function expectFairTurns(given: Map<string, number>, capped: Map<string, number>, weight: (email: string) => number) {
    const turns = AGENTS.map((e) => (given.get(e)! + capped.get(e)!) / weight(e));
    expect(Math.max(...turns) - Math.min(...turns), `turns per weight ${turns.join(', ')}`).toBeLessThanOrEqual(1);
  }

  // Seed 1 never fills everyone up; seed 3 does: chats wait and go out, oldest first, as agents close.
  it.each([1, 3])(
    'three agents with --max-open 3, 30 chats while they close at random (seed %i): never over 3, every pick as simulated, the backlog oldest first, fair turns',
    async (seed) => {
      for (const email of AGENTS) await owner().roundRobin.add(PHONE, `user:${email}`, { maxOpen: CAP });
      const { given, capped, backlog, stillWaiting } = await thirtyChats(seed);
      expect([...given.values()].reduce((a, b) => a + b, 0) + stillWaiting.length).toBe(30);
      if (seed === 3) expect(backlog.length).toBeGreaterThan(3);
      expectFairTurns(given, capped, () => 1);
      // Falling behind a colleague by more than one chat is only ever the cap's doing.
      for (const x of AGENTS) for (const y of AGENTS) expect(given.get(x)! - given.get(y)!).toBeLessThanOrEqual(1 + capped.get(y)! - capped.get(x)!);
    },
  );

  it('an agent at weight 2 (two entries): turns in proportion, within one per repeat weight', async () => {
    await owner().roundRobin.add(PHONE, 'user:a@acme.com', { times: 2, maxOpen: 2 * CAP });
    for (const email of AGENTS.slice(1)) await owner().roundRobin.add(PHONE, `user:${email}`, { maxOpen: CAP });
    const { given, capped } = await thirtyChats(7, (e) => (e === 'a@acme.com' ? 2 * CAP : CAP));
    expectFairTurns(given, capped, (e) => (e === 'a@acme.com' ? 2 : 1));
  });

  it('at capacity: the trail says at_capacity with the load (3/3); `rr simulate --load` shows it before it happens; raising the cap hands out the backlog', async () => {
    await owner().roundRobin.add(PHONE, 'user:a@acme.com', { maxOpen: CAP });
    const sim = await owner().roundRobin.simulate(PHONE, { next: 1, load: { 'a@acme.com': 3 } });
    expect(sim.decisions[0]).toMatchObject({
      assignee: null,
      trail: [{ position: 1, target: { ref: 'user:a@acme.com' }, outcome: 'skipped', reason: 'at_capacity', load: { open: 3, max: 3 } }],
    });
    // Counting its own picks, the simulation fills a's three places and then finds nobody.
    const four = await owner().roundRobin.simulate(PHONE, { next: 4 });
    expect(four.decisions.map((d) => d.assignee?.ref ?? null)).toEqual(['user:a@acme.com', 'user:a@acme.com', 'user:a@acme.com', null]);
    expect(four.decisions.map((d) => d.trail[0]!.load)).toEqual([
      { open: 0, max: 3 },
      { open: 1, max: 3 },
      { open: 2, max: 3 },
      { open: 3, max: 3 },
    ]);

    const chats = [await write(), await write(), await write(), await write()];
    const fourth = engine.chats.index.get(chats[3]!)!;
    expect(fourth.assignee).toBeNull();
    expect(fourth.waitingSince).toBeDefined();
    expect(fourth.trail).toEqual([
      { position: 1, target: { type: 'user', userId: idOf('a@acme.com') }, outcome: 'skipped', reason: 'at_capacity', load: { open: 3, max: 3 } },
    ]);

    // Raising the cap is a round_robin.set: the waiting chat goes out at once, audited with its cause.
    await owner().roundRobin.set(PHONE, 1, { maxOpen: 4 });
    await settle();
    expect(holder(engine.chats.index.get(chats[3]!)!)).toBe('a@acme.com');
    // The pass audits after it hands out (the journal first): wait for its entry.
    await waitFor(async () => (await owner().audit.list()).some((e) => e.action === 'chat.reassign'));
    const audit = (await owner().audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit).toEqual([
      expect.objectContaining({
        target: chats[3],
        details: expect.objectContaining({ reason: 'backlog', cause: expect.stringMatching(/^round_robin\.set by /) }),
      }),
    ]);
    const set = (await owner().audit.list()).find((e) => e.action === 'round_robin.set')!;
    expect(set.details).toMatchObject({ position: 1, maxOpen: 4 });
    expect((await owner().roundRobin.show(PHONE)).entries[0]!.maxOpen).toBe(4);
    await owner().roundRobin.set(PHONE, 1, { maxOpen: null });
    expect((await owner().roundRobin.show(PHONE)).entries[0]!.maxOpen).toBeNull();
  });

  it('--max-open is checked: a whole number from 1 to 1000; --busy/--away/--online name each user once', async () => {
    await expect(async () => owner().roundRobin.add(PHONE, 'user:a@acme.com', { maxOpen: 0 })).rejects.toThrow(
      /--max-open must be a whole number from 1 to 1000 \(got 0\)/,
    );
    await owner().roundRobin.add(PHONE, 'user:a@acme.com');
    await expect(async () => owner().roundRobin.set(PHONE, 1, { maxOpen: 1001 })).rejects.toThrow(/--max-open must be a whole number from 1 to 1000/);
    await expect(async () => owner().roundRobin.set(PHONE, 1, {})).rejects.toThrow(/nothing to set/);
    await expect(async () => owner().roundRobin.simulate(PHONE, { busy: ['a@acme.com'], away: ['a@acme.com'] })).rejects.toThrow(
      /a@acme.com is in both --busy and --away/,
    );
    await expect(async () => owner().roundRobin.simulate(PHONE, { load: { 'a@acme.com': -1 } })).rejects.toThrow(
      /--load for a@acme.com must be a whole number/,
    );
    await expect(async () => owner().roundRobin.simulate(PHONE, { busy: ['nobody@acme.com'] })).rejects.toThrow(/nobody@acme.com/);
  });

  it('`rr simulate --busy/--away` skip-offline entries as a live busy or away agent would be', async () => {
    for (const email of AGENTS) await owner().roundRobin.add(PHONE, `user:${email}`, { skipOffline: true });
    const sim = await owner().roundRobin.simulate(PHONE, { next: 2, busy: ['a@acme.com'], away: ['b@acme.com'], online: ['c@acme.com'] });
    expect(sim.online).toEqual(['a@acme.com', 'b@acme.com', 'c@acme.com']);
    expect(sim.busy).toEqual(['a@acme.com']);
    expect(sim.away).toEqual(['b@acme.com']);
    expect(sim.decisions.map((d) => d.assignee?.ref)).toEqual(['user:c@acme.com', 'user:c@acme.com']);
    expect(sim.decisions[0]!.trail.map((s) => s.reason ?? s.outcome)).toEqual(['busy', 'away', 'picked']);
  });

  /** a gets the first chat; then a is busy (connected) and the customer writes again. */
  async function busyAgentsCustomerWritesAgain(policy: boolean | undefined) {
    for (const email of ['a@acme.com', 'b@acme.com']) presence.open(idOf(email));
    await owner().roundRobin.add(PHONE, 'user:a@acme.com', { skipOffline: true });
    await owner().roundRobin.add(PHONE, 'user:b@acme.com', { skipOffline: true });
    if (policy !== undefined) await owner().phones.set(PHONE, { reassignWhenAbsent: policy });
    const customer = '5511977770000@s.whatsapp.net';
    const chatId = await write(customer);
    expect(holder(engine.chats.index.get(chatId)!)).toBe('a@acme.com');
    await fixture.store.state.update((draft) => {
      draft.users.find((u) => u.email === 'a@acme.com')!.status = { state: 'busy', since: '2026-11-26T10:05:00.000Z' };
    });
    await write(customer);
    await settle();
    return engine.chats.index.get(chatId)!;
  }

  it('reassign-when-absent on: a busy agent’s customer writes again → the rodízio’s next pick, journaled (handover absent) and audited', async () => {
    const chat = await busyAgentsCustomerWritesAgain(true);
    expect((await owner().phones.show(PHONE)).reassignWhenAbsent).toBe(true);
    expect(holder(chat)).toBe('b@acme.com');
    expect(chat.messages.map((m) => m.id)).toEqual(['M0', 'M1']);
    const assigned = chat.routing!.filter((r) => r.type === 'chat.assigned');
    expect(assigned.at(-1)).toMatchObject({ handover: 'absent', cause: 'a@acme.com is busy', assignee: { type: 'user', userId: idOf('b@acme.com') } });
    const audit = (await owner().audit.list()).filter((e) => e.action === 'chat.reassign');
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'guru (rodízio)',
        target: chat.id,
        details: expect.objectContaining({
          reason: 'absent',
          cause: 'a@acme.com is busy',
          from: expect.objectContaining({ email: 'a@acme.com' }),
          to: expect.objectContaining({ email: 'b@acme.com' }),
        }),
      }),
    ]);
    expect((await owner().audit.list()).find((e) => e.action === 'phone.set')!.details).toEqual({ reassignWhenAbsent: true });

    // Writing again to b (online) changes nothing.
    await write('5511977770000@s.whatsapp.net');
    expect(holder(engine.chats.index.get(chat.id)!)).toBe('b@acme.com');
  });

  it.each([undefined, false])('reassign-when-absent %s (off): the busy agent keeps the chat', async (policy) => {
    const kept = await busyAgentsCustomerWritesAgain(policy);
    expect(holder(kept)).toBe('a@acme.com');
    expect((await owner().phones.show(PHONE)).reassignWhenAbsent).toBe(false);
    expect((await owner().audit.list()).some((e) => e.action === 'chat.reassign')).toBe(false);
  });

  it('reassign-when-absent on: an offline agent is absent too; with nobody available the agent keeps the chat (no bouncing between absentees)', async () => {
    // Entries that do not skip offline agents: chats reach a and b while nobody is connected.
    await owner().roundRobin.add(PHONE, 'user:a@acme.com');
    await owner().roundRobin.add(PHONE, 'user:b@acme.com');
    await owner().phones.set(PHONE, { reassignWhenAbsent: true });
    const customer = '5511966660000@s.whatsapp.net';
    const chatId = await write(customer);
    expect(holder(engine.chats.index.get(chatId)!)).toBe('a@acme.com');
    await write(customer);
    expect(holder(engine.chats.index.get(chatId)!)).toBe('a@acme.com');
    expect((await owner().audit.list()).some((e) => e.action === 'chat.reassign')).toBe(false);

    // b connects: the next message hands the chat to b, because a is offline.
    presence.open(idOf('b@acme.com'));
    await write(customer);
    await settle();
    const chat = engine.chats.index.get(chatId)!;
    expect(holder(chat)).toBe('b@acme.com');
    expect(chat.routing!.at(-1)).toMatchObject({ type: 'chat.assigned', handover: 'absent', cause: 'a@acme.com is offline' });
    expect(chat.messages.map((m) => m.id)).toEqual(['M0', 'M1', 'M2']);
  });
});
