import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import type { Chat } from '../../src/core/chats/model.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const MARIA = '5511977776666@s.whatsapp.net';
const PEDRO = '5511966665555@s.whatsapp.net';
const JOAO = '5511944443333@s.whatsapp.net';
const JOAO_LID = '99887766@lid';
const HOUR = 3_600_000;

/**
 * The machine's clock steps back an hour (NTP correcting it, a VM resumed from a snapshot) in
 * the middle of a conversation. What arrives afterwards is still newer than what came before:
 * a chat reads in arrival order, its last activity never goes back, and the busiest chat stays
 * on top. Messages keep their own dates; those from history are old and stay so.
 */
describe('a clock stepped back', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let time: number;
  const clock = { now: () => new Date(time) };

  beforeEach(async () => {
    fixture = await phoneOnFiles('guru-clock-', PHONE);
    ({ store, journal } = fixture);
    time = Date.parse('2026-11-26T12:00:00.000Z');
  });
  afterEach(() => fixture.close());

  async function engine() {
    const e = new Engine({
      stores: { ...store, journal },
      clock,
      conversations: { sender: { send: async () => undefined }, publish: () => undefined },
    });
    await e.chats.load();
    return e;
  }

  it('keeps each chat in arrival order, its last activity never going back, and the list by last activity — also after a restart', async () => {
    let e = await engine();
    const ana = (await store.state.read()).users[0]!;
    let n = 0;
    // A live message, dated as a transport on this machine dates it: by the clock, now.
    const live = async (from: string, text: string) => {
      time += 60_000;
      await e.chats.receive({ phone: PHONE, id: `M${n++}`, from, content: textContent(text), time: new Date(time).toISOString() });
    };
    const chat = (customer: string): Chat => e.chats.index.forCustomer(PHONE, customer)!;
    const reply = async (customer: string, text: string) => {
      time += 60_000;
      await e.chats.send(chat(customer), ana.id, textContent(text));
    };
    const texts = async (customer: string) => (await e.as(OWNER).chats.show(customer)).messages.filter((m) => m.id !== 'H1').map((m) => m.text);
    // Each chat's last activity, checked after every step: it may only move forward.
    const seen = new Map<string, string>();
    const neverBack = () => {
      for (const c of e.chats.index.all()) {
        expect(c.updatedAt >= (seen.get(c.id) ?? ''), `${c.customer}: ${seen.get(c.id)} → ${c.updatedAt}`).toBe(true);
        seen.set(c.id, c.updatedAt);
      }
    };
    const list = async () => (await e.as(OWNER).chats.list({ status: 'all' })).map((c) => c.customer);

    await live(MARIA, 'm1');
    await live(JOAO_LID, 'j1 (by LID)');
    await live(PEDRO, 'p1');
    await reply('+5511977776666', 'a1');
    await live(MARIA, 'm2');
    neverBack();
    expect(await list()).toEqual(['+5511977776666', '+5511966665555', 'lid:99887766']);

    time -= HOUR; // the step back
    await live(PEDRO, 'p2');
    neverBack();
    expect(await list()).toEqual(['+5511966665555', '+5511977776666', 'lid:99887766']);
    await reply('+5511977776666', 'a2');
    await live(MARIA, 'm3');
    await live(JOAO, 'j2 (by number)');
    neverBack();
    await e.chats.alias(PHONE, JOAO_LID, JOAO); // João's LID chat joins his chat by number
    neverBack();
    time -= 10 * 60_000; // and once more
    await e.as(OWNER).chats.close('+5511966665555');
    neverBack();
    await e.as(OWNER).chats.reopen('+5511966665555');
    neverBack();
    await e.as(OWNER).chats.close('+5511966665555');
    await live(PEDRO, 'p3'); // reopens it
    neverBack();
    // History from the phone keeps its own (old) date, and is not activity.
    await e.chats.receiveAll([{ phone: PHONE, id: 'H1', from: MARIA, content: textContent('old'), time: '2026-11-20T09:00:00.000Z', history: true }]);

    const check = async () => {
      expect(await texts('+5511977776666')).toEqual(['m1', 'a1', 'm2', 'a2', 'm3']);
      expect(await texts('+5511944443333')).toEqual(['j1 (by LID)', 'j2 (by number)']);
      expect(await texts('+5511966665555')).toEqual(['p1', 'p2', 'p3']);
      expect((await e.as(OWNER).chats.show('+5511977776666')).messages.find((m) => m.id === 'H1')!.time).toBe('2026-11-20T09:00:00.000Z');
      neverBack();
      expect(await list()).toEqual(['+5511966665555', '+5511944443333', '+5511977776666']);
      const updated = (await e.as(OWNER).chats.list({ status: 'all' })).map((c) => c.updatedAt);
      expect([...updated].sort().reverse()).toEqual(updated);
    };
    await check();

    // The journal is the truth: replayed, it gives the same chats, and later activity stays later.
    const index = e.chats.index.all();
    journal = await fixture.reopenJournal();
    e = await engine();
    expect(e.chats.index.all()).toEqual(index);
    await check();
    await live(MARIA, 'm4');
    expect((await list())[0]).toBe('+5511977776666');
  });
});
