import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent, type MessageContent } from '../../src/core/chats/content.js';
import { Engine, type Operations } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import { checkQuickReplyText, fillPlaceholders, normalizeShortcut } from '../../src/core/quick-replies.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const MARIA = '5511977776666@s.whatsapp.net';
const JOAO = '5511966665555@s.whatsapp.net';
const PW = 'correct horse battery';

/**
 * Quick replies in the engine: who sees which (hidden = not found), who may change them, and
 * `{cliente}` / `{agente}` filled in at send, for the chat and the sender.
 */
describe('quick replies', () => {
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let store: DurableStores;
  let sent: { to: string; content: MessageContent }[];
  let engine: Engine;
  let owner: Operations;
  let as: Record<'bia' | 'caio' | 'gestor', Operations>;
  let mariaChat: string;
  let joaoChat: string;

  beforeEach(async () => {
    sent = [];
    fixture = await phoneOnFiles('guru-quick-', PHONE);
    store = fixture.store;
    engine = new Engine({
      stores: { ...store, journal: fixture.journal },
      conversations: {
        sender: { send: async (_phone, to, content) => void sent.push({ to, content }) },
        publish: () => undefined,
        outbox: { firstTryWaitMs: 60_000 },
      },
    });
    await engine.chats.load();
    engine.chats.phoneState(PHONE, 'connected');
    owner = engine.as(OWNER);
    await owner.departments.add('Vendas');
    await owner.departments.add('Suporte');
    const perms = ['chats.send', 'chats.view_all'];
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia Lima', visibleName: 'Bia', password: PW, permissions: perms, departments: ['Vendas'] });
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio Reis', password: PW, permissions: perms, departments: ['Suporte'] });
    await owner.users.add({ email: 'gestor@acme.com', name: 'Gê', password: PW, permissions: [...perms, 'quick_replies.manage'] });
    const users = (await store.state.read()).users;
    const actor = (email: string) => engine.as({ type: 'user', userId: users.find((u) => u.email === email)!.id });
    as = { bia: actor('bia@acme.com'), caio: actor('caio@acme.com'), gestor: actor('gestor@acme.com') };
    await engine.chats.receive({ phone: PHONE, id: 'M1', from: MARIA, pushName: 'Maria Cliente', content: textContent('Oi'), time: '2026-12-01T10:00:00Z' });
    await engine.chats.receive({ phone: PHONE, id: 'J1', from: JOAO, content: textContent('Bom dia'), time: '2026-12-01T10:01:00Z' });
    mariaChat = engine.chats.index.forCustomer(PHONE, '+5511977776666')!.id;
    joaoChat = engine.chats.index.forCustomer(PHONE, '+5511966665555')!.id;
  });
  afterEach(() => fixture.close());

  const shortcuts = async (ops: Operations, all = false) => (await ops.quickReplies.list(all ? { all } : {})).map((r) => `${r.shortcut} ${r.scope}`);

  it('each person sees everyone’s, their departments’ and their own — never another person’s own', async () => {
    await as.bia.quickReplies.add('/minha', 'só minha');
    await as.gestor.quickReplies.add('/vendas', 'para vendas', { dept: 'Vendas' });
    await as.gestor.quickReplies.add('/todos', 'para todos', { everyone: true });
    expect(await shortcuts(as.bia)).toEqual(['/minha user', '/todos everyone', '/vendas department']);
    expect(await shortcuts(as.caio)).toEqual(['/todos everyone']);
    // Whoever manages them sees every shared one with --all, still not someone's own.
    expect(await shortcuts(as.gestor)).toEqual(['/todos everyone']);
    expect(await shortcuts(as.gestor, true)).toEqual(['/todos everyone', '/vendas department']);
    await expect(as.caio.quickReplies.list({ all: true })).rejects.toMatchObject({ code: 'permission_denied' });

    // Hidden is not found: using, editing or removing another person's or department's.
    for (const ref of ['/minha', '/vendas']) {
      await expect(as.caio.chats.send(mariaChat, { quick: ref })).rejects.toMatchObject({ code: 'not_found' });
      await expect(as.caio.chats.quickReply(mariaChat, ref)).rejects.toMatchObject({ code: 'not_found' });
      await expect(as.caio.quickReplies.edit(ref, { text: 'mudei' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(as.caio.quickReplies.remove(ref)).rejects.toMatchObject({ code: 'not_found' });
    }
    const bias = (await as.bia.quickReplies.list()).find((r) => r.shortcut === '/minha')!;
    await expect(as.gestor.quickReplies.remove(bias.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(sent).toEqual([]);
    expect((await store.state.read()).quickReplies.map((r) => r.text).sort()).toEqual(['para todos', 'para vendas', 'só minha']);
  });

  it('sharing one needs quick_replies.manage; one’s own needs nothing', async () => {
    await expect(as.bia.quickReplies.add('/todos', 'x', { everyone: true })).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(as.bia.quickReplies.add('/vendas', 'x', { dept: 'Vendas' })).rejects.toMatchObject({ code: 'permission_denied' });
    // Asked of a manager, a department that does not exist is said so (after the permission).
    await expect(as.gestor.quickReplies.add('/x', 'x', { dept: 'Nowhere' })).rejects.toMatchObject({ code: 'not_found' });
    await as.gestor.quickReplies.add('/todos', 'para todos', { everyone: true });
    await expect(as.bia.quickReplies.edit('/todos', { text: 'mudei' })).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(as.bia.quickReplies.remove('/todos')).rejects.toMatchObject({ code: 'permission_denied' });
    // Her own, made shared, needs the permission too.
    await as.bia.quickReplies.add('/minha', 'só minha');
    await expect(as.bia.quickReplies.edit('/minha', { scope: { everyone: true } })).rejects.toMatchObject({ code: 'permission_denied' });
    expect(await as.bia.quickReplies.edit('/minha', { text: 'ainda minha', shortcut: '/Minha2' })).toMatchObject({ shortcut: '/minha2', text: 'ainda minha' });
    expect(await as.bia.quickReplies.remove('/minha2')).toMatchObject({ shortcut: '/minha2', scope: 'user' });
    // The owner is nobody: its replies are the team's.
    await expect(owner.quickReplies.add('/dono', 'x')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/--everyone/) });
    expect(await owner.quickReplies.add('/dono', 'x', { everyone: true })).toMatchObject({ scope: 'everyone', createdBy: null });
    const audit = (await owner.audit.list()).filter((e) => e.action.startsWith('quick_reply.')).map((e) => `${e.action} ${e.target}`);
    expect(audit).toEqual([
      'quick_reply.add /todos',
      'quick_reply.add /minha',
      'quick_reply.edit /minha2',
      'quick_reply.remove /minha2',
      'quick_reply.add /dono',
    ]);
  });

  it('a shortcut is unique within its scope; one’s own comes before a department’s before everyone’s', async () => {
    await as.gestor.quickReplies.add('/ola', 'Olá de todos', { everyone: true });
    await expect(as.gestor.quickReplies.add('/OLA', 'outra', { everyone: true })).rejects.toMatchObject({ code: 'conflict' });
    await as.gestor.quickReplies.add('/ola', 'Olá de vendas', { dept: 'Vendas' });
    expect((await as.bia.chats.quickReply(mariaChat, '/ola')).text).toBe('Olá de vendas');
    await as.bia.quickReplies.add('/ola', 'Olá meu');
    expect((await as.bia.chats.quickReply(mariaChat, '/ola')).text).toBe('Olá meu');
    expect((await as.caio.chats.quickReply(mariaChat, '/ola')).text).toBe('Olá de todos');
    // Two departments' /ola for someone in both: which one is meant cannot be told.
    await as.gestor.quickReplies.add('/ola', 'Olá do suporte', { dept: 'Suporte' });
    await owner.departments.addMembers('Suporte', ['gestor@acme.com']);
    await owner.departments.addMembers('Vendas', ['gestor@acme.com']);
    await expect(as.gestor.chats.quickReply(mariaChat, '/ola')).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/by its id/) });
  });

  it('{cliente} and {agente} are filled in by the engine at send, and the reply goes signed as usual', async () => {
    await as.gestor.quickReplies.add('/preco', 'Olá {cliente}! Aqui é {agente}: o plano anual sai por R$ 1.200.', { everyone: true });
    const filled = await as.bia.chats.quickReply(mariaChat, '/preco');
    expect(filled.text).toBe('Olá Maria Cliente! Aqui é Bia: o plano anual sai por R$ 1.200.');
    const message = await as.bia.chats.send(mariaChat, { quick: '/preco' });
    expect(message.text).toBe('*Bia:*\nOlá Maria Cliente! Aqui é Bia: o plano anual sai por R$ 1.200.');
    // No push name: the customer's number; no visible name: the sender's name, and no signature.
    await as.caio.chats.send(joaoChat, { quick: '/PRECO' });
    await expect.poll(() => sent.length).toBe(2);
    expect(sent.map((s) => (s.content as { text: string }).text)).toEqual([
      '*Bia:*\nOlá Maria Cliente! Aqui é Bia: o plano anual sai por R$ 1.200.',
      'Olá +55 11 96666 5555! Aqui é Caio Reis: o plano anual sai por R$ 1.200.',
    ]);
    const sends = (await owner.audit.list()).filter((e) => e.action === 'chat.send');
    expect(sends.map((e) => e.details?.quickReply)).toEqual(['/preco', '/preco']);
    // A chat the sender may not see is refused before any reply is looked at.
    await owner.users.edit('caio@acme.com', { removePermissions: ['chats.view_all'] });
    await expect(as.caio.chats.send(mariaChat, { quick: '/preco' })).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(owner.chats.send(mariaChat, { quick: '/preco' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('a removed person’s own and a removed department’s go with them; what they shared with everyone stays', async () => {
    await as.bia.quickReplies.add('/minha', 'só minha');
    await as.gestor.quickReplies.add('/vendas', 'para vendas', { dept: 'Vendas' });
    await as.gestor.quickReplies.add('/suporte', 'para o suporte', { dept: 'Suporte' });
    await as.gestor.quickReplies.add('/todos', 'para todos', { everyone: true });
    await owner.users.remove('bia@acme.com');
    await owner.departments.remove('Vendas');
    await owner.users.remove('gestor@acme.com');
    const left = (await store.state.read()).quickReplies.map((r) => r.shortcut).sort();
    expect(left).toEqual(['/suporte', '/todos']);
    expect((await owner.quickReplies.list()).find((r) => r.shortcut === '/todos')?.createdBy).toEqual({ email: '', name: '(removed user)' });
  });

  it('refuses bad input with what was wrong and what to do', () => {
    expect(normalizeShortcut(' Preço ')).toBe('/preço');
    for (const bad of ['/', '/pre ço', '/a/b', `/${'x'.repeat(31)}`]) expect(() => normalizeShortcut(bad)).toThrow(/not a shortcut: a \/ then/);
    expect(() => checkQuickReplyText('  \n ')).toThrow(/empty/);
    expect(() => checkQuickReplyText('Olá {client}')).toThrow(/unknown placeholder \{client\}.*\{cliente\}/);
    expect(() => checkQuickReplyText('x'.repeat(4_001))).toThrow(/at most 4000/);
    expect(checkQuickReplyText('{"json": 1} Olá {Cliente}\n\n')).toBe('{"json": 1} Olá {Cliente}');
    expect(fillPlaceholders('{CLIENTE}, {agent} {outro}', { customer: 'Maria', agent: 'Bia' })).toBe('Maria, Bia {outro}');
  });
});
