import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

const MARIA = '5511988887777@s.whatsapp.net';

/**
 * Reading a chat through the real daemon and CLI (in-memory transport): reactions, replies,
 * edits and deletions as `guru chat show` and `chat show --json` give them.
 */
describe('reading chats: annotations and attachments', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;
  let chatId: string;
  const ana = ['--as', 'ana@acme.com'];

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
    await phone.write({ from: MARIA, id: 'M1', text: 'Quero 2 caixas', pushName: 'Maria' });
    chatId = (await guruJson<{ id: string }[]>(home, ['chat', 'list', ...ana]))[0]!.id;
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('chat show --json: a reaction on its message, a reply with its quote, an edit replacing the words, a deletion kept and marked', async () => {
    const sent = await guruJson<{ id: string }>(home, ['chat', 'send', chatId, 'Temos sim!', ...ana, '--json']);
    await phone.write({ from: MARIA, id: 'R1', content: { type: 'reaction', target: sent.id, emoji: '👍' } });
    await phone.write({ from: MARIA, id: 'Q1', content: { type: 'text', text: 'Qual o preço disso?', replyTo: sent.id } });
    await phone.write({ from: MARIA, id: 'E1', content: { type: 'edit', target: 'M1', text: 'Quero 3 caixas' } });
    await phone.write({ from: MARIA, id: 'M2', text: 'meu cartão 4111…' });
    await phone.write({ from: MARIA, id: 'D1', content: { type: 'delete', target: 'M2' } });
    const detail = await guruJson<{ messages: Record<string, unknown>[] }>(home, ['chat', 'show', chatId, ...ana, '--json']);
    expect(detail.messages.map((m) => m.id)).toEqual(['M1', sent.id, 'Q1', 'M2']);
    const [m1, ours, q1, m2] = detail.messages;
    expect(m1).toMatchObject({ text: 'Quero 3 caixas', content: { type: 'text', text: 'Quero 3 caixas' }, edited: true, original: 'Quero 2 caixas' });
    expect(ours).toMatchObject({ reactions: [{ emoji: '👍', from: 'customer' }] });
    expect(q1).toMatchObject({ text: 'Qual o preço disso?', replyTo: { id: sent.id, text: 'Temos sim!' } });
    expect(m2).toMatchObject({ text: 'meu cartão 4111…', deleted: true, direction: 'in' });

    const plain = (await guruOk(home, ['chat', 'show', chatId, ...ana])).stdout;
    expect(plain).toMatch(/← Maria: Quero 3 caixas \(edited\)\n/);
    expect(plain).toMatch(/→ Ana Souza: Temos sim! [✓…]+\n {4}👍 Maria\n/);
    expect(plain).toMatch(/← Maria: ↪ “Temos sim!”\n {4}Qual o preço disso\?\n/);
    expect(plain).toMatch(/← Maria: meu cartão 4111… \(deleted by the customer\)\n/);
  });
});
