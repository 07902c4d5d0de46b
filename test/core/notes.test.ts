import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_MESSAGES } from '../../src/core/chats/chat-index.js';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import type { JournalRecord } from '../../src/core/chats/model.js';
import { Engine } from '../../src/core/engine.js';
import type { EngineEvent } from '../../src/core/events.js';
import { isGuruError } from '../../src/core/errors.js';
import type { JournalStore } from '../../src/store/journal.js';
import type { FileStores } from '../../src/store/store.js';
import { phoneOnFiles } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const CUSTOMER = '5511977776666';

/**
 * Internal notes in the chat's history (src/core/chats/chat-index.ts, chat-reads.ts), over a real
 * store and journal: a line of the history for whoever sees the chat, never for WhatsApp.
 */
describe('internal notes in a chat', () => {
  let store: FileStores;
  let journal: JournalStore;
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
