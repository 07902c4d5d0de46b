/**
 * Which language a person reads Guru in. Two are shipped: English (the source text, at every call
 * site) and Brazilian Portuguese. The choice follows POSIX: `--lang`, else `GURU_LANG`, else the
 * first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set; any Portuguese locale (`pt_BR.UTF-8`,
 * `pt`, `pt-PT`) reads Portuguese, anything else (`C`, `POSIX`, `en_US`, unset) English.
 */
export const LANGUAGES = ['en', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The BCP 47 locale Intl formats dates and numbers with, per language. */
export const LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', 'pt-BR': 'pt-BR' };

/** A locale name or language tag as people write it, to one of ours; undefined if it names none. */
export function languageOf(name: string | undefined): Language | undefined {
  const value = name?.trim();
  if (!value) return undefined;
  const base = value.split(/[.@]/)[0]!.replace('_', '-').toLowerCase();
  if (base === 'pt' || base.startsWith('pt-')) return 'pt-BR';
  if (base === 'c' || base === 'posix' || base === 'en' || base.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * The language to speak, from `--lang` and the environment. An explicit choice (`--lang`,
 * `GURU_LANG`) that names no language of ours is an error for the caller to report; a locale we
 * do not ship (`de_DE`) simply reads English, as every POSIX program does.
 */
export function resolveLanguage(env: NodeJS.ProcessEnv, flag?: string): { language: Language; unknown?: string } {
  for (const explicit of [flag, env.GURU_LANG]) {
    if (explicit === undefined || explicit === '') continue;
    const language = languageOf(explicit);
    return language ? { language } : { language: 'en', unknown: explicit };
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return { language: languageOf(locale) ?? 'en' };
}

/**
 * The language an HTTP caller asked for (`accept-language: pt-BR, en;q=0.5`): the first of its
 * choices we speak, in the order given (the client sends one; weights are not worth honouring).
 */
export function languageFromHeader(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of value.split(',').slice(0, 8)) {
    const language = languageOf(part.split(';')[0]);
    if (language) return language;
  }
  return 'en';
}
