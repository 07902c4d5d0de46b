import { beforeAll, describe, expect, it } from 'vitest';
import { editContact } from '../../src/core/contacts/contact-edit.js';
import { parseSmtpUrl } from '../../src/core/mail.js';
import { checkQuickReplyText } from '../../src/core/quick-replies.js';
import { parseLocalTime } from '../../src/core/time-zone.js';
import { normalizeEmail, normalizeName } from '../../src/core/validate.js';
import { loadLanguages, runInLanguage, t } from '../../src/i18n/translate.js';

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
