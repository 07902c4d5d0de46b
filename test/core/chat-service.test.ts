import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECENT_MESSAGES } from '../../src/core/chats/chat-index.js';
import { describeContent, textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import { lineCount } from '../../src/core/chats/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalAgain, testStores, type TestJournal } from '../helpers/engine.js';
import { dropCheckpoint, journalEnd, savedCheckpoint } from '../helpers/raw-store.js';

const PHONE = '+5511999990000';

/** The conversation engine in-process over a real store and journal (no daemon, no HTTP). */
describe('chat service', () => {
  let dir: string;
  let store: DurableStores;
  let journal: TestJournal;
  let sent: { to: string; text: string }[];
  let warnings: string[];

  async function engine(checkpointPolicy?: { afterRecords: number; quietMs: number }) {
    journal = journalAgain(store, (message) => warnings.push(message));
    const e = new Engine({
      stores: { ...store, journal },
      conversations: {
        sender: { send: async (_p, to, content) => void sent.push({ to, text: describeContent(content) }) },
        ...(checkpointPolicy ? { checkpointPolicy } : {}),
      },
    });
    await e.chats.load();
    return e;
  }

  beforeEach(async () => {
    dir = await makeTempDir('guru-chats-');
    sent = [];
    warnings = [];
    store = await testStores(join(dir, 'data'));
    const e = new Engine({ stores: store });
    await e.as(OWNER).account.init({ accountName: 'A', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse' });
    await e.as(OWNER).phones.add(PHONE);
  });
  afterEach(async () => {
    await journal?.close();
    await store.close();
    await removeDir(dir);
  });

  const inbound = (id: string, from: string, text: string, time = '2026-11-26T10:00:00.000Z') => ({ phone: PHONE, id, from, content: textContent(text), time });

  it('a chat opened under a LID becomes the person’s chat once WhatsApp reveals their number', async () => {
    const e = await engine();
    await e.chats.receive(inbound('L1', '99887766@lid', 'oi pelo LID'));
    await e.chats.alias(PHONE, '99887766@lid', '5511944443333@s.whatsapp.net');
    await e.chats.receive(inbound('P1', '5511944443333@s.whatsapp.net', 'oi pelo número', '2026-11-26T10:01:00.000Z'));
    await e.chats.receive(inbound('L2', '99887766@lid', 'de novo pelo LID', '2026-11-26T10:02:00.000Z'));
    const chats = e.chats.index.all();
    expect(chats).toHaveLength(1);
    expect(chats[0]).toMatchObject({ customer: '+5511944443333' });
    expect(chats[0]!.messages.map((m) => m.id)).toEqual(['L1', 'P1', 'L2']);
    await journal.close();
    const replayed = await engine();
    expect(replayed.chats.index.all().map((c) => [c.customer, c.messages.length])).toEqual([['+5511944443333', 3]]);
  });

  it('when the person already had a chat by number, the LID chat joins it in time order', async () => {
    const e = await engine();
    await e.chats.receive(inbound('P1', '5511944443333@s.whatsapp.net', 'primeiro', '2026-11-26T10:00:00.000Z'));
    await e.chats.receive(inbound('L1', '99887766@lid', 'segundo', '2026-11-26T10:01:00.000Z'));
    await e.chats.receive(inbound('P2', '5511944443333@s.whatsapp.net', 'terceiro', '2026-11-26T10:02:00.000Z'));
    expect(e.chats.index.all()).toHaveLength(2);
    await e.chats.alias(PHONE, '99887766@lid', '5511944443333@s.whatsapp.net');
    const [chat] = e.chats.index.all();
    expect(e.chats.index.all()).toHaveLength(1);
    expect(chat!.messages.map((m) => describeContent(m.content))).toEqual(['primeiro', 'segundo', 'terceiro']);
    expect(e.chats.index.hasMessage(PHONE, 'L1')).toBe(true);
    await e.chats.receive(inbound('L1', '99887766@lid', 'segundo', '2026-11-26T10:01:00.000Z'));
    expect(chat!.messages).toHaveLength(3); // a redelivery under the LID is still a duplicate
  });

  it('outgoing messages left pending by a crash are sent, under their own ids, once the phone is connected after the restart — those WhatsApp acked are not', async () => {
    const e = await engine();
    await e.chats.receive(inbound('P1', '5511944443333@s.whatsapp.net', 'oi'));
    const chat = e.chats.index.all()[0]!;
    const out = (id: string, text: string) =>
      ({ type: 'message', id, chatId: chat.id, direction: 'out', text, time: new Date().toISOString(), authorId: 'u', status: 'pending' }) as const;
    await journal.append(PHONE, [
      out('OUT1', 'um'),
      out('OUT2', 'dois'),
      { type: 'message.status', id: 'OUT2', chatId: chat.id, status: 'sent', time: new Date().toISOString() },
      out('OUT3', 'três'),
    ]);
    await journal.close();
    const restarted = await engine();
    const status = (id: string) => restarted.chats.index.get(chat.id)!.messages.find((m) => m.id === id)!.status;
    // Not connected yet: they wait, pending — not failed.
    expect([status('OUT1'), status('OUT3')]).toEqual(['pending', 'pending']);
    expect(sent).toEqual([]);
    restarted.chats.phoneState(PHONE, 'connected');
    await vi.waitFor(() => expect(status('OUT3')).toBe('sent'), { timeout: 30_000 });
    expect(status('OUT1')).toBe('sent');
    expect(sent.map((s) => s.text)).toEqual(['um', 'três']);
  });

  it('keeps only the latest messages in memory, reads older ones back from the journal, and restarts from a checkpoint to the same index', async () => {
    const e = await engine();
    const time = (i: number) => new Date(Date.UTC(2026, 10, 26, 10, 0, i)).toISOString();
    for (let i = 0; i < 130; i++) await e.chats.receive(inbound(`M${i}`, '5511944443333@s.whatsapp.net', `mensagem ${i}`, time(i)));
    const chat = e.chats.index.all()[0]!;
    expect(chat.messages).toHaveLength(RECENT_MESSAGES);
    // Out of memory: where they are (files), or only how many (a journal that pages them itself).
    expect(lineCount(chat) - chat.messages.length).toBe(130 - RECENT_MESSAGES);
    expect(chat.older).toHaveLength(e.chats.index.keepsOlder ? 130 - RECENT_MESSAGES : 0);
    const history = await e.chats.history(chat, 100);
    expect(history.map((m) => describeContent(m.content))).toEqual(Array.from({ length: 100 }, (_, i) => `mensagem ${i + 30}`));
    expect(describeContent((await e.chats.message(PHONE, 'M3'))!.content)).toBe('mensagem 3');
    // A redelivery of a message long out of memory is still recognised.
    expect(await e.chats.receive(inbound('M1', '5511944443333@s.whatsapp.net', 'mensagem 1', time(1)))).toMatchObject({ duplicate: true });

    await e.chats.checkpoint();
    expect((await savedCheckpoint(store, PHONE))?.index.chats).toHaveLength(1);
    for (let i = 130; i < 140; i++) await e.chats.receive(inbound(`M${i}`, '5511944443333@s.whatsapp.net', `mensagem ${i}`, time(i)));
    await journal.close();
    const fromCheckpoint = await engine();
    expect(warnings).toEqual([]); // the checkpoint was taken, not ignored
    await journal.close();
    await dropCheckpoint(store, PHONE);
    const fromJournal = await engine();
    expect(fromCheckpoint.chats.index.all()).toEqual(fromJournal.chats.index.all());
    const restored = fromCheckpoint.chats.index.all()[0]!;
    expect(lineCount(restored)).toBe(140);
    expect((await fromCheckpoint.chats.locate(PHONE, 'M0'))?.id).toBe(restored.id);
    expect((await fromCheckpoint.chats.history(restored, 200)).map((m) => m.id)).toEqual(Array.from({ length: 140 }, (_, i) => `M${i}`));
  });

  it('search finds a chat by any of its messages, also those long out of memory, ignoring case', async () => {
    const e = await engine();
    const time = (i: number) => new Date(Date.UTC(2026, 10, 26, 11, 0, i)).toISOString();
    for (let i = 0; i < 60; i++) await e.chats.receive(inbound(`M${i}`, '5511944443333@s.whatsapp.net', `mensagem ${i}`, time(i)));
    await e.chats.receive(inbound('B1', '5511955554444@s.whatsapp.net', 'Outra conversa, sobre "aspas" e ação', time(100)));
    const found = async (text: string) => (await e.as(OWNER).chats.list({ status: 'all', search: text })).map((c) => c.customer);
    expect(e.chats.index.forCustomer(PHONE, '+5511944443333')!.messages.some((m) => describeContent(m.content) === 'mensagem 3')).toBe(false);
    expect(await found('MENSAGEM 3')).toEqual(['+5511944443333']);
    expect(await found('sobre "aspas"')).toEqual(['+5511955554444']);
    expect(await found('AÇÃO')).toEqual(['+5511955554444']);
    expect(await found('nada disso')).toEqual([]);
  });

  it('what the business writes on the phone is stored as outgoing, with no author; it opens an unassigned chat (no rodízio) and reopens nothing; our own sends echoed back are duplicates', async () => {
    const e = await engine();
    await e.as(OWNER).roundRobin.add(PHONE, 'user:ana@acme.com');
    const cursor = async () => (await store.state.read()).roundRobins[0]!.cursor;
    // The team writes first, from the phone: a chat opens, unassigned, and the rodízio is untouched.
    const before = await cursor();
    await e.chats.receive({ ...inbound('P1', '5511933332222@s.whatsapp.net', 'Oi! Seu pedido chegou'), fromMe: true, pushName: 'Loja' });
    let chat = e.chats.index.forCustomer(PHONE, '+5511933332222')!;
    expect(chat).toMatchObject({ assignee: null, trailCause: 'phone', name: null, unread: 0, status: 'open' });
    expect(chat.messages.map((m) => [m.direction, m.authorId, m.status])).toEqual([['out', null, 'sent']]);
    expect(await cursor()).toBe(before);
    // The customer answers (the rodízio is for chats opened by customers, so none runs here),
    // then the phone answers again: the unread count goes back to 0.
    await e.chats.receive(inbound('C1', '5511933332222@s.whatsapp.net', 'Obrigado!', '2026-11-26T10:01:00.000Z'));
    expect(e.chats.index.forCustomer(PHONE, '+5511933332222')!.unread).toBe(1);
    await e.chats.receive({ ...inbound('P2', '5511933332222@s.whatsapp.net', 'De nada', '2026-11-26T10:02:00.000Z'), fromMe: true });
    chat = e.chats.index.forCustomer(PHONE, '+5511933332222')!;
    expect(chat.unread).toBe(0);
    // Closed, a message from the phone does not reopen it.
    await e.as(OWNER).chats.close(chat.id);
    await e.chats.receive({ ...inbound('P3', '5511933332222@s.whatsapp.net', 'Qualquer coisa, chame', '2026-11-26T10:03:00.000Z'), fromMe: true });
    expect(e.chats.index.get(chat.id)!.status).toBe('closed');
    // A reply sent from Guru comes back from WhatsApp as one of ours: the same id, nothing new.
    await e.as(OWNER).chats.reopen(chat.id);
    const ana = (await store.state.read()).users[0]!;
    const id = (await e.chats.send(e.chats.index.get(chat.id)!, ana.id, textContent('Enviado pelo Guru'))).message.id;
    const echo = await e.chats.receive({ ...inbound(id, '5511933332222@s.whatsapp.net', 'Enviado pelo Guru', '2026-11-26T10:04:00.000Z'), fromMe: true });
    expect(echo.duplicate).toBe(true);
    expect(e.chats.index.get(chat.id)!.messages.filter((m) => describeContent(m.content) === 'Enviado pelo Guru')).toHaveLength(1);
    expect((await e.as(OWNER).chats.why(chat.id)).cause).toBe('phone');
  });

  it('takes a checkpoint by itself once enough records are in and the journal has been quiet', async () => {
    const e = await engine({ afterRecords: 30, quietMs: 100 });
    const time = (i: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, i)).toISOString();
    for (let i = 0; i < 10; i++) await e.chats.receive(inbound(`Q${i}`, '5511944443333@s.whatsapp.net', `q ${i}`, time(i)));
    await new Promise((r) => setTimeout(r, 300));
    expect(await savedCheckpoint(store, PHONE)).toBeNull(); // too few records yet
    for (let i = 10; i < 40; i++) await e.chats.receive(inbound(`Q${i}`, '5511944443333@s.whatsapp.net', `q ${i}`, time(i)));
    // Quiet now: the checkpoint follows (waited for, not timed: a loaded machine is slower).
    let checkpoint: Awaited<ReturnType<typeof savedCheckpoint>> = null;
    for (let i = 0; i < 200 && checkpoint === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      checkpoint = await savedCheckpoint(store, PHONE);
    }
    expect(checkpoint!.index.chats).toHaveLength(1);
    expect(checkpoint!.end).toBe(await journalEnd(store, PHONE));
    e.chats.stop();
  });

  it('a first message the journal refuses (a full disk) gives its rodízio turn back', async () => {
    journal = journalAgain(store);
    const append = journal.append.bind(journal);
    let refuse = false;
    journal.append = (phone, records) => (refuse ? Promise.reject(new Error('no space left on device')) : append(phone, records));
    const e = new Engine({ stores: { ...store, journal }, conversations: { sender: { send: async () => undefined } } });
    await e.chats.load();
    await e.as(OWNER).users.add({ email: 'bia@acme.com', name: 'Bia', password: 'correct horse' });
    await e.as(OWNER).roundRobin.add(PHONE, 'user:ana@acme.com');
    await e.as(OWNER).roundRobin.add(PHONE, 'user:bia@acme.com');
    const cursor = async () => (await store.state.read()).roundRobins[0]!.cursor;
    await e.chats.receive(inbound('A1', '5511911110001@s.whatsapp.net', 'oi')); // → ana
    const before = await cursor();
    refuse = true;
    await expect(e.chats.receive(inbound('B1', '5511911110002@s.whatsapp.net', 'oi'))).rejects.toThrow(/no space left/);
    expect(await cursor()).toBe(before); // bia's turn was given back
    refuse = false;
    await e.chats.receive(inbound('B1', '5511911110002@s.whatsapp.net', 'oi')); // redelivered: → bia
    expect(e.chats.index.forCustomer(PHONE, '+5511911110002')!.assignee).toMatchObject({ type: 'user' });
    const bia = (await store.state.read()).users.find((u) => u.email === 'bia@acme.com')!;
    expect(e.chats.index.forCustomer(PHONE, '+5511911110002')!.assignee).toEqual({ type: 'user', userId: bia.id });
  });
});
