import { auditedFileStores } from '../helpers/engine.js';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { editContact } from '../../src/core/contacts/contact-edit.js';
import { Engine } from '../../src/core/engine.js';
import { EventHub, type WatchEvent } from '../../src/core/events.js';
import { LoginThrottle } from '../../src/core/login-throttle.js';
import { OWNER } from '../../src/core/model.js';
import { parseSmtpUrl } from '../../src/core/mail.js';
import { checkQuickReplyText } from '../../src/core/quick-replies.js';
import { parseLocalTime } from '../../src/core/time-zone.js';
import { normalizeEmail, normalizeName } from '../../src/core/validate.js';
import { loadLanguages, runInLanguage, t } from '../../src/i18n/translate.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';

// The engine's refusals read in the language of whoever asked (the daemon runs each request in
// its caller's language): the same refusal, in English and in Portuguese, with the values and
// the commands, flags and placeholders kept verbatim.
const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
};
const inBoth = (work: () => unknown) => ({ en: runInLanguage('en', () => refusal(work)), pt: runInLanguage('pt-BR', () => refusal(work)) });

beforeAll(() => loadLanguages('pt-BR'));

describe('core refusals in the reader’s language', () => {
  it('an email, a time and an SMTP URL are refused in Portuguese, values verbatim', () => {
    const email = inBoth(() => normalizeEmail('ana@'));
    expect(email.en).toBe('"ana@" is not a valid email address (expected something like ana@acme.com)');
    expect(email.pt).toBe('"ana@" não é um endereço de e-mail válido (esperava algo como ana@acme.com)');

    const time = inBoth(() => parseLocalTime('amanhã', 'America/Sao_Paulo'));
    expect(time.en).toContain('is not a time Guru reads');
    expect(time.pt).toBe(
      '"amanhã" não é um horário que o Guru entende — esperava uma data e hora como "2026-12-02 09:00" (em America/Sao_Paulo), ou ISO 8601 com deslocamento, como 2026-12-02T09:00-03:00',
    );

    const smtp = inBoth(() => parseSmtpUrl('http://mail.acme.com'));
    expect(smtp.pt).toMatch(/^--smtp precisa começar com smtp:\/\/ ou smtps:\/\/ \(recebido "http:\/\/mail\.acme\.com\/"\) — esperava smtp:\/\/usuario:senha@/);
  });

  it('a name’s refusal starts with the caller’s own (translated) name for it', () => {
    const empty = inBoth(() => normalizeName('  ', t`tag name`));
    expect(empty.en).toBe('tag name must not be empty');
    expect(empty.pt).toBe('o nome da etiqueta não pode ficar vazio');
  });

  it('quick replies and contacts keep {cliente}, {agente} and --field verbatim', () => {
    expect(inBoth(() => checkQuickReplyText('Olá {nome}')).pt).toBe(
      'marcador desconhecido {nome} — os marcadores são {cliente} (o nome do cliente) e {agente} (o seu nome visível)',
    );
    const fields = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, 'x']));
    expect(inBoth(() => editContact('+5511999990000', null, { fields }, 'ana', '2026-12-02T12:00:00Z')).pt).toContain('remova alguns com --field nome=');
  });
});

// A refusal or an end that another request brings about is said in the language of whoever it
// reaches, not of the request that caused it.
describe('what one request causes for another, in the other’s language', () => {
  it('an attempt waiting its turn, refused when an English request locks the email, reads in Portuguese', async () => {
    const throttle = new LoginThrottle({ now: () => new Date('2026-12-02T12:00:00Z') }, { maxFailures: 1, concurrentPerEmail: 1 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const english = runInLanguage('en', () => throttle.attempt('bia@acme.com', undefined, () => gate.then(() => false)));
    const portuguese = runInLanguage('pt-BR', () => throttle.attempt('bia@acme.com', undefined, async () => true));
    release();
    await expect(english).resolves.toBe(false);
    await expect(portuguese).rejects.toMatchObject({ code: 'limit', message: 'senhas erradas demais para bia@acme.com — espere 60 s e tente de novo' });
  });

  it('a watch opened in Portuguese is told in Portuguese why it closed, though an English request disabled the user', async () => {
    const dir = await makeTempDir('guru-i18n-watch-');
    const events = new EventHub();
    const store = await auditedFileStores(join(dir, 'data'), events);
    try {
      const engine = new Engine({ stores: store, stateNow: () => store.stateNow(), events });
      const owner = engine.as(OWNER);
      await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse battery' });
      const bia = await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: 'correct horse battery' });
      const seen: WatchEvent[] = [];
      const { close } = await runInLanguage('pt-BR', () =>
        engine.watch(
          { type: 'user', userId: bia.id },
          null,
          (e) => seen.push(e),
          () => undefined,
        ),
      );
      await runInLanguage('en', () => owner.users.disable('bia@acme.com'));
      close();
      expect(seen.at(-1)).toEqual({
        type: 'closed',
        reason: 'sua conta foi desativada ou removida — fale com um administrador e depois entre de novo com `guru login`',
        relogin: true,
      });
    } finally {
      await store.close();
      await removeDir(dir);
    }
  });
});
