import { describe, expect, it } from 'vitest';
import { HistorySync, toInbound } from '../../src/whatsapp/history-sync.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The history sync of a link: progress, and when "history done" may be declared. */
describe('history sync while linking', () => {
  function sync(settleMs = 80) {
    const links: unknown[] = [];
    const batches: number[] = [];
    let done = 0;
    const history = new HistorySync({
      phone: '+5511999990000',
      handler: { history: async ({ messages }) => void batches.push(messages.length), alias: async () => undefined, link: (e) => void links.push(e) },
      normalizeJid: (jid) => jid,
      settleMs,
      onDone: () => {
        done += 1;
      },
    });
    return { history, links, batches, done: () => done };
  }
  const batch = (progress: number) => ({
    messages: [
      {
        key: { remoteJid: '5511977776666@s.whatsapp.net', id: `H${progress}`, fromMe: false },
        message: { conversation: 'oi' },
        messageTimestamp: 1_764_000_000,
      },
    ] as any,
    progress,
  });

  it('a drop stops the quiet-spell clock; after the reconnect the progress so far stands', async () => {
    const t = sync();
    t.history.beginLink();
    await t.history.verified();
    await t.history.add(batch(40));
    t.history.paused(); // the connection dropped
    await wait(200); // longer than the quiet spell: still not done, the phone may have more
    expect(t.done()).toBe(0);
    await t.history.verified(); // reconnected
    expect(t.links.at(-1)).toEqual({ type: 'state', state: 'syncing', progress: 40, chats: 1, messages: 1 });
    await t.history.add(batch(100));
    expect(t.done()).toBe(1);
    expect(t.batches).toEqual([1, 1]);
  });

  it('reports the chats and messages taken in so far; a customer by LID and by number is one chat', async () => {
    const t = sync();
    t.history.beginLink();
    await t.history.verified();
    expect(t.links.at(-1)).toEqual({ type: 'state', state: 'syncing', progress: 0, chats: 0, messages: 0 });
    const message = (jid: string, id: string) => ({
      key: { remoteJid: jid, id, fromMe: false },
      message: { conversation: 'oi' },
      messageTimestamp: 1_764_000_000,
    });
    await t.history.add({
      messages: [message('5511977776666@s.whatsapp.net', 'M1'), message('5511977776666@s.whatsapp.net', 'M2'), message('123456@lid', 'L1')] as any,
      lidPnMappings: [{ lid: '123456@lid', pn: '5511977776666@s.whatsapp.net' }],
      progress: 30,
    });
    await t.history.add({ messages: [message('5511955554444@s.whatsapp.net', 'P1'), message('120363@g.us', 'G1')] as any, progress: 60 });
    expect(t.links.at(-1)).toEqual({ type: 'state', state: 'syncing', progress: 60, chats: 2, messages: 4 }); // the group's is not a chat
  });

  it('hands each batch over oldest first, as a chat reads (WhatsApp lists a conversation newest first)', async () => {
    const seen: string[] = [];
    const history = new HistorySync({
      phone: '+5511999990000',
      handler: { history: async ({ messages }) => void seen.push(...messages.map((m) => m.id)), alias: async () => undefined, link: () => undefined },
      normalizeJid: (jid) => jid,
      settleMs: 80,
      onDone: () => undefined,
    });
    const at = (id: string, seconds: number) => ({
      key: { remoteJid: '5511977776666@s.whatsapp.net', id, fromMe: false },
      message: { conversation: id },
      messageTimestamp: seconds,
    });
    await history.add({
      messages: [at('newest', 1_764_000_300), at('same-second-1', 1_764_000_200), at('same-second-2', 1_764_000_200), at('oldest', 1_764_000_100)] as any,
      progress: 100,
    });
    expect(seen).toEqual(['oldest', 'same-second-1', 'same-second-2', 'newest']);
  });

  it('without drops, a quiet spell after the last batch counts as done', async () => {
    const t = sync();
    t.history.beginLink();
    await t.history.verified();
    await t.history.add(batch(30));
    await wait(200);
    expect(t.done()).toBe(1);
  });

  it('waits longer for the first batch than between batches: a slow start is not "no history"', async () => {
    const t = sync(60);
    t.history.beginLink();
    await t.history.verified();
    await wait(120); // two quiet spells, but nothing has arrived yet
    expect(t.done()).toBe(0);
    await wait(250); // past four
    expect(t.done()).toBe(1);
  });
});

describe('WhatsApp messages as the engine takes them', () => {
  const PHONE = '+5511999990000';
  const wa = (key: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ({
      key: { id: 'X1', fromMe: false, remoteJid: '5511977776666@s.whatsapp.net', ...key },
      message: { conversation: 'oi' },
      messageTimestamp: 1_764_000_000,
      pushName: 'Maria',
      ...extra,
    }) as any;

  it("a customer's message, with their name", () => {
    expect(toInbound(PHONE, wa({}))).toMatchObject({
      phone: PHONE,
      id: 'X1',
      from: '5511977776666@s.whatsapp.net',
      content: { type: 'text', text: 'oi' },
      pushName: 'Maria',
    });
  });

  it('one written on the phone itself: fromMe, and the push name (ours) left out', () => {
    const m = toInbound(PHONE, wa({ fromMe: true }));
    expect(m).toMatchObject({ fromMe: true, from: '5511977776666@s.whatsapp.net' });
    expect(m).not.toHaveProperty('pushName');
  });

  it('groups, broadcasts, the number writing to itself and empty messages are not chats', () => {
    expect(toInbound(PHONE, wa({ remoteJid: '120363000000000000@g.us' }))).toBeNull();
    expect(toInbound(PHONE, wa({ remoteJid: 'status@broadcast' }))).toBeNull();
    expect(toInbound(PHONE, wa({ remoteJid: '5511999990000@s.whatsapp.net', fromMe: true }))).toBeNull();
    expect(toInbound(PHONE, wa({ remoteJid: '5511999990000:3@s.whatsapp.net', fromMe: true }))).toBeNull();
    expect(toInbound(PHONE, wa({}, { message: { protocolMessage: {} } }))).toBeNull();
  });
});
