import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import type { InboundMessage } from '../../src/core/chats/model.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const SYNCED_AT = Date.parse('2026-11-26T12:00:00.000Z');

/**
 * Chats that a history sync brings in are ordered by their last message's own time — a 2025
 * conversation is not "updated just now" because it was synced now — while a live message
 * afterwards moves its chat to the top as usual, and the journal replayed says the same.
 */
describe('history chats in the chat list', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let time: number;
  const clock = { now: () => new Date(time) };

  beforeEach(async () => {
    fixture = await phoneOnFiles('guru-history-order-', PHONE);
    ({ store, journal } = fixture);
    time = SYNCED_AT;
  });
  afterEach(() => fixture.close());

  async function engine() {
    const e = new Engine({ stores: { ...store, journal }, clock, conversations: { sender: { send: async () => undefined }, publish: () => undefined } });
    await e.chats.load();
    return e;
  }

  const old = (customer: string, id: string, iso: string, fromMe = false): InboundMessage => ({
    phone: PHONE,
    id,
    from: `${customer}@s.whatsapp.net`,
    content: textContent(`${id} at ${iso}`),
    time: iso,
    history: true,
    ...(fromMe ? { fromMe: true } : {}),
  });

  it('orders synced chats by their newest message, whatever order they were synced in; live activity still goes on top', async () => {
    let e = await engine();
    const list = async () => (await e.as(OWNER).chats.list({ status: 'all' })).map((c) => [c.customer, c.updatedAt]);
    // Two batches, as a phone sends them; in each, a chat's messages in whatever order it lists them.
    await e.chats.receiveAll([
      old('5511911110000', 'A2', '2025-03-02T10:00:00.000Z'),
      old('5511911110000', 'A1', '2025-03-01T10:00:00.000Z'),
      old('5511922220000', 'B1', '2026-10-01T09:00:00.000Z'),
      old('5511922220000', 'B2', '2026-10-05T09:00:00.000Z', true), // the business's reply, written on the phone
    ]);
    time += 1_000;
    await e.chats.receiveAll([old('5511933330000', 'C1', '2025-12-24T18:30:00.000Z'), old('5511911110000', 'A0', '2025-01-15T08:00:00.000Z')]);
    const synced = [
      ['+5511922220000', '2026-10-05T09:00:00.000Z'],
      ['+5511933330000', '2025-12-24T18:30:00.000Z'],
      ['+5511911110000', '2025-03-02T10:00:00.000Z'],
    ];
    expect(await list()).toEqual(synced);

    // The journal is the truth: replayed after a restart, the order is the same.
    journal = await fixture.reopenJournal();
    e = await engine();
    expect(await list()).toEqual(synced);

    // A customer of 2025 writes now: their chat goes on top, at the time it arrived.
    time += 60_000;
    await e.chats.receive({
      phone: PHONE,
      id: 'A3',
      from: '5511911110000@s.whatsapp.net',
      content: textContent('oi de novo'),
      time: new Date(time).toISOString(),
    });
    expect((await list())[0]).toEqual(['+5511911110000', new Date(time).toISOString()]);
    // And older history arriving later never takes a chat's last activity back.
    await e.chats.receiveAll([old('5511911110000', 'A-old', '2024-06-01T00:00:00.000Z')]);
    expect((await list())[0]).toEqual(['+5511911110000', new Date(time).toISOString()]);
  });
});
