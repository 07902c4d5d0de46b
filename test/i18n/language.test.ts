import { describe, expect, it } from 'vitest';
import { languageFromArgs } from '../../src/cli/language.js';
import { formatAgo, formatDate, formatDateTime, formatList, formatNumber } from '../../src/i18n/format.js';
import { languageFromHeader, languageOf, resolveLanguage } from '../../src/i18n/language.js';
import { chooseLanguage, currentLanguage, loadLanguages, msgidOf, plural, runInLanguage, t } from '../../src/i18n/translate.js';

describe('choosing the language', () => {
  it('follows --lang, then GURU_LANG, then LC_ALL, LC_MESSAGES, LANG (the first set)', () => {
    const env = { LANG: 'pt_BR.UTF-8', LC_ALL: 'C', GURU_LANG: '' };
    expect(resolveLanguage(env).language).toBe('en'); // LC_ALL wins over LANG
    expect(resolveLanguage({ ...env, LC_ALL: '' }).language).toBe('pt-BR');
    expect(resolveLanguage({ ...env, LC_ALL: '', LC_MESSAGES: 'en_US.UTF-8' }).language).toBe('en');
    expect(resolveLanguage({ ...env, GURU_LANG: 'pt' }).language).toBe('pt-BR');
    expect(resolveLanguage({ ...env, GURU_LANG: 'pt' }, 'en').language).toBe('en');
    expect(resolveLanguage({}).language).toBe('en');
  });

  it('reads any Portuguese locale as pt-BR, a locale it does not ship as English, and a named unknown language as an error', () => {
    for (const name of ['pt_BR.UTF-8', 'pt_BR', 'pt', 'pt-PT', 'PT_br.utf8', 'pt_BR@euro']) expect(languageOf(name)).toBe('pt-BR');
    for (const name of ['C', 'POSIX', 'C.UTF-8', 'en_US.UTF-8', 'en']) expect(languageOf(name)).toBe('en');
    expect(resolveLanguage({ LANG: 'de_DE.UTF-8' })).toEqual({ language: 'en' });
    expect(resolveLanguage({ GURU_LANG: 'klingon' })).toEqual({ language: 'en', unknown: 'klingon' });
    expect(() => languageFromArgs(['--lang', 'xx', 'user', 'list'], {})).toThrow(/--lang 'xx' is not a language Guru speaks: use en .* or pt-BR/);
    expect(() => languageFromArgs([], { GURU_LANG: 'fr' })).toThrow(/GURU_LANG 'fr'/);
    expect(languageFromArgs(['user', '--lang=pt-BR'], {})).toBe('pt-BR');
    // after `--`, `--lang` is someone's text, not the flag
    expect(languageFromArgs(['chat', 'send', 'x', '--', '--lang', 'xx'], { LANG: 'C' })).toBe('en');
  });

  it("takes a daemon caller's language from accept-language, English when it names none of ours", () => {
    expect(languageFromHeader('pt-BR')).toBe('pt-BR');
    expect(languageFromHeader('fr-FR, pt;q=0.8')).toBe('pt-BR');
    expect(languageFromHeader('de')).toBe('en');
    expect(languageFromHeader(undefined)).toBe('en');
  });
});

describe('translating', () => {
  it("builds a template's msgid with numbered placeholders, as the extraction does", () => {
    expect(msgidOf(['a user with email ', ' already exists'])).toBe('a user with email {0} already exists');
    expect(msgidOf(['', ' of ', ''])).toBe('{0} of {1}');
  });

  it('reads the catalogue of the language in scope, filling the placeholders, and English outside it', async () => {
    await loadLanguages('pt-BR');
    const unknown = (name: string) => t`error: unknown command '${name}'`;
    expect(unknown('fly')).toBe("error: unknown command 'fly'");
    expect(runInLanguage('pt-BR', () => unknown('fly'))).toBe("erro: comando desconhecido 'fly'");
    expect(runInLanguage('en', () => unknown('fly'))).toBe("error: unknown command 'fly'");
  });

  it('keeps each concurrent scope in its own language across awaits (two daemon callers at once)', async () => {
    await loadLanguages('pt-BR');
    const pause = () => new Promise((r) => setTimeout(r, 5));
    const say = async () => {
      await pause();
      const first = t`error:`;
      await pause();
      return [first, t`error:`, currentLanguage()];
    };
    const [pt, en] = await Promise.all([runInLanguage('pt-BR', say), runInLanguage('en', say)]);
    expect(pt).toEqual(['erro:', 'erro:', 'pt-BR']);
    expect(en).toEqual(['error:', 'error:', 'en']);
  });

  it('the process language applies outside any scope, and chooseLanguage loads its catalogue', async () => {
    try {
      await chooseLanguage('pt-BR');
      expect(t`error:`).toBe('erro:');
      expect(runInLanguage('en', () => t`error:`)).toBe('error:');
    } finally {
      await chooseLanguage('en');
    }
    expect(t`error:`).toBe('error:');
  });

  it("picks the plural form by the language's CLDR rules, zero taking the plural in Portuguese too ('0 arquivos')", () => {
    const chats = (n: number) => plural(n, `${n} chat`, `${n} chats`);
    expect([0, 1, 2].map(chats)).toEqual(['0 chats', '1 chat', '2 chats']);
    expect(runInLanguage('pt-BR', () => [0, 1, 2, 1.5].map(chats))).toEqual(['0 chats', '1 chat', '2 chats', '1.5 chat']);
  });
});

describe('formats', () => {
  const when = new Date('2026-12-02T12:05:00Z');
  it('writes numbers, dates, times, lists and relative times as each language does', async () => {
    await loadLanguages('pt-BR');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatDate(when, 'UTC')).toBe('2026-12-02');
    expect(formatDateTime(when, 'America/Sao_Paulo')).toBe('2026-12-02 09:05');
    expect(formatList(['a', 'b', 'c'], 'or')).toBe('a, b or c');
    expect(formatAgo(5, 'minute')).toBe('5 minutes ago');
    runInLanguage('pt-BR', () => {
      expect(formatNumber(1234567)).toBe('1.234.567');
      expect(formatDate(when, 'UTC')).toBe('02/12/2026');
      expect(formatDateTime(when, 'America/Sao_Paulo')).toBe('02/12/2026 09:05');
      expect(formatList(['a', 'b', 'c'], 'or')).toBe('a, b ou c');
      expect(formatAgo(5, 'minute')).toBe('há 5 minutos');
    });
  });
});
