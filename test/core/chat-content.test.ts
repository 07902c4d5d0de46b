import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalAgain, testStores, type TestJournal } from '../helpers/engine.js';
import { onPostgres } from '../helpers/postgres.js';
import { journalText, plantJournal } from '../helpers/raw-store.js';

const PHONE = '+5511999990000';
const MARIA = '5511977776666@s.whatsapp.net';

/** Messages as content through the engine and the journal: what is written, what reads back. */
describe('message content in the engine and the journal', () => {
  let dir: string;
  let store: DurableStores;
  let journal: TestJournal;
  let warnings: string[];
  const journalDir = () => join(dir, 'data', 'journal');
  const journalFile = () => join(journalDir(), '5511999990000.jsonl');

  async function engine() {
    journal = journalAgain(store, (message) => warnings.push(message));
    const e = new Engine({ stores: { ...store, journal }, conversations: { sender: { send: async () => undefined } } });
    await e.chats.load();
    return e;
  }

  beforeEach(async () => {
    dir = await makeTempDir('guru-content-');
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

  let clock = 0;
  const inbound = (id: string, content: MessageContent, extra: object = {}) => ({
    phone: PHONE,
    id,
    from: MARIA,
    content,
    time: new Date(Date.UTC(2026, 10, 26, 10, 0, clock++)).toISOString(),
    ...extra,
  });

  it('reads a journal written before content existed: its messages are text content', async () => {
    // Exactly the lines the previous version wrote (a chat, a customer's text, a signed answer).
    const chatId = chatIdFor(PHONE, '+5511977776666');
    await plantJournal(store, PHONE, [
      `{"type":"chat.opened","chatId":"${chatId}","customer":"+5511977776666","name":"Maria","time":"2026-11-20T09:00:00.000Z","assignee":null,"trail":[],"cause":"new"}`,
      `{"type":"message","id":"OLD1","chatId":"${chatId}","direction":"in","text":"Bom dia, o boleto venceu","time":"2026-11-20T09:00:00.000Z"}`,
      `{"type":"message","id":"3EB0OLD2","chatId":"${chatId}","direction":"out","text":"*Ana:*\\nVou gerar outro","time":"2026-11-20T09:01:00.000Z","authorId":"u1","status":"pending"}`,
      `{"type":"message.status","id":"3EB0OLD2","chatId":"${chatId}","status":"sent","time":"2026-11-20T09:01:01.000Z"}`,
    ]);
    const e = await engine();
    const detail = await e.as(OWNER).chats.show(chatId);
    expect(detail.messages.map((m) => [m.id, m.content, m.text])).toEqual([
      ['OLD1', { type: 'text', text: 'Bom dia, o boleto venceu' }, 'Bom dia, o boleto venceu'],
      ['3EB0OLD2', { type: 'text', text: '*Ana:*\nVou gerar outro' }, '*Ana:*\nVou gerar outro'],
    ]);
    expect((await e.as(OWNER).chats.list({ search: 'BOLETO' })).map((c) => c.id)).toEqual([chatId]);
    expect(warnings).toEqual([]);
  });

  // A checkpoint file of that version (the journal's bytes and tail): only data dirs ever had one.
  it.skipIf(onPostgres())('restores a checkpoint written before content existed (text in the message tuples), without replaying', async () => {
    const chatId = chatIdFor(PHONE, '+5511977776666');
    const lines = [
      `{"type":"chat.opened","chatId":"${chatId}","customer":"+5511977776666","name":null,"time":"2026-11-20T09:00:00.000Z","assignee":null,"trail":[],"cause":"new"}\n`,
      `{"type":"message","id":"OLD1","chatId":"${chatId}","direction":"in","text":"antes do checkpoint","time":"2026-11-20T09:00:00.000Z"}\n`,
    ];
    await mkdir(journalDir(), { recursive: true });
    await writeFile(journalFile(), lines.join(''));
    const bytes = Buffer.byteLength(lines.join(''));
    const tail = (await readFile(journalFile())).subarray(Math.max(0, bytes - 256)).toString('base64');
    // The previous version's checkpoint: each message a tuple with its text as a plain string.
    const chat = {
      id: chatId,
      phone: PHONE,
      customer: '+5511977776666',
      name: null,
      status: 'open',
      assignee: null,
      trail: [],
      trailTime: '2026-11-20T09:00:00.000Z',
      trailCause: 'new',
      openedAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-20T09:00:00.000Z',
      unread: 1,
      messages: [['OLD1', lines[0]!.length, 'in', 'do checkpoint', '2026-11-20T09:00:00.000Z', null, null]],
      older: '',
      olderIds: '',
    };
    await writeFile(
      join(journalDir(), '5511999990000.checkpoint.json'),
      `${JSON.stringify({ version: 1, bytes, tail, index: { chats: [chat], aliases: [], olderStatus: [] } })}\n`,
    );
    await appendFile(journalFile(), `{"type":"message","id":"OLD2","chatId":"${chatId}","direction":"in","text":"depois","time":"2026-11-20T09:02:00.000Z"}\n`);
    const e = await engine();
    expect(warnings).toEqual([]);
    // 'do checkpoint' (not the journal's words) proves the checkpoint was used, not a replay.
    expect(e.chats.index.get(chatId)!.messages.map((m) => m.content)).toEqual([textContent('do checkpoint'), textContent('depois')]);
  });

  it('writes text as before and anything else as compact content; both survive a restart, with and without a checkpoint', async () => {
    let e = await engine();
    const image: MessageContent = { type: 'image', caption: 'Comprovante do PIX', mimetype: 'image/jpeg', size: 48_213, width: 1280, height: 960 };
    const place: MessageContent = { type: 'location', latitude: -23.5613, longitude: -46.6565, name: 'MASP' };
    await e.chats.receive(inbound('T1', textContent('oi'), { pushName: 'Maria' }));
    await e.chats.receive(inbound('I1', image));
    await e.chats.receive(inbound('L1', place));
    await e.chats.receive(inbound('Q1', { type: 'text', text: 'esse aqui', replyTo: 'I1' }));
    const lines = (await journalText(store, PHONE))!
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const messages = lines.filter((r) => r.type === 'message');
    expect(messages[0]).toEqual({
      type: 'message',
      id: 'T1',
      chatId: expect.any(String),
      direction: 'in',
      text: 'oi',
      time: expect.any(String),
      receivedAt: expect.any(String),
    });
    expect(messages[1]).toEqual({
      type: 'message',
      id: 'I1',
      chatId: expect.any(String),
      direction: 'in',
      content: image,
      time: expect.any(String),
      receivedAt: expect.any(String),
    });
    expect(messages[3].content).toEqual({ type: 'text', text: 'esse aqui', replyTo: 'I1' });
    const expected = [textContent('oi'), image, place, { type: 'text', text: 'esse aqui', replyTo: 'I1' }];

    await journal.close();
    e = await engine(); // full replay
    const [chat] = e.chats.index.all();
    expect(chat!.messages.map((m) => m.content)).toEqual(expected);
    await e.chats.checkpoint();
    await journal.close();
    e = await engine(); // from the checkpoint
    expect(warnings).toEqual([]);
    expect(e.chats.index.get(chat!.id)!.messages.map((m) => m.content)).toEqual(expected);
    const view = await e.as(OWNER).chats.show(chat!.id);
    expect(view.messages.map((m) => m.text)).toEqual(['oi', '📷 image · Comprovante do PIX', '📍 location MASP (-23.5613, -46.6565)', 'esse aqui']);
    // Captions are searched, in memory and in the journal.
    expect((await e.as(OWNER).chats.list({ search: 'pix' })).map((c) => c.id)).toEqual([chat!.id]);
    const inJournal = async (words: string) => {
      const ids: string[] = [];
      await journal.findMessages(words, { phones: new Set([chat!.phone]), accept: () => true, deadline: Infinity }, (_phone, record) => ids.push(record.id));
      return ids;
    };
    expect(await inJournal('comprovante')).toHaveLength(1);
    expect(await inJournal('image/jpeg')).toEqual([]);
  });

  it('a reaction, edit or deletion joins the chat but opens, reopens and counts as unread nothing', async () => {
    const e = await engine();
    // About a message Guru never had, from someone with no chat: nothing is stored.
    expect(await e.chats.receive(inbound('R0', { type: 'reaction', target: 'X', emoji: '👍' }))).toEqual({ chatId: null, duplicate: false });
    expect(e.chats.index.size).toBe(0);
    expect(await journalText(store, PHONE)).toBeNull();

    const { chatId } = await e.chats.receive(inbound('M1', textContent('Qual o prazo?')));
    await e.as(OWNER).chats.markRead(chatId!);
    await e.as(OWNER).chats.close(chatId!);
    for (const [id, content] of [
      ['R1', { type: 'reaction', target: 'M1', emoji: '👍' }],
      ['E1', { type: 'edit', target: 'M1', text: 'Qual o prazo de entrega?' }],
      ['D1', { type: 'delete', target: 'M1' }],
    ] as const) {
      expect(await e.chats.receive(inbound(id, content))).toEqual({ chatId, duplicate: false });
    }
    const chat = e.chats.index.get(chatId!)!;
    expect(chat.status).toBe('closed');
    expect(chat.unread).toBe(0);
    expect(chat.messages.map((m) => m.content.type)).toEqual(['text', 'reaction', 'edit', 'delete']);
    // A message of their own still reopens it, as before.
    await e.chats.receive(inbound('M2', { type: 'image' }));
    expect(e.chats.index.get(chatId!)!).toMatchObject({ status: 'open', unread: 1 });
  });

  it('refuses a message with no content it knows', async () => {
    const e = await engine();
    await expect(e.chats.receive({ ...inbound('B1', textContent('x')), content: { type: 'hologram' } as unknown as MessageContent })).rejects.toThrow(
      /no content this version knows/,
    );
    const chat = e.chats.index.all()[0] ?? ({} as never);
    await expect(e.chats.send(chat, 'u', { type: 'image' })).rejects.toThrow(/the image to send names no uploaded file/);
    await expect(e.chats.send(chat, 'u', { type: 'location', latitude: 0, longitude: 0 })).rejects.toThrow(/sending location messages is not supported/);
  });
});
