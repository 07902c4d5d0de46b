import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import type { EngineEvent } from '../../src/core/events.js';
import { OWNER } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalAgain, testStores, type TestJournal } from '../helpers/engine.js';
import { auditText, contactsText } from '../helpers/raw-store.js';

const PHONE = '+5511999990000';
const X = '+5511977776666'; // Ana's customer
const Y = '+5511966665555'; // Bia's customer

/**
 * Contacts in the engine, over real stores: the name the team sets is the chat's name everywhere
 * (ChatView.name), fields are searchable, and a customer whose chats someone may not see is, to
 * them, a customer who never wrote.
 */
describe('contacts', () => {
  let dir: string;
  let store: DurableStores;
  let journal: TestJournal;
  let events: EngineEvent[];

  beforeEach(async () => {
    dir = await makeTempDir('guru-contacts-engine-');
    store = await testStores(join(dir, 'data'));
    journal = journalAgain(store);
    events = [];
  });
  afterEach(async () => {
    await journal.close();
    await store.close();
    await removeDir(dir);
  });

  async function engine() {
    const e = new Engine({
      stores: { ...store, journal },
      conversations: {
        sender: { send: async () => undefined },
        // What the chat service announces (a tag renamed…) lands with the engine's own events.
        publish: (event) => void (event.type === 'chat' && events.push(event)),
      },
    });
    e.deps.events.subscribe((event) => void (event.type === 'chat' && events.push(event)));
    await e.chats.load();
    return e;
  }

  async function setup() {
    const e = await engine();
    const owner = e.as(OWNER);
    await owner.account.init({ accountName: 'A', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse' });
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: 'correct horse' });
    await owner.phones.add(PHONE);
    const inbound = (customer: string, pushName: string) => ({
      phone: PHONE,
      id: `m-${customer}`,
      from: `${customer.slice(1)}@s.whatsapp.net`,
      pushName,
      content: textContent(`olá de ${pushName}`),
      time: '2026-12-02T10:00:00.000Z',
    });
    await e.chats.receiveAll([inbound(X, 'Zé do Zap'), inbound(Y, 'Yolanda')]);
    const x = e.chats.index.forCustomer(PHONE, X)!;
    const y = e.chats.index.forCustomer(PHONE, Y)!;
    await owner.chats.assign(x.id, { user: 'ana@acme.com' });
    await owner.chats.assign(y.id, { user: 'bia@acme.com' });
    const users = (await store.state.read()).users;
    const as = (email: string) => e.as({ type: 'user', userId: users.find((u) => u.email === email)!.id });
    return { e, x, y, ana: as('ana@acme.com'), bia: as('bia@acme.com') };
  }

  it("the name the team sets is the chat's name in every view; WhatsApp's is kept apart and comes back when it is cleared", async () => {
    const { x, ana } = await setup();
    expect((await ana.contacts.show(X)).name).toBe('Zé do Zap');
    events.length = 0;
    const set = await ana.contacts.set(X, { name: 'José Carlos', fields: { empresa: 'Acme Ltda', plano: 'anual' } });
    expect(set).toMatchObject({
      customer: X,
      name: 'José Carlos',
      savedName: 'José Carlos',
      pushName: 'Zé do Zap',
      fields: { empresa: 'Acme Ltda', plano: 'anual' },
      updatedBy: 'Ana <ana@acme.com>',
      chats: [{ id: x.id, phone: PHONE, status: 'open' }],
    });
    expect((await ana.chats.show(x.id)).name).toBe('José Carlos');
    expect((await ana.chats.list()).find((c) => c.id === x.id)).toMatchObject({ name: 'José Carlos', fields: { empresa: 'Acme Ltda', plano: 'anual' } });
    // Watchers are told at once (the inbox's row and header change).
    expect(events).toEqual([
      { type: 'chat', chat: expect.objectContaining({ id: x.id, name: 'José Carlos', fields: { empresa: 'Acme Ltda', plano: 'anual' } }) },
    ]);
    // A number in another spelling, or the chat's id, names the same customer.
    expect((await ana.contacts.show('+55 (11) 97777-6666')).savedName).toBe('José Carlos');
    expect((await ana.contacts.show(x.id)).savedName).toBe('José Carlos');

    const cleared = await ana.contacts.set(x.id, { name: '', fields: { plano: '' } });
    expect(cleared).toMatchObject({ name: 'Zé do Zap', savedName: null, pushName: 'Zé do Zap', fields: { empresa: 'Acme Ltda' } });
    expect((await ana.chats.show(x.id)).name).toBe('Zé do Zap');
  });

  it("a quick reply's {cliente} is the name the team set (as ChatView.name), else WhatsApp's", async () => {
    const { x, ana } = await setup();
    await ana.quickReplies.add('/oi', 'Olá {cliente}, tudo bem?');
    expect((await ana.chats.quickReply(x.id, '/oi')).text).toBe('Olá Zé do Zap, tudo bem?');
    await ana.contacts.set(X, { name: 'José Carlos' });
    expect((await ana.chats.quickReply(x.id, '/oi')).text).toBe('Olá José Carlos, tudo bem?');
  });

  it("a contact set while only the customer's LID was known follows them to their number, merged with theirs", async () => {
    const { e, ana } = await setup();
    const lidMessage = (id: string) => ({ phone: PHONE, id, from: '99887766@lid', content: textContent('via LID'), time: '2026-12-02T10:05:00.000Z' });
    await e.chats.receiveAll([lidMessage('lid-1')]);
    const lidChat = e.chats.index.forCustomer(PHONE, 'lid:99887766')!;
    await e.as(OWNER).chats.assign(lidChat.id, { user: 'ana@acme.com' });
    await ana.contacts.set('lid:99887766', { name: 'Cliente do LID', fields: { empresa: 'Acme', cidade: 'Santos' } });
    await ana.contacts.set(X, { fields: { empresa: 'Padaria' } });
    // WhatsApp tells us the LID is X's number: one chat, one contact.
    await e.chats.alias(PHONE, '99887766@lid', `${X.slice(1)}@s.whatsapp.net`);
    expect(await ana.contacts.show(X)).toMatchObject({ savedName: 'Cliente do LID', fields: { cidade: 'Santos', empresa: 'Padaria' } });
    expect(await store.contacts.get('lid:99887766')).toBeNull();
    expect((await ana.chats.list()).find((c) => c.customer === X)?.name).toBe('Cliente do LID');
    // A stop between the journaled alias and the contact's move: the next start moves it.
    await store.contacts.put({
      customer: 'lid:99887766',
      name: null,
      fields: { nota: 'paga em dia' },
      updatedAt: '2026-12-02T10:06:00.000Z',
      updatedBy: 'owner',
    });
    const again = await engine();
    const anaAgain = again.as({ type: 'user', userId: (await store.state.read()).users.find((u) => u.email === 'ana@acme.com')!.id });
    expect((await anaAgain.contacts.show(X)).fields).toEqual({ cidade: 'Santos', empresa: 'Padaria', nota: 'paga em dia' });
    expect(await store.contacts.get('lid:99887766')).toBeNull();
  });

  it('tagging a chat, or renaming its tag, keeps the name the team set in what it answers and announces', async () => {
    const { e, x, ana } = await setup();
    await ana.contacts.set(X, { name: 'José Carlos' });
    await e.as(OWNER).tags.add('Urgente');
    expect((await ana.chats.tag(x.id, { add: ['Urgente'] })).name).toBe('José Carlos');
    events.length = 0;
    await e.as(OWNER).tags.update('Urgente', { name: 'Prioridade' });
    expect(events.map((ev) => (ev.type === 'chat' ? ev.chat.name : null))).toEqual(['José Carlos']);
  });

  it('keeps contacts across a restart (the daemon loads them with the journal)', async () => {
    const { x, ana } = await setup();
    await ana.contacts.set(X, { name: 'José Carlos', fields: { empresa: 'Acme' } });
    const again = await engine();
    const users = (await store.state.read()).users;
    const ana2 = again.as({ type: 'user', userId: users.find((u) => u.email === 'ana@acme.com')!.id });
    expect((await ana2.chats.show(x.id)).name).toBe('José Carlos');
    expect((await ana2.contacts.show(X)).fields).toEqual({ empresa: 'Acme' });
  });

  it('chat search and contact search find a customer by a field value and by the name the team set', async () => {
    const { x, y, ana, bia } = await setup();
    await ana.contacts.set(X, { name: 'José Carlos', fields: { empresa: 'Padaria Estrela' } });
    await bia.contacts.set(Y, { fields: { cidade: 'Campinas' } });
    expect((await ana.chats.list({ search: 'estrela' })).map((c) => c.id)).toEqual([x.id]);
    expect((await ana.chats.list({ search: 'josé carlos' })).map((c) => c.id)).toEqual([x.id]);
    expect((await ana.chats.list({ search: 'campinas' })).map((c) => c.id)).toEqual([y.id]);
    expect((await ana.contacts.list({ search: 'ESTRELA' })).map((c) => c.customer)).toEqual([X]);
    expect((await ana.contacts.list({ search: '97777' })).map((c) => c.customer)).toEqual([X]);
    expect((await ana.contacts.list()).map((c) => c.name)).toEqual(['José Carlos', 'Yolanda']);
    // Bia cannot see X's chat: its fields find nothing for her.
    expect(await bia.chats.list({ search: 'estrela' })).toEqual([]);
    expect(await bia.contacts.list({ search: 'estrela' })).toEqual([]);
    expect((await bia.contacts.list()).map((c) => c.customer)).toEqual([Y]);
  });

  it('a customer whose chats someone may not see is refused to them exactly like a number that never wrote, and they change nothing', async () => {
    const { x, ana, bia } = await setup();
    await ana.contacts.set(X, { name: 'José Carlos', fields: { empresa: 'Acme' } });
    const before = await contactsText(store);
    const refusal = async (p: Promise<unknown>) => {
      const err = (await p.then(
        () => null,
        (e: unknown) => e,
      )) as { code: string; message: string } | null;
      return err && { code: err.code, message: err.message };
    };
    const ghost = '+5511955554444';
    const seen = (ref: string) => `no customer "${ref}" in the chats you may see — give their number or a chat id (see \`guru contact list\`)`;
    for (const [ref, label] of [
      [X, X],
      [x.id, x.id],
      [ghost, ghost],
    ]) {
      expect(await refusal(bia.contacts.show(ref!))).toEqual({ code: 'permission_denied', message: seen(label!) });
      expect(await refusal(bia.contacts.set(ref!, { name: 'Hacked', fields: { empresa: 'x' } }))).toEqual({ code: 'permission_denied', message: seen(label!) });
    }
    expect(await contactsText(store)).toBe(before);
    expect((await ana.chats.show(x.id)).name).toBe('José Carlos');
    // Whoever sees every chat is simply told there is none.
    expect(await refusal(ana.contacts.show(ghost))).toEqual({ code: 'not_found', message: seen(ghost) });
  });

  it('refuses what breaks the limits, saying which and how, and keeps nothing of it', async () => {
    const { ana } = await setup();
    await ana.contacts.set(X, { fields: { empresa: 'Acme' } });
    const cases: [Parameters<typeof ana.contacts.set>[1], RegExp][] = [
      [{ fields: { Empresa: 'x' } }, /"Empresa" is not a field name: use 1 to 32 lowercase letters, digits, _ or - .* try "empresa"/],
      [{ fields: { 'a b': 'x' } }, /"a b" is not a field name/],
      [{ fields: { ['x'.repeat(33)]: 'x' } }, /is not a field name/],
      [{ fields: { nota: 'é'.repeat(501) } }, /the value of nota is 501 characters long; a field may hold at most 500/],
      [{ fields: { nota: 'linha 1\nlinha 2' } }, /the value of nota must be one line of text/],
      [{ name: 'n'.repeat(101) }, /the name is 101 characters long; a contact name may have at most 100/],
      [{ fields: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'v'])) }, /at most 30 fields; this change would leave 31 — remove some/],
    ];
    for (const [change, message] of cases) {
      await expect(ana.contacts.set(X, change)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    }
    expect((await ana.contacts.show(X)).fields).toEqual({ empresa: 'Acme' });
    // Exactly the limits are fine: 500 characters (an emoji is one), 30 fields, 100 for the name.
    await ana.contacts.set(X, {
      name: '😀'.repeat(100),
      fields: { nota: '😀'.repeat(500), ...Object.fromEntries(Array.from({ length: 28 }, (_, i) => [`f${i}`, 'v'])) },
    });
    expect(Object.keys((await ana.contacts.show(X)).fields)).toHaveLength(30);
  });

  it('audits who changed what by field name, never the name given nor the values; a change that changes nothing is not audited', async () => {
    const { ana } = await setup();
    await ana.contacts.set(X, { name: 'José Carlos', fields: { cpf: '123.456.789-00' } });
    await ana.contacts.set(X, { name: 'José Carlos', fields: { cpf: '123.456.789-00' } });
    await ana.contacts.set(X, { fields: { cpf: '' } });
    const entries = (await store.audit.list({})).filter((a) => a.action === 'contact.set');
    expect(entries.map(({ actor, target, details }) => ({ actor, target, details }))).toEqual([
      { actor: 'Ana <ana@acme.com>', target: X, details: { name: 'set', fields: ['cpf'] } },
      { actor: 'Ana <ana@acme.com>', target: X, details: { removedFields: ['cpf'] } },
    ]);
    expect(await auditText(store)).not.toMatch(/José|123\.456/);
  });

  it('a contact left with no name and no fields is removed, not kept empty', async () => {
    const { ana } = await setup();
    await ana.contacts.set(X, { name: 'José', fields: { empresa: 'Acme' } });
    await ana.contacts.set(X, { name: null, fields: { empresa: '' } });
    expect(await store.contacts.get(X)).toBeNull();
    expect(await ana.contacts.show(X)).toMatchObject({ name: 'Zé do Zap', savedName: null, fields: {}, updatedAt: null, updatedBy: null });
  });
});
