import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_MESSAGES } from '../../src/core/chats/chat-index.js';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { chatIdFor } from '../../src/core/chats/customer.js';
import type { JournalRecord } from '../../src/core/chats/model.js';
import { Engine } from '../../src/core/engine.js';
import { EventHub, type EngineEvent, type WatchEvent } from '../../src/core/events.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { isGuruError } from '../../src/core/errors.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, auditedFileStores, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const CUSTOMER = '5511977776666';

/**
 * Internal notes in the chat's history (src/core/chats/chat-index.ts, chat-reads.ts), over a real
 * store and journal: a line of the history for whoever sees the chat, never for WhatsApp.
 */
describe('internal notes in a chat', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  /** Everything handed to the WhatsApp port. */
  let handed: { id: string; content: MessageContent }[];
  let events: EngineEvent[];

  beforeEach(async () => {
    handed = [];
    events = [];
    fixture = await phoneOnFiles('guru-notes-', PHONE);
    ({ store, journal } = fixture);
  });
  afterEach(() => fixture.close());

  async function engine() {
    const e = new Engine({
      stores: { ...store, journal },
      conversations: {
        sender: {
          send: async (_phone, _to, content, id) => {
            handed.push({ id, content });
          },
        },
        publish: (event) => events.push(event),
        outbox: { retryMs: 20, firstTryWaitMs: 60_000 },
      },
    });
    await e.chats.load();
    e.chats.phoneState(PHONE, 'connected');
    return e;
  }

  let seq = 0;
  const inbound = (text: string) => ({
    phone: PHONE,
    id: `IN-${++seq}`,
    from: `${CUSTOMER}@s.whatsapp.net`,
    content: textContent(text),
    time: new Date(Date.parse('2026-11-26T10:00:00.000Z') + seq * 1000).toISOString(),
  });

  async function withChat(e: Engine) {
    await e.chats.receive(inbound('Oi, quero o plano anual'));
    const chat = e.chats.index.forCustomer(PHONE, `+${CUSTOMER}`)!;
    const ana = (await store.state.read()).users[0]!;
    return { chat, ana, as: e.as({ type: 'user', userId: ana.id }) };
  }

  const noteRecord = (chatId: string, authorId: string, text: string, id = `NOTE-${++seq}`): JournalRecord => ({
    type: 'note',
    id,
    chatId,
    text,
    authorId,
    mentions: [],
    time: new Date(Date.parse('2026-11-26T10:00:00.000Z') + ++seq * 1000).toISOString(),
  });

  it('is a line of the history: no unread, no status, nothing handed to WhatsApp, announced as a message', async () => {
    const e = await engine();
    const { chat, ana, as } = await withChat(e);
    expect(chat.unread).toBe(1);
    events = [];
    await e.chats.record(chat, noteRecord(chat.id, ana.id, 'cliente pediu desconto', 'NOTE-A'));
    expect(chat.unread).toBe(1); // a note neither reads the chat nor waits to be read
    expect(e.chats.index.pending()).toEqual([]);
    const shown = await as.chats.show(chat.id);
    const note = shown.messages.at(-1)!;
    expect(note).toMatchObject({ id: 'NOTE-A', direction: 'note', text: 'cliente pediu desconto', status: null, author: { email: 'ana@acme.com' } });
    expect(shown.lastMessage).toMatchObject({ id: 'NOTE-A', direction: 'note' });
    const announced = events.filter((ev) => ev.type === 'message');
    expect(announced).toEqual([
      expect.objectContaining({ type: 'message', chatId: chat.id, message: expect.objectContaining({ id: 'NOTE-A', direction: 'note' }) }),
    ]);
    // A reply to the customer goes out; the note never does.
    await as.chats.send(chat.id, 'Claro!');
    await expect.poll(() => handed.length).toBe(1);
    expect(handed.map((h) => h.id)).not.toContain('NOTE-A');
    expect(JSON.stringify(handed)).not.toContain('desconto');
  });

  it('cannot be replied to nor reacted to: quoting it would hand its words to WhatsApp', async () => {
    const e = await engine();
    const { chat, ana, as } = await withChat(e);
    await e.chats.record(chat, noteRecord(chat.id, ana.id, 'segredo interno', 'NOTE-Q'));
    const reply = await as.chats.send(chat.id, 'Oi', { replyTo: 'NOTE-Q' }).catch((err: unknown) => err);
    expect(isGuruError(reply) && reply.code).toBe('invalid_input');
    expect(String((reply as Error).message)).toMatch(/internal note/);
    const reaction = await as.chats.react('NOTE-Q', '👍').catch((err: unknown) => err);
    expect(isGuruError(reaction) && reaction.code).toBe('invalid_input');
    await new Promise((r) => setTimeout(r, 50));
    expect(handed).toEqual([]);
  });

  it('is read back from the journal once out of memory, searched there, and kept by a checkpoint', async () => {
    let e = await engine();
    const { chat, ana, as } = await withChat(e);
    await e.chats.record(chat, noteRecord(chat.id, ana.id, 'combinado: boleto em 3x', 'NOTE-OLD'));
    await e.chats.receiveAll(Array.from({ length: RECENT_MESSAGES + 5 }, (_, i) => inbound(`mensagem ${i}`)));
    expect(chat.messages.some((m) => m.id === 'NOTE-OLD')).toBe(false); // only in the journal now
    const page = await as.chats.show(chat.id, { limit: 200 });
    expect(page.messages.find((m) => m.id === 'NOTE-OLD')).toMatchObject({ direction: 'note', text: 'combinado: boleto em 3x', status: null });
    expect((await as.chats.list({ search: 'boleto em 3x' })).map((c) => c.id)).toEqual([chat.id]);

    // A note in memory survives a checkpoint and a restart as a note.
    await e.chats.record(chat, noteRecord(chat.id, ana.id, 'ligar amanhã', 'NOTE-NEW'));
    await e.chats.checkpoint();
    e.chats.stop();
    journal = await fixture.reopenJournal();
    e = await engine();
    const restored = e.chats.index.get(chat.id)!;
    expect(restored.messages.at(-1)).toMatchObject({ id: 'NOTE-NEW', direction: 'note', status: null });
    expect(e.chats.index.pending()).toEqual([]);
    const after = await e.as({ type: 'user', userId: ana.id }).chats.show(chat.id, { limit: 200 });
    expect(after.messages.filter((m) => m.direction === 'note').map((m) => m.id)).toEqual(['NOTE-OLD', 'NOTE-NEW']);
    e.chats.stop();
  });
});

