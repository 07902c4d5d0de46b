import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import type { WhatsAppDirectory } from '../../src/core/context.js';
import { Engine } from '../../src/core/engine.js';
import { isGuruError } from '../../src/core/errors.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { Stores } from '../../src/core/ports.js';
import { MemoryTransport } from '../../src/whatsapp/memory-transport.js';
import { engineHandler, ruleStores } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const OTHER_PHONE = '+5521999990000';
const CUSTOMER = '+5511900001111';
const NO_WHATSAPP = '+5511900002222';
const PW = 'correct horse battery';

/** The code and message an operation was refused with. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isGuruError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a refusal, but it succeeded');
}

/**
 * Starting conversations (`guru chat new`) in the engine: the permission, the number checked
 * with WhatsApp through the transport port (here the memory transport's own answer), reuse of
 * an existing chat, the phone to write from, and the first message through the outbox. The same
 * against real Baileys and the simulator: test/e2e/chat-new.test.ts.
 */
describe('starting a conversation', () => {
  let store: Stores;
  let engine: Engine;
  let wa: MemoryTransport;
  /** Numbers the engine asked WhatsApp about, in order. */
  let asked: string[];
  let directory: WhatsAppDirectory;
  const as = async (email: string) => engine.as({ type: 'user', userId: (await engine.as(OWNER).users.show(email)).id } satisfies Actor);

  beforeEach(async () => {
    store = await ruleStores();
    wa = new MemoryTransport(PHONE);
    wa.withoutWhatsApp.add(NO_WHATSAPP);
    asked = [];
    directory = {
      lookup: (_phone, number) => {
        asked.push(number);
        return wa.lookup(number);
      },
    };
    engine = new Engine({
      stores: store,
      directory: { lookup: (phone, number) => directory.lookup(phone, number) },
      conversations: { sender: { send: (_phone, to, content, id) => wa.send(to, content, id) }, outbox: { firstTryWaitMs: 60_000 } },
    });
    await engine.chats.load();
    // The transport is connected; so is the outbox's phone.
    await wa.start(engineHandler(engine, PHONE));
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    await owner.phones.add(PHONE, 'Vendas');
    // No passwords (invited users): hashing them would only slow the test down.
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia Lima', visibleName: 'Bia', permissions: ['chats.start', 'chats.send'] });
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio Reis', permissions: ['chats.start', 'chats.send'] });
    await owner.users.add({ email: 'dani@acme.com', name: 'Dani', permissions: ['chats.send', 'chats.view_all'] });
  });
  afterEach(async () => {
    engine.chats.stop();
    await store.close();
  });

  const audit = async () => (await engine.as(OWNER).audit.list()).filter((a) => a.action.startsWith('chat.'));

  it('needs chats.start: without it nothing is asked and nothing is created', async () => {
    const dani = await as('dani@acme.com');
    const refused = await refusal(dani.chats.start(CUSTOMER, 'Olá'));
    expect(refused.code).toBe('permission_denied');
    expect(refused.message).toMatch(/chats\.start/);
    expect(asked).toEqual([]);
    expect(engine.chats.index.all()).toEqual([]);
    expect(await audit()).toEqual([]);
    // The owner is nobody: a conversation needs a person to be assigned to.
    expect((await refusal(engine.as(OWNER).chats.start(CUSTOMER))).message).toMatch(/act as a user/);
  });

  it('starts the chat assigned to the starter, sends the first message through the outbox, and audits both', async () => {
    const bia = await as('bia@acme.com');
    const started = await bia.chats.start('+55 (11) 90000-1111', 'Olá! Sobre o seu pedido.');
    expect(asked).toEqual([CUSTOMER]);
    expect(started.created).toBe(true);
    expect(started.chat).toMatchObject({ phone: PHONE, customer: CUSTOMER, status: 'open', assignee: { ref: 'user:bia@acme.com', name: 'Bia Lima' } });
    expect(started.message).toMatchObject({ direction: 'out', text: '*Bia:*\nOlá! Sobre o seu pedido.', status: 'sent', author: { email: 'bia@acme.com' } });
    // WhatsApp got it, under the id the chat shows, at the JID WhatsApp gave.
    expect(wa.outbox).toEqual([
      expect.objectContaining({ to: '5511900001111@s.whatsapp.net', id: started.message!.id, text: '*Bia:*\nOlá! Sobre o seu pedido.' }),
    ]);
    expect((await bia.chats.list({ mine: true })).map((c) => c.id)).toEqual([started.chat.id]);
    expect(await bia.chats.why(started.chat.id)).toMatchObject({ cause: 'started', trail: [], assignee: { ref: 'user:bia@acme.com' } });
    expect(await audit()).toEqual([
      expect.objectContaining({
        actor: 'Bia Lima <bia@acme.com>',
        action: 'chat.start',
        target: started.chat.id,
        details: { customer: CUSTOMER, phone: PHONE, created: true },
      }),
      expect.objectContaining({ actor: 'Bia Lima <bia@acme.com>', action: 'chat.send', target: started.chat.id, details: { messageId: started.message!.id } }),
    ]);
    // Without text the chat just opens; the customer then writes into it, unassigned to nobody else.
    const caio = await as('caio@acme.com');
    const quiet = await caio.chats.start('+5511900003333');
    expect(quiet).toMatchObject({ created: true, message: null, chat: { assignee: { ref: 'user:caio@acme.com' } } });
    await wa.inject({ from: '5511900003333@s.whatsapp.net', content: textContent('Oi, Caio') });
    expect(await caio.chats.show(quiet.chat.id)).toMatchObject({ assignee: { ref: 'user:caio@acme.com' }, unread: 1 });
  });

  it('a number without WhatsApp is refused with what to check, and nothing is created', async () => {
    const bia = await as('bia@acme.com');
    const refused = await refusal(bia.chats.start(NO_WHATSAPP, 'Olá'));
    expect(refused).toEqual({ code: 'invalid_input', message: '+55 11 90000 2222 has no WhatsApp — check the number' });
    expect(asked).toEqual([NO_WHATSAPP]);
    expect(engine.chats.index.all()).toEqual([]);
    expect(wa.outbox).toEqual([]);
    expect(await audit()).toEqual([]);
    // Not a number at all, an empty first message, or the phone's own number: refused before WhatsApp is asked.
    expect((await refusal(bia.chats.start('11 9000'))).message).toMatch(/not a phone number.*country code/);
    expect((await refusal(bia.chats.start(CUSTOMER, '   '))).message).toMatch(/first message is empty/);
    expect((await refusal(bia.chats.start(PHONE))).message).toMatch(/number of the phone itself/);
    expect(asked).toEqual([NO_WHATSAPP]);
    expect(engine.chats.index.all()).toEqual([]);
  });

  it('the chat is keyed by the JID WhatsApp answers with, not by what was typed', async () => {
    // Older Brazilian mobile accounts are known without the ninth digit: WhatsApp says which.
    directory = { lookup: async () => ({ exists: true, jid: '551190001111@s.whatsapp.net' }) };
    const started = await (await as('bia@acme.com')).chats.start(CUSTOMER, 'Olá');
    expect(started.chat.customer).toBe('+551190001111');
    expect(wa.outbox.map((m) => m.to)).toEqual(['551190001111@s.whatsapp.net']);
  });

  it('reuses the chat that exists with the customer when the starter sees it, and refuses it otherwise', async () => {
    await engine.as(OWNER).roundRobin.add(PHONE, 'user:bia@acme.com');
    await wa.inject({ from: '5511900001111@s.whatsapp.net', pushName: 'Cliente', content: textContent('Oi') });
    const existing = engine.chats.index.forCustomer(PHONE, CUSTOMER)!;
    const bia = await as('bia@acme.com');
    const again = await bia.chats.start(CUSTOMER, 'Voltando ao seu pedido');
    expect(again).toMatchObject({ created: false, chat: { id: existing.id, name: 'Cliente', assignee: { ref: 'user:bia@acme.com' }, messageCount: 2 } });
    expect(engine.chats.index.all()).toHaveLength(1);

    // Caio may start conversations but does not see Bia's chat: refused like a chat he may not see, nothing sent.
    const sent = wa.outbox.length;
    const refused = await refusal((await as('caio@acme.com')).chats.start(CUSTOMER, 'Oi, aqui é o Caio'));
    expect(refused.code).toBe('permission_denied');
    expect(refused.message).toMatch(/you may not see the chat with \+55 11 90000 1111/);
    expect(wa.outbox).toHaveLength(sent);
    expect(engine.chats.index.get(existing.id)!.assignee).toEqual(existing.assignee);

    // An open chat is not taken from its colleague: an admin who sees it reuses it as it is.
    const ana = await as('ana@acme.com');
    expect(await ana.chats.start(CUSTOMER)).toMatchObject({ created: false, chat: { assignee: { ref: 'user:bia@acme.com' } } });
    // A closed one is a new conversation: opened again, and the starter's.
    await ana.chats.close(existing.id);
    const reopened = await ana.chats.start(CUSTOMER, 'Uma novidade');
    expect(reopened).toMatchObject({ created: false, chat: { id: existing.id, status: 'open', assignee: { ref: 'user:ana@acme.com' } } });
    expect(await ana.chats.why(existing.id)).toMatchObject({ cause: 'started' });
  });

  it('a start and the customer\u2019s first message arriving together make one chat', async () => {
    // Whichever comes first, the chat is Bia's (the rodízio gives it to her), so both succeed.
    await engine.as(OWNER).roundRobin.add(PHONE, 'user:bia@acme.com');
    const bia = await as('bia@acme.com');
    await Promise.all([
      bia.chats.start(CUSTOMER, 'Olá'),
      wa.inject({ from: '5511900001111@s.whatsapp.net', content: textContent('Oi') }),
      bia.chats.start(CUSTOMER),
    ]);
    expect(engine.chats.index.all()).toHaveLength(1);
    await vi.waitFor(() => expect(engine.chats.index.all()[0]!.messages).toHaveLength(2));
    // Opened once: the second start and the message found it (in the journal, not only in memory).
    const opened: string[] = [];
    await store.journal.replay({ restore: () => undefined, apply: (_phone, record) => void (record.type === 'chat.opened' && opened.push(record.cause)) });
    expect(opened).toHaveLength(1);
  });

  it('with one phone it is used; with several, --phone (number or label) says which and its absence lists them', async () => {
    const bia = await as('bia@acme.com');
    await engine.as(OWNER).phones.add(OTHER_PHONE, 'Suporte');
    const refused = await refusal(bia.chats.start(CUSTOMER));
    expect(refused).toEqual({
      code: 'usage',
      message: `there are several phones — say which one to write from with --phone: ${PHONE} (Vendas), ${OTHER_PHONE} (Suporte)`,
    });
    expect(asked).toEqual([]);
    expect((await refusal(bia.chats.start(CUSTOMER, undefined, { phone: 'Financeiro' }))).message).toMatch(/no phone "Financeiro" — the phones are: /);
    expect((await bia.chats.start(CUSTOMER, undefined, { phone: 'vendas' })).chat.phone).toBe(PHONE);
    expect((await bia.chats.start(CUSTOMER, undefined, { phone: '+55 21 99999-0000' })).chat.phone).toBe(OTHER_PHONE);
  });

  it('the first message needs chats.send as well', async () => {
    await engine.as(OWNER).users.add({ email: 'eva@acme.com', name: 'Eva', permissions: ['chats.start'] });
    const eva = await as('eva@acme.com');
    expect((await refusal(eva.chats.start(CUSTOMER, 'Olá'))).code).toBe('permission_denied');
    expect(engine.chats.index.all()).toEqual([]);
    expect((await eva.chats.start(CUSTOMER)).created).toBe(true);
  });
});
