import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

/**
 * Conversations through the real daemon and its in-memory transport: routing by the rodízio,
 * visibility per user, signed replies, redeliveries, and refusals that leave no trace.
 */
describe('chats', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;
  const journal = () => join(home, 'journal', '5511999990000.jsonl');
  const as = (email: string) => ['--as', email];

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(home, ['user', 'edit', 'ana@acme.com', '--visible-name', 'Ana Souza']);
    await guruOk(home, ['dept', 'add', 'Vendas', '--perm', 'chats.send']);
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--perm', 'chats.send', '--password-stdin'], pw);
    await guruOk(home, ['user', 'add', '--email', 'vera@acme.com', '--name', 'Vera', '--dept', 'Vendas', '--password-stdin'], pw);
    await guruOk(home, ['user', 'add', '--email', 'otto@acme.com', '--name', 'Otto', '--perm', 'chats.view_all', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com', '--times', '2']);
    await guruOk(home, ['rr', 'add', SP, 'dept:Vendas']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
  });

  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  it('ten customers land ana, ana, Vendas, ana, ana, Vendas… and `chat why` shows each trail', async () => {
    for (let i = 0; i < 10; i++) {
      expect(await phone.write({ from: `5511988880${String(i).padStart(3, '0')}@s.whatsapp.net`, text: `Olá ${i}`, pushName: `Cliente ${i}` })).toMatchObject({
        newChat: true,
      });
    }
    const chats = await guruJson<any[]>(home, ['chat', 'list', ...as('ana@acme.com')]);
    const byCustomer = [...chats].sort((a, b) => a.customer.localeCompare(b.customer));
    expect(byCustomer.map((c) => c.assignee.ref)).toEqual([
      'user:ana@acme.com',
      'user:ana@acme.com',
      'dept:Vendas',
      'user:ana@acme.com',
      'user:ana@acme.com',
      'dept:Vendas',
      'user:ana@acme.com',
      'user:ana@acme.com',
      'dept:Vendas',
      'user:ana@acme.com',
    ]);
    const third = byCustomer[2];
    const why = await guruJson<any>(home, ['chat', 'why', third.id, ...as('ana@acme.com')]);
    expect(why).toMatchObject({ chatId: third.id, cause: 'new', assignee: { ref: 'dept:Vendas' } });
    expect(why.trail).toEqual([{ position: 3, target: { type: 'department', ref: 'dept:Vendas', name: 'Vendas' }, outcome: 'picked' }]);
    const text = await guruOk(home, ['chat', 'why', third.id, ...as('ana@acme.com')]);
    expect(text.stdout).toMatch(/Rodízio picked\t#3 dept:Vendas/);
  });

  it('bia sees none of them, a Vendas member exactly the Vendas chats, an admin and chats.view_all all', async () => {
    expect(await guruJson<any[]>(home, ['chat', 'list', ...as('bia@acme.com')])).toEqual([]);
    const vera = await guruJson<any[]>(home, ['chat', 'list', ...as('vera@acme.com')]);
    expect(vera).toHaveLength(3);
    expect(new Set(vera.map((c) => c.assignee.ref))).toEqual(new Set(['dept:Vendas']));
    expect(await guruJson<any[]>(home, ['chat', 'list', ...as('ana@acme.com')])).toHaveLength(10);
    expect(await guruJson<any[]>(home, ['chat', 'list', ...as('otto@acme.com')])).toHaveLength(10);
    expect(await guruJson<any[]>(home, ['chat', 'list', '--mine', ...as('ana@acme.com')])).toHaveLength(7);
    expect(await guruJson<any[]>(home, ['chat', 'list', '--dept', 'Vendas', ...as('ana@acme.com')])).toHaveLength(3);
    // --all asks for every chat of the team: refused (exit 5), saying why, to someone who cannot see them all.
    const all = await guru(home, ['chat', 'list', '--all', '--json', ...as('vera@acme.com')]);
    expect([all.code, all.stdout]).toEqual([5, '']);
    expect(all.stderr).toMatch(/it needs the "chats\.view_all" permission/);
    expect(await guruJson<any[]>(home, ['chat', 'list', '--all', ...as('otto@acme.com')])).toHaveLength(10);
  });

  it('guessing the id of a chat you cannot see gets you nothing', async () => {
    const chats = await guruJson<any[]>(home, ['chat', 'list', '--mine', ...as('ana@acme.com')]);
    for (const verb of ['show', 'why']) {
      const result = await guru(home, ['chat', verb, chats[0].id, ...as('vera@acme.com')]);
      expect(result.code).toBe(5);
      expect(result.stdout).toBe('');
    }
  });

  it('a reply by "Ana Souza" reaches WhatsApp as *Ana Souza:*\\n<text>; without a visible name, unchanged', async () => {
    const [chat] = await guruJson<any[]>(home, ['chat', 'list', '--mine', ...as('ana@acme.com')]);
    await guruOk(home, ['chat', 'send', chat.id, 'Oi! Já verifico.', ...as('ana@acme.com')]);
    const [veraChat] = await guruJson<any[]>(home, ['chat', 'list', ...as('vera@acme.com')]);
    await guruOk(home, ['chat', 'send', veraChat.id, '--stdin', ...as('vera@acme.com')], { stdin: 'Linha 1\nLinha 2\n' });
    const outbox = await phone.outbox();
    expect(outbox.map((m) => [m.to, m.text])).toEqual([
      [`${chat.customer.slice(1)}@s.whatsapp.net`, '*Ana Souza:*\nOi! Já verifico.'],
      [`${veraChat.customer.slice(1)}@s.whatsapp.net`, 'Linha 1\nLinha 2'],
    ]);
    const shown = await guruJson<any>(home, ['chat', 'show', chat.id, ...as('ana@acme.com')]);
    expect(shown.messages.at(-1)).toMatchObject({
      direction: 'out',
      text: '*Ana Souza:*\nOi! Já verifico.',
      author: { email: 'ana@acme.com' },
      status: 'sent',
    });
    expect(shown.unread).toBe(0);
  });

  it('receipts move the delivery status forward only', async () => {
    const { id } = (await phone.outbox())[0]!;
    await phone.receipt(id, 'read');
    await phone.receipt(id, 'delivered'); // late, out of order
    const [chat] = await guruJson<any[]>(home, ['chat', 'list', '--mine', ...as('ana@acme.com')]);
    const shown = await guruJson<any>(home, ['chat', 'show', chat.id, ...as('ana@acme.com')]);
    expect(shown.messages.find((m: any) => m.id === id).status).toBe('read');
  });

  it('the same inbound message delivered twice is stored once', async () => {
    const message = { id: 'WAMSG-DUP-1', from: '5511977770000@s.whatsapp.net', text: 'Duas vezes?' };
    expect(await phone.write(message)).toMatchObject({ newChat: true });
    const before = await readFile(journal());
    expect(await phone.write(message)).toMatchObject({ newChat: false });
    expect((await readFile(journal())).equals(before)).toBe(true);
    const chat = await guruJson<any>(home, ['chat', 'show', '+5511977770000', ...as('ana@acme.com')]);
    expect(chat.messages.map((m: any) => m.id)).toEqual(['WAMSG-DUP-1']);
  });

  it('one person is one chat, however WhatsApp spells them', async () => {
    await phone.write({ from: '5511966660000:12@s.whatsapp.net', text: 'do celular' });
    await phone.write({ from: '+55 11 96666-0000', text: 'do outro' });
    await phone.write({ from: '99887766@lid', fromPhone: '5511966660000@s.whatsapp.net', text: 'via LID' });
    const chat = await guruJson<any>(home, ['chat', 'show', '+5511966660000', ...as('ana@acme.com')]);
    expect(chat.messages.map((m: any) => m.text)).toEqual(['do celular', 'do outro', 'via LID']);
  });

  it('closing, then the customer writing again, reopens the chat and runs the rodízio again', async () => {
    await guruOk(home, ['chat', 'close', '+5511966660000', ...as('ana@acme.com')]);
    expect((await guruJson<any>(home, ['chat', 'show', '+5511966660000', ...as('ana@acme.com')])).status).toBe('closed');
    await phone.write({ from: '5511966660000@s.whatsapp.net', text: 'voltei' });
    const why = await guruJson<any>(home, ['chat', 'why', '+5511966660000', ...as('ana@acme.com')]);
    expect(why.cause).toBe('reopen');
    expect((await guruJson<any>(home, ['chat', 'show', '+5511966660000', ...as('ana@acme.com')])).status).toBe('open');
  });

  it('transfer moves a chat out of one agent’s view and into another’s, and is audited', async () => {
    const [chat] = await guruJson<any[]>(home, ['chat', 'list', '--mine', ...as('ana@acme.com')]);
    await guruOk(home, ['chat', 'assign', chat.id, '--dept', 'Vendas', ...as('ana@acme.com')]);
    const vera = await guruJson<any[]>(home, ['chat', 'list', ...as('vera@acme.com')]);
    expect(vera.map((c) => c.id)).toContain(chat.id);
    const noTransfer = await guru(home, ['chat', 'assign', chat.id, '--user', 'bia@acme.com', ...as('vera@acme.com')]);
    expect(noTransfer.code).toBe(5);
    expect(noTransfer.stderr).toMatch(/chats\.transfer/);
    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.filter((e) => e.action === 'chat.assigned').map((e) => [e.actor, e.target])).toEqual([['Ana Souza <ana@acme.com>', chat.id]]);
    expect(audit.filter((e) => e.action === 'chat.send')).toHaveLength(2);
  });

  it('`chat send` without chats.send, or on a chat the user cannot see: exit 5, nothing sent, nothing journaled', async () => {
    const [chat] = await guruJson<any[]>(home, ['chat', 'list', '--mine', ...as('ana@acme.com')]);
    await guruOk(home, ['user', 'edit', 'bia@acme.com', '--add-perm', 'chats.view_all', '--remove-perm', 'chats.send']);
    const outboxBefore = (await phone.outbox()).length;
    const journalBefore = await readFile(journal());
    const noPermission = await guru(home, ['chat', 'send', chat.id, 'oi', ...as('bia@acme.com')]);
    expect(noPermission.code).toBe(5);
    expect(noPermission.stderr).toMatch(/chats\.send/);
    const notVisible = await guru(home, ['chat', 'send', chat.id, 'oi', ...as('vera@acme.com')]);
    expect(notVisible.code).toBe(5);
    expect(notVisible.stderr).toMatch(/may not see chat/);
    expect((await phone.outbox()).length).toBe(outboxBefore);
    expect((await readFile(journal())).equals(journalBefore)).toBe(true);
  });

  it('`guru tail --json` follows new messages live, only those the user may see', async () => {
    const child = spawn(process.execPath, [GURU_BIN, 'tail', '--json', '--as', 'vera@acme.com'], { env: { ...process.env, GURU_HOME: home } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const events = () =>
      out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
      expect(check()).toBe(true);
    };
    await waitFor(() => events().some((e) => e.type === 'snapshot'));
    // Any three new chats in a row on [ana, ana, Vendas] give exactly one to Vendas: vera's.
    for (const n of [1, 2, 3]) await phone.write({ from: `55119555500${n}@s.whatsapp.net`, text: `ao vivo ${n}` });
    const vendas = (await guruJson<any[]>(home, ['chat', 'list', '--search', 'ao vivo', ...as('ana@acme.com')])).filter(
      (c) => c.assignee.ref === 'dept:Vendas',
    );
    expect(vendas).toHaveLength(1);
    await waitFor(() => events().some((e) => e.type === 'message' && e.message.text === vendas[0].lastMessage.text));
    await new Promise((r) => setTimeout(r, 200)); // room for anything that should not arrive
    child.kill('SIGINT');
    const texts = events()
      .filter((e) => e.type === 'message')
      .map((e) => e.message.text);
    expect(texts).toEqual([vendas[0].lastMessage.text]);
    expect(
      events()
        .filter((e) => e.type === 'chat')
        .every((e) => e.chat.assignee?.ref === 'dept:Vendas'),
    ).toBe(true);
  });

  it('a watcher is told when a chat moves out of their view', async () => {
    const child = spawn(process.execPath, [GURU_BIN, 'tail', '--json', '--as', 'vera@acme.com'], { env: { ...process.env, GURU_HOME: home } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const events = () =>
      out
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    for (let i = 0; i < 200 && !events().some((e) => e.type === 'snapshot'); i++) await new Promise((r) => setTimeout(r, 25));
    const [veraChat] = await guruJson<any[]>(home, ['chat', 'list', ...as('vera@acme.com')]);
    await guruOk(home, ['chat', 'assign', veraChat.id, '--user', 'ana@acme.com', ...as('ana@acme.com')]);
    for (let i = 0; i < 200 && !events().some((e) => e.type === 'chat.hidden'); i++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGINT');
    expect(events().filter((e) => e.type === 'chat.hidden')).toEqual([{ type: 'chat.hidden', chatId: veraChat.id }]);
    expect(events().some((e) => e.type === 'chat' && e.chat.id === veraChat.id)).toBe(false);
  });

  it('chats need the daemon: without one, exit 3', async () => {
    const result = await guru(join(dir, 'elsewhere'), ['chat', 'list', '--as', 'ana@acme.com']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/guru daemon start/);
  });

  it('an image, a place and a reaction arrive as content, are journaled compactly, survive a restart and show in `chat show`', async () => {
    const from = '5511966660001@s.whatsapp.net';
    await phone.write({ from, id: 'TXT1', text: 'Chegou quebrado', pushName: 'Rosa' });
    await phone.write({
      from,
      id: 'IMG1',
      content: { type: 'image', caption: 'Foto da caixa', mimetype: 'image/jpeg', size: 48_213, width: 1280, height: 960 },
    });
    await phone.write({ from, id: 'LOC1', content: { type: 'location', latitude: -23.5613, longitude: -46.6565, name: 'MASP' } });
    await phone.write({ from, id: 'RE1', content: { type: 'text', text: 'essa foto', replyTo: 'IMG1' } });
    await phone.write({ from, id: 'REACT1', content: { type: 'reaction', target: 'TXT1', emoji: '😢' } });
    // Bad content is refused with what was wrong, and nothing is stored.
    await expect(phone.write({ from, id: 'BAD1', content: { type: 'hologram' } as never })).rejects.toThrow(/content\.type: not a kind of message/);
    const lines = (await readFile(journal(), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.find((r) => r.id === 'TXT1')).toMatchObject({ text: 'Chegou quebrado' });
    expect(lines.find((r) => r.id === 'TXT1').content).toBeUndefined();
    expect(lines.find((r) => r.id === 'IMG1')).toMatchObject({ content: { type: 'image', caption: 'Foto da caixa' } });
    expect(lines.find((r) => r.id === 'IMG1').text).toBeUndefined();
    expect(lines.some((r) => r.id === 'BAD1')).toBe(false);

    await daemon.stop();
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    const shown = await guruJson<any>(home, ['chat', 'show', '+5511966660001', ...as('ana@acme.com')]);
    expect(shown.messages.map((m: any) => [m.id, m.text, m.content.type])).toEqual([
      ['TXT1', 'Chegou quebrado', 'text'],
      ['IMG1', '📷 image · Foto da caixa', 'image'],
      ['LOC1', '📍 location MASP (-23.5613, -46.6565)', 'location'],
      ['RE1', 'essa foto', 'text'],
    ]);
    // The reaction is shown on the message it is about, not as a message of its own.
    expect(shown.messages[0].reactions).toEqual([{ emoji: '😢', from: 'customer', time: expect.any(String) }]);
    expect(shown.messages[3].replyTo).toEqual({ id: 'IMG1', text: '📷 image · Foto da caixa' });
    expect(shown.messages[1].content).toEqual({ type: 'image', caption: 'Foto da caixa', mimetype: 'image/jpeg', size: 48_213, width: 1280, height: 960 });
    expect(shown.messages[3].content).toEqual({ type: 'text', text: 'essa foto', replyTo: 'IMG1' });
    expect(shown.unread).toBe(4); // the reaction is not one more message to answer
    const text = (await guruOk(home, ['chat', 'show', '+5511966660001', ...as('ana@acme.com')])).stdout;
    expect(text).toContain('← Rosa: 📷 image · Foto da caixa');
    expect(text).toContain('← Rosa: 📍 location MASP (-23.5613, -46.6565)');
    expect(text).toContain('← Rosa: ↪ “📷 image · Foto da caixa”\n    essa foto');
    expect(text).toContain('← Rosa: Chegou quebrado\n    😢 Rosa\n');
    // Its file was never handed to the memory transport: it stays "not downloaded yet".
    expect(text).toContain('← Rosa: 📷 image · Foto da caixa  [IMG1, not downloaded yet]\n');
    // Captions are searched.
    expect((await guruJson<any[]>(home, ['chat', 'list', '--search', 'foto da CAIXA', ...as('ana@acme.com')])).map((c) => c.customer)).toEqual([
      '+5511966660001',
    ]);
  });

  it('survives a restart: same chats, same messages, same assignments', async () => {
    const before = await guruJson<any[]>(home, ['chat', 'list', '--status', 'all', ...as('ana@acme.com')]);
    await daemon.stop();
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    const after = await guruJson<any[]>(home, ['chat', 'list', '--status', 'all', ...as('ana@acme.com')]);
    expect(after).toEqual(before);
  });
});