/**
 * `notes.add` (src/core/ops/notes.ts) and its `@mentions`, over a real store, journal and the
 * engine's watch: who is told, who sees nothing, and what never leaves for WhatsApp.
 */
describe('writing a note with @mentions', () => {
  let dir: string;
  let store: DurableStores;
  let engine: Engine;
  let handed: MessageContent[];
  const closers: (() => void)[] = [];
  const PW = 'correct horse battery';

  beforeEach(async () => {
    handed = [];
    dir = await makeTempDir('guru-mentions-');
    const events = new EventHub();
    store = await auditedFileStores(join(dir, 'data'), events);
    engine = new Engine({
      stores: store,
      stateNow: () => store.stateNow(),
      events,
      conversations: { sender: { send: async (_p, _to, content) => void handed.push(content) } },
    });
    await engine.chats.load();
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    await owner.phones.add(PHONE);
    engine.chats.phoneState(PHONE, 'connected');
    await owner.users.add({ email: 'bia@acme.com', name: 'Bía Souza', password: PW, permissions: ['chats.send'] });
    await owner.users.add({ email: 'carla@acme.com', name: 'Carla', password: PW, permissions: ['chats.send', 'audit.view'] });
    await owner.users.add({ email: 'bruno.lima@acme.com', name: 'Bruno Lima', password: PW });
    await owner.users.add({ email: 'bruno.souza@acme.com', name: 'Bruno Souza', password: PW });
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await store.close();
    await removeDir(dir);
  });

  const actorOf = async (email: string): Promise<Actor> => ({ type: 'user', userId: (await engine.as(OWNER).users.show(email)).id });
  const as = async (email: string) => engine.as(await actorOf(email));
  async function watch(email: string) {
    const events: WatchEvent[] = [];
    const { close } = await engine.watch(
      await actorOf(email),
      null,
      (e) => events.push(e),
      () => undefined,
    );
    closers.push(close);
    return events;
  }
  /** A customer's chat, assigned to Bia: Ana (admin) and Bia see it, Carla does not. */
  async function biasChat() {
    await engine.chats.receive({ phone: PHONE, id: 'IN-1', from: `${CUSTOMER}@s.whatsapp.net`, content: textContent('Oi'), time: '2026-11-26T10:00:00.000Z' });
    const id = chatIdFor(PHONE, `+${CUSTOMER}`);
    await engine.as(OWNER).chats.assign(id, { user: 'bia@acme.com' });
    return id;
  }
  const SECRET = 'cliente é sobrinho do dono, desconto liberado';

  it('never reaches the transport; tells Bia (named, sees the chat) alone; Carla (named, cannot see it) learns nothing by any route', async () => {
    const chat = await biasChat();
    const [ana, bia, carla] = [await watch('ana@acme.com'), await watch('bia@acme.com'), await watch('carla@acme.com')];
    const result = await (await as('ana@acme.com')).notes.add(chat, `@bia @carla: ${SECRET}`);
    expect(result.note).toMatchObject({ direction: 'note', status: null, author: { email: 'ana@acme.com' }, text: `@bia @carla: ${SECRET}` });
    expect(result.mentions).toEqual([
      { email: 'bia@acme.com', name: 'Bía Souza', notified: true },
      { email: 'carla@acme.com', name: 'Carla', notified: false },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(handed).toEqual([]); // nothing ever went to WhatsApp
    expect(engine.chats.index.pending()).toEqual([]);

    const mentions = (events: WatchEvent[]) => events.filter((e) => e.type === 'mention');
    expect(mentions(bia)).toEqual([
      expect.objectContaining({
        type: 'mention',
        chatId: chat,
        id: result.note.id,
        by: { email: 'ana@acme.com', name: 'Ana' },
        text: `@bia @carla: ${SECRET}`,
      }),
    ]);
    expect(bia.some((e) => e.type === 'message' && e.message.id === result.note.id)).toBe(true);
    expect(mentions(ana)).toEqual([]); // she wrote it
    expect(ana.some((e) => e.type === 'message' && e.message.direction === 'note')).toBe(true);
    // Carla: neither the note nor the mention, though the audit (she may read it) says a note was written — without its words.
    expect(mentions(carla)).toEqual([]);
    expect(carla.some((e) => e.type === 'message' || e.type === 'chat')).toBe(false);
    expect(carla.some((e) => e.type === 'audit' && e.entry.action === 'chat.note')).toBe(true);
    expect(JSON.stringify(carla)).not.toContain('sobrinho');
    const audit = await (await as('carla@acme.com')).audit.list({});
    expect(audit.filter((e) => e.action === 'chat.note')).toEqual([
      expect.objectContaining({ target: chat, details: { noteId: result.note.id, mentions: ['bia@acme.com', 'carla@acme.com'] } }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('sobrinho');

    // Every read of Carla's: the chat, its messages page, search, the list.
    const carlas = await as('carla@acme.com');
    for (const read of [() => carlas.chats.show(chat), () => carlas.chats.show(chat, { limit: 500 }), () => carlas.notes.add(chat, 'posso ver?')]) {
      const err = await read().catch((e: unknown) => e);
      expect(isGuruError(err) && err.code).toBe('permission_denied');
    }
    expect(await carlas.chats.list({ search: 'sobrinho', status: 'all' })).toEqual([]);
    // Bia and Ana find it by its words, and read it in the chat.
    expect((await (await as('bia@acme.com')).chats.list({ search: 'sobrinho' })).map((c) => c.id)).toEqual([chat]);
    expect((await (await as('bia@acme.com')).chats.show(chat)).messages.at(-1)).toMatchObject({ id: result.note.id, direction: 'note' });
  });

  it('refuses an @name that fits nobody or several, saying who could be meant — and saves nothing', async () => {
    const chat = await biasChat();
    const ana = await as('ana@acme.com');
    const before = (await ana.chats.show(chat)).messages.length;
    const ambiguous = await ana.notes.add(chat, 'fala com @bruno').catch((e: unknown) => e);
    expect(isGuruError(ambiguous) && ambiguous.code).toBe('invalid_input');
    expect((ambiguous as Error).message).toContain(
      '@bruno could be @bruno.lima (Bruno Lima <bruno.lima@acme.com>) or @bruno.souza (Bruno Souza <bruno.souza@acme.com>)',
    );
    const unknown = await ana.notes.add(chat, 'e @bi?').catch((e: unknown) => e);
    expect((unknown as Error).message).toContain('no one is called @bi — did you mean @bia (Bía Souza <bia@acme.com>)?');
    const nobody = await ana.notes.add(chat, 'e @zeca?').catch((e: unknown) => e);
    expect((nobody as Error).message).toMatch(/no one on the team is called @zeca/);
    expect((await ana.chats.show(chat)).messages.length).toBe(before);

    // Accents and case ignored, punctuation after the name, an e-mail address is no mention.
    const ok = await ana.notes.add(chat, 'Pergunta ao @BIA. E manda p/ bruno.lima@acme.com; @Bruno.Souza, ok?');
    expect(ok.mentions.map((m) => m.email)).toEqual(['bia@acme.com', 'bruno.souza@acme.com']);
  });

  it('an empty note, the owner and an unknown chat are refused with what to do', async () => {
    const chat = await biasChat();
    const ana = await as('ana@acme.com');
    await expect(ana.notes.add(chat, '  \n')).rejects.toThrow(/the note is empty/);
    await expect(engine.as(OWNER).notes.add(chat, 'oi')).rejects.toThrow(/--as <email>/);
    await expect(ana.notes.add('nochat', 'oi')).rejects.toThrow(/no chat "nochat"/);
  });
});
