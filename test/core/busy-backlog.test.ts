import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/chats/model.js';
import type { Engine } from '../../src/core/engine.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { AuditEntry } from '../../src/core/ports.js';
import type { Presence } from '../../src/core/presence.js';
import { wiredEngine } from '../helpers/engine.js';
import { TestClock } from '../helpers/test-clock.js';

const PHONE = '+5511999990000';

/**
 * Issue #19's availability case, through the daemon's engine over real stores (state, audit,
 * journal), with presence as the test says: a busy agent on a skip-offline entry gets nothing;
 * the chats wait; when she goes online the two oldest go to her, oldest first, each audited with
 * its cause and journaled as a backlog hand-out.
 */
describe('a busy agent and the backlog', () => {
  let fixture: Awaited<ReturnType<typeof wiredEngine>>;
  let engine: Engine;
  const online = new Set<string>();
  const presence: Presence = { onlineUserIds: () => online, open: () => ({ alive: () => undefined, close: () => undefined }) };
  const clock = new TestClock('2026-12-02T09:00:00.000Z');

  beforeEach(async () => {
    fixture = await wiredEngine('guru-busy-', PHONE, { presence, clock });
    engine = fixture.engine;
    await engine.as(OWNER).users.add({ email: 'bia@acme.com', name: 'Bia Lima' });
  });

  afterEach(async () => {
    online.clear();
    await fixture.close();
  });

  const customer = (i: number) => `5511988880${i}00@s.whatsapp.net`;
  async function arrive(i: number): Promise<string> {
    clock.advance(60_000);
    const { chatId } = await engine.chats.receive({
      phone: PHONE,
      id: `M${i}`,
      from: customer(i),
      content: { type: 'text', text: `olá ${i}` },
      time: clock.now().toISOString(),
    });
    return chatId!;
  }
  /** Resolves with the first batch of audit entries holding `action`. */
  const audited = (action: string) =>
    new Promise<AuditEntry[]>((resolve) => {
      const entries: AuditEntry[] = [];
      const stop = fixture.events.subscribe((e) => {
        if (e.type !== 'audit' || e.entry.action !== action) return;
        entries.push(e.entry);
        queueMicrotask(() => {
          stop();
          resolve(entries);
        });
      });
    });
  /** What the journal holds for the phone, as it reads back. */
  async function journaled(): Promise<JournalRecord[]> {
    const records: JournalRecord[] = [];
    await fixture.journal.scan((phone, record) => void (phone === PHONE && records.push(record)));
    return records;
  }

  it('A busy agent with skip-offline gets nothing; when she goes online the two oldest waiting chats go to her, in order', async () => {
    const owner = engine.as(OWNER);
    // Her entry takes two open chats at most.
    await owner.roundRobin.add(PHONE, 'user:bia@acme.com', { skipOffline: true, maxOpen: 2 });
    const bia = await owner.users.show('bia@acme.com');
    const asBia = engine.as({ type: 'user', userId: bia.id } satisfies Actor);
    online.add(bia.id); // her inbox is open…
    await asBia.status.set('busy'); // …but she is busy

    const ids = [await arrive(1), await arrive(2), await arrive(3)];
    const waiting = await owner.chats.list();
    expect(waiting.map((c) => c.assignee)).toEqual([null, null, null]);
    const opened = (await journaled()).filter((r) => r.type === 'chat.opened');
    expect(opened.map((r) => r.chatId)).toEqual(ids);
    for (const record of opened) {
      expect(record).toMatchObject({
        assignee: null,
        waiting: true,
        trail: [{ outcome: 'skipped', reason: 'busy', target: { type: 'user', userId: bia.id } }],
      });
      expect(engine.chats.index.get(record.chatId)!.waitingSince).toBe(record.time);
    }

    const handedOut = audited('chat.reassign');
    expect(await asBia.status.set('online')).toMatchObject({ availability: 'online' });
    const reassigned = await handedOut;

    // The two oldest, oldest first; the third keeps waiting (she holds her two).
    expect(reassigned.map((e) => e.target)).toEqual([ids[0], ids[1]]);
    for (const entry of reassigned) {
      expect(entry.actor).toBe('guru (rodízio)');
      expect(entry.details).toMatchObject({ from: null, to: { type: 'user', email: 'bia@acme.com' }, reason: 'backlog' });
      expect(String(entry.details?.cause)).toMatch(/^user\.status by Bia Lima <bia@acme\.com>$/);
    }
    const mine = await asBia.chats.list();
    expect(mine.map((c) => c.id).sort()).toEqual([ids[0], ids[1]].sort());
    expect(engine.chats.index.get(ids[2]!)!.waitingSince).toBeDefined();
    expect(engine.chats.index.get(ids[0]!)!.waitingSince).toBeUndefined();

    // Any later pass (her presence event, a closed chat elsewhere) finds her at capacity.
    expect(await engine.handOutWaiting(PHONE, 'test')).toBe(0);
    const assigned = (await journaled()).filter((r) => r.type === 'chat.assigned');
    expect(assigned.map((r) => [r.chatId, r.handover, r.assignee])).toEqual([
      [ids[0], 'backlog', { type: 'user', userId: bia.id }],
      [ids[1], 'backlog', { type: 'user', userId: bia.id }],
    ]);
    expect(assigned.every((r) => r.type === 'chat.assigned' && r.by === 'guru (rodízio)' && /user\.status/.test(r.cause ?? ''))).toBe(true);
    const trail = assigned[0]!.type === 'chat.assigned' ? assigned[0]!.trail : [];
    expect(trail).toEqual([expect.objectContaining({ outcome: 'picked', load: { open: 0, max: 2 } })]);
  });

  it('an agent away on a skip-offline entry gets nothing, and a colleague without skip-offline still does', async () => {
    const owner = engine.as(OWNER);
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio Reis' });
    await owner.roundRobin.add(PHONE, 'user:bia@acme.com', { skipOffline: true });
    await owner.roundRobin.add(PHONE, 'user:caio@acme.com');
    const bia = await owner.users.show('bia@acme.com');
    const caio = await owner.users.show('caio@acme.com');
    online.add(bia.id).add(caio.id);
    await engine.as({ type: 'user', userId: bia.id }).status.set('away', { auto: true });
    await engine.as({ type: 'user', userId: caio.id }).status.set('busy');
    const ids = [await arrive(1), await arrive(2)];
    const chats = await owner.chats.list();
    expect(ids.map((id) => chats.find((c) => c.id === id)!.assignee?.ref)).toEqual(['user:caio@acme.com', 'user:caio@acme.com']);
    const first = (await journaled()).find((r) => r.type === 'chat.opened' && r.chatId === ids[0]);
    expect(first?.type === 'chat.opened' && first.trail.map((s) => [s.target, s.outcome, s.reason])).toEqual([
      [{ type: 'user', userId: bia.id }, 'skipped', 'away'],
      [{ type: 'user', userId: caio.id }, 'picked', undefined],
    ]);
  });
});
