import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalAgain, testStores, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const MARIA = '5511977776666@s.whatsapp.net';
const JOAO = '5511955554444@s.whatsapp.net';

/**
 * `chat show` (the engine's `chats.show`) folds reactions, edits and deletions onto the message
 * they are about, and gives replies the words they quote — over a real journal, with messages
 * as the transport hands them to the engine.
 */
describe('annotations folded onto their messages', () => {
  let dir: string;
  let store: DurableStores;
  let journal: TestJournal;
  let e: Engine;
  let ana: Actor;
  let clock = 0;

  beforeEach(async () => {
    dir = await makeTempDir('guru-annotations-');
    store = await testStores(join(dir, 'data'));
    const setup = new Engine({ stores: store }).as(OWNER);
    await setup.account.init({ accountName: 'A', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse' });
    await setup.phones.add(PHONE);
    ana = { type: 'user', userId: (await setup.users.show('ana@acme.com')).id };
    journal = journalAgain(store);
    e = new Engine({ stores: { ...store, journal }, conversations: { sender: { send: async () => undefined } } });
    await e.chats.load();
  });
  afterEach(async () => {
    e.chats.stop();
    await journal.close();
    await store.close();
    await removeDir(dir);
  });

  const time = () => new Date(Date.UTC(2026, 10, 26, 10, 0, clock++)).toISOString();
  /** A message from `from` (Maria by default); `fromMe`: written on the business's phone itself. */
  const receive = async (id: string, content: MessageContent, extra: { from?: string; fromMe?: boolean } = {}) =>
    (await e.chats.receive({ phone: PHONE, id, from: extra.from ?? MARIA, content, time: time(), ...(extra.fromMe ? { fromMe: true } : {}) })).chatId!;

  it('a reaction shows on its message (latest per side, taken back with an empty emoji), not as a line of its own', async () => {
    const chat = await receive('M1', textContent('Posso mandar foto?'));
    const ours = await e.as(ana).chats.send(chat, 'Pode sim');
    await receive('R1', { type: 'reaction', target: ours.id, emoji: '👍' });
    await receive('R2', { type: 'reaction', target: ours.id, emoji: '❤️' });
    await receive('R3', { type: 'reaction', target: 'M1', emoji: '🙏' }, { fromMe: true });
    await receive('R4', { type: 'reaction', target: 'M1', emoji: '😂' });
    await receive('R5', { type: 'reaction', target: 'M1', emoji: '' });
    const { messages } = await e.as(OWNER).chats.show(chat);
    expect(messages.map((m) => m.id)).toEqual(['M1', ours.id]);
    expect(messages[0]!.reactions).toEqual([{ emoji: '🙏', from: 'phone', time: expect.any(String) }]);
    expect(messages[1]!.reactions).toEqual([{ emoji: '❤️', from: 'customer', time: expect.any(String) }]);
  });

  it('an edit replaces the words and says edited, keeping the first words; a deletion keeps the message, marked deleted', async () => {
    const chat = await receive('M1', textContent('Quero 2 caixas'));
    await receive('I1', { type: 'image', caption: 'essa aqui', mimetype: 'image/jpeg' });
    await receive('E1', { type: 'edit', target: 'M1', text: 'Quero 3 caixas' });
    await receive('E2', { type: 'edit', target: 'M1', text: 'Quero 4 caixas' });
    await receive('E3', { type: 'edit', target: 'I1', text: 'não, essa' });
    await receive('M2', textContent('Meu CPF é 123'));
    await receive('D1', { type: 'delete', target: 'M2' });
    const { messages } = await e.as(OWNER).chats.show(chat);
    expect(messages.map((m) => m.id)).toEqual(['M1', 'I1', 'M2']);
    expect(messages[0]).toMatchObject({ text: 'Quero 4 caixas', content: { type: 'text', text: 'Quero 4 caixas' }, edited: true, original: 'Quero 2 caixas' });
    expect(messages[1]).toMatchObject({ text: '📷 image · não, essa', content: { type: 'image', caption: 'não, essa' }, edited: true, original: 'essa aqui' });
    expect(messages[2]).toMatchObject({ text: 'Meu CPF é 123', content: { type: 'text', text: 'Meu CPF é 123' }, deleted: true });
    expect(messages[2]!.edited).toBeUndefined();
  });

  it('a customer cannot edit or delete our message: such a message stays a line of its own and changes nothing', async () => {
    const chat = await receive('M1', textContent('Oi'));
    const ours = await e.as(ana).chats.send(chat, 'O prazo é sexta');
    await receive('E1', { type: 'edit', target: ours.id, text: 'O prazo é nunca' });
    await receive('D1', { type: 'delete', target: ours.id });
    const { messages } = await e.as(OWNER).chats.show(chat);
    expect(messages.map((m) => m.id)).toEqual(['M1', ours.id, 'E1', 'D1']);
    expect(messages[1]).toMatchObject({ text: 'O prazo é sexta' });
    expect(messages[1]!.edited).toBeUndefined();
    expect(messages[1]!.deleted).toBeUndefined();
    expect(messages[2]!.text).toBe('📝 edited “O prazo é sexta”: O prazo é nunca');
  });

  it('a reply carries the quoted message and its words — also when it is older than the page, never from another chat', async () => {
    const chat = await receive('M1', textContent('Qual o endereço da loja?'));
    for (let i = 0; i < 5; i++) await receive(`F${i}`, textContent(`mais ${i}`));
    const other = await receive('J1', textContent('Segredo do João'), { from: JOAO });
    await receive('Q1', { type: 'text', text: 'Essa pergunta aqui', replyTo: 'F4' });
    await receive('Q2', { type: 'text', text: 'E essa', replyTo: 'M1' });
    await receive('Q3', { type: 'text', text: 'Forjada', replyTo: 'J1' });
    await receive('R1', { type: 'reaction', target: 'M1', emoji: '👀' });
    const { messages } = await e.as(OWNER).chats.show(chat, { limit: 5 });
    expect(other).not.toBe(chat);
    expect(messages.map((m) => [m.id, m.replyTo, m.text])).toEqual([
      ['F4', undefined, 'mais 4'],
      ['Q1', { id: 'F4', text: 'mais 4' }, 'Essa pergunta aqui'],
      ['Q2', { id: 'M1', text: 'Qual o endereço da loja?' }, 'E essa'],
      ['Q3', { id: 'J1', text: null }, 'Forjada'],
      // Its message is older than the page: the reaction stays a line, quoting it.
      ['R1', undefined, '👀 reacted to “Qual o endereço da loja?”'],
    ]);
  });
});
