import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textContent } from '../../src/core/chats/content.js';
import { Engine } from '../../src/core/engine.js';
import { isGuruError } from '../../src/core/errors.js';
import { OWNER } from '../../src/core/model.js';
import type { Language } from '../../src/i18n/language.js';
import { loadLanguages, runInLanguage } from '../../src/i18n/translate.js';
import { phoneOnFiles, testEngine } from '../helpers/engine.js';

/**
 * The engine's operations (src/core/ops, src/core/media) refuse in the language of whoever asked:
 * the same refusal, raised by the real engine over real stores, reads in English for an English
 * caller (today's words, which scripts and tests match) and in Portuguese for a Brazilian one —
 * the daemon runs each request in its caller's language, as `runInLanguage` does here.
 */
const PHONE = '+5511999990000';
const CUSTOMER = '5511977776666';

/** The error `work` fails with when asked in `language` (its code and message). */
async function refusal(language: Language, work: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await runInLanguage(language, work).then(
    () => null,
    (e: unknown) => e,
  );
  if (!isGuruError(err)) throw new Error(`expected a GuruError, got ${String(err)}`);
  return { code: err.code, message: err.message };
}

/** Both languages: the English words as they always were, the Portuguese ones, the same code. */
async function inBoth(work: () => Promise<unknown>, english: string, portuguese: string): Promise<void> {
  const en = await refusal('en', work);
  const pt = await refusal('pt-BR', work);
  expect(en.message).toBe(english);
  expect(pt.message).toBe(portuguese);
  expect(pt.code).toBe(en.code);
}

beforeAll(() => loadLanguages('pt-BR'));

describe('chat operations refuse in the caller’s language', () => {
  let fixture: Awaited<ReturnType<typeof phoneOnFiles>>;
  let engine: Engine;

  beforeEach(async () => {
    fixture = await phoneOnFiles('guru-i18n-ops-', PHONE);
    engine = new Engine({
      stores: { ...fixture.store, journal: fixture.journal },
      conversations: { sender: { send: async () => undefined }, publish: () => undefined, outbox: { retryMs: 20, firstTryWaitMs: 60_000 } },
    });
    await engine.chats.load();
    engine.chats.phoneState(PHONE, 'connected');
    await engine.chats.receive({
      phone: PHONE,
      id: 'IN-1',
      from: `${CUSTOMER}@s.whatsapp.net`,
      content: textContent('Oi'),
      time: '2026-11-26T10:00:00.000Z',
    });
  });
  afterEach(async () => {
    engine.chats.stop();
    await fixture.close();
  });

  const ana = async () => engine.as({ type: 'user', userId: (await fixture.store.state.read()).users[0]!.id });

  it('a chat that does not exist, an empty note, an empty schedule, a customer not seen', async () => {
    const as = await ana();
    await inBoth(() => as.chats.show('nope'), 'no chat "nope" — see `guru chat list`', 'não há conversa "nope" — veja `guru chat list`');
    const chat = engine.chats.index.forCustomer(PHONE, `+${CUSTOMER}`)!;
    await inBoth(
      () => as.notes.add(chat.id, '   '),
      'the note is empty — write what the team should know about this chat',
      'a nota interna está vazia — escreva o que a equipe deve saber sobre esta conversa',
    );
    await inBoth(
      () => as.scheduled.schedule(chat.id, '', '2030-01-01 09:00'),
      'nothing to schedule: the message is empty',
      'nada para agendar: a mensagem está vazia',
    );
    await inBoth(
      () => as.contacts.show('5511900001111'),
      'no customer "5511900001111" in the chats you may see — give their number or a chat id (see `guru contact list`)',
      'não há cliente "5511900001111" nas conversas que você pode ver — informe o número dele ou o id de uma conversa (veja `guru contact list`)',
    );
  });

  it('the owner acting as nobody keeps `guru login` verbatim (the client rewrites it for a remote server)', async () => {
    await inBoth(
      () => engine.as(OWNER).chats.start('+5511977770000', 'Oi'),
      'the owner cannot start a conversation as nobody — act as a user: `guru login`, or `--as <email>`',
      'o dono não pode iniciar uma conversa sem ser um usuário — entre como usuário: `guru login`, ou use `--as <email>`',
    );
  });

  it('what a refused permission was for is said in the caller’s language too', async () => {
    await engine.as(OWNER).users.add({ email: 'bia@acme.com', name: 'Bia', password: 'correct horse battery' });
    const bia = engine.as({ type: 'user', userId: (await engine.as(OWNER).users.show('bia@acme.com')).id });
    const pt = await refusal('pt-BR', () => bia.chats.start('+5511977770000'));
    expect(pt.code).toBe('permission_denied');
    expect(pt.message).toContain('iniciar conversas');
    expect((await refusal('en', () => bia.chats.start('+5511977770000'))).message).toContain('start conversations');
  });
});

describe('without a daemon', () => {
  let team: Awaited<ReturnType<typeof testEngine>>;
  beforeAll(async () => {
    team = await testEngine();
  });
  afterAll(() => team.cleanup());

  it('says where chats and contacts live, in the caller’s language', async () => {
    const ana = await team.as('ana@acme.com');
    await inBoth(
      () => ana.chats.list(),
      'chats live in the daemon — start it with `guru daemon start`',
      'as conversas ficam no daemon — inicie-o com `guru daemon start`',
    );
    await inBoth(
      () => ana.contacts.list(),
      'contacts live in the daemon — start it with `guru daemon start`',
      'os contatos ficam no daemon — inicie-o com `guru daemon start`',
    );
  });
});
