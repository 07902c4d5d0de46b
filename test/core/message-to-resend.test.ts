import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_MESSAGES } from '../../src/core/chats/chat-index.js';
import { textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import type { DurableStores } from '../../src/store/open.js';
import { phoneOnFiles, type TestJournal } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const MARIA = '5511977776666@s.whatsapp.net';
const PEDRO = '5511966665555@s.whatsapp.net';
const JOAO_LID = '99887766@lid';
const JOAO = '5511944443333@s.whatsapp.net';

/**
 * The lookup behind WhatsApp's retry requests (Baileys' `getMessage`): a device that failed to
 * decrypt a message asks its sender to encrypt it again, and Baileys sends whatever it is given
 * to whoever asked. The JIDs are what Baileys hands over in a retry receipt's key.
 */
describe('a message to resend, for whoever asks', () => {
  let store: DurableStores;
  let journal: TestJournal;
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;

  beforeEach(async () => {
    fixture = await phoneOnFiles('guru-resend-', PHONE);
    ({ store, journal } = fixture);
  });
  afterEach(() => fixture.close());

  async function engine() {
    const e = new Engine({
      stores: { ...store, journal },
      conversations: { sender: { send: async () => undefined } },
    });
    await e.chats.load();
    return e;
  }
  const inbound = (id: string, from: string, text: string, extra: { fromPhone?: string } = {}) => ({
    phone: PHONE,
    id,
    from,
    content: textContent(text),
    time: '2026-11-26T10:00:00.000Z',
    ...extra,
  });

  it('is handed over only to the customer it was sent to — device, LID or number — never to another contact', async () => {
    const e = await engine();
    const ana = (await store.state.read()).users[0]!;
    await e.chats.receive(inbound('MARIA-IN', MARIA, 'Quero um orçamento'));
    await e.chats.receive(inbound('PEDRO-IN', PEDRO, 'Oi'));
    await e.chats.receive(inbound('JOAO-IN', JOAO_LID, 'pelo LID'));
    await e.chats.alias(PHONE, JOAO_LID, JOAO);
    const chatOf = (jid: string) => e.chats.index.forCustomer(PHONE, e.chats.index.resolve(PHONE, `+${jid.split('@')[0]}`))!;
    const toMaria = (await e.chats.send(chatOf(MARIA), ana.id, textContent('Orçamento: R$ 1.200'))).message.id;
    const toJoao = (await e.chats.send(chatOf(JOAO), ana.id, textContent('Olá João'))).message.id;

    const resend = async (id: string, ...askedBy: string[]) => (await e.chats.messageToResend(PHONE, id, askedBy))?.content;
    expect(await resend(toMaria, MARIA)).toEqual(textContent('Orçamento: R$ 1.200'));
    expect(await resend(toMaria, '5511977776666:2@s.whatsapp.net')).toEqual(textContent('Orçamento: R$ 1.200')); // one of her devices
    expect(await resend(toMaria, PEDRO)).toBeUndefined();
    expect(await resend(toMaria, '5511977776666@g.us')).toBeUndefined(); // a group is nobody's 1:1 chat
    expect(await resend(toMaria, '120363040000000000@g.us', 'status@broadcast')).toBeUndefined();
    expect(await resend(toMaria)).toBeUndefined();
    // By LID: the alias WhatsApp revealed makes it João; a LID it never mapped is nobody we wrote to.
    expect(await resend(toJoao, JOAO_LID)).toEqual(textContent('Olá João'));
    expect(await resend(toJoao, '99887766:5@lid')).toEqual(textContent('Olá João'));
    expect(await resend(toJoao, '11112222@lid')).toBeUndefined();
    expect(await resend(toJoao, '11112222@lid', JOAO)).toEqual(textContent('Olá João')); // the phone number Baileys mapped it to
    expect(await resend(toMaria, JOAO_LID, JOAO)).toBeUndefined();
    // Only the sender resends: a customer's own message is not ours to send, not even to them.
    expect(await resend('MARIA-IN', MARIA)).toBeUndefined();
    expect(await resend('NO-SUCH-ID', MARIA)).toBeUndefined();
  });

  it('holds for messages long out of memory (read back from the journal), and after a restart', async () => {
    const e = await engine();
    const ana = (await store.state.read()).users[0]!;
    await e.chats.receive(inbound('MARIA-IN', MARIA, 'Oi'));
    await e.chats.receive(inbound('PEDRO-IN', PEDRO, 'Oi'));
    const maria = e.chats.index.forCustomer(PHONE, '+5511977776666')!;
    const first = (await e.chats.send(maria, ana.id, textContent('a primeira'))).message.id;
    for (let i = 0; i < RECENT_MESSAGES + 5; i++) (await e.chats.send(maria, ana.id, textContent(`depois ${i}`))).message.id;
    expect(maria.messages.some((m) => m.id === first)).toBe(false);
    expect((await e.chats.messageToResend(PHONE, first, [MARIA]))?.content).toEqual(textContent('a primeira'));
    expect(await e.chats.messageToResend(PHONE, first, [PEDRO])).toBeUndefined();
    journal = await fixture.reopenJournal();
    const restarted = await engine();
    expect((await restarted.chats.messageToResend(PHONE, first, [MARIA]))?.content).toEqual(textContent('a primeira'));
    expect(await restarted.chats.messageToResend(PHONE, first, [PEDRO])).toBeUndefined();
  });
});
