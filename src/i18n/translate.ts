import { AsyncLocalStorage } from 'node:async_hooks';
import type { Language } from './language.js';

/**
 * gettext-style translation: the English text stays at the call site, as a tagged template,
 *
 *     throw conflict(t`a user with email ${email} already exists`);
 *
 * and is the key (msgid) of the catalogues, with each `${…}` written `{0}`, `{1}`… in order:
 * `a user with email {0} already exists`. A translation may move the placeholders; a text with no
 * translation reads in English. `npm run i18n:extract` lists every msgid in src/ (from the
 * TypeScript syntax tree) into catalogues/en.ts, and pt-BR.ts must translate exactly those.
 *
 * Which language: the one a daemon request asked for (`runInLanguage`, per request, so an error the
 * engine raises while serving a Portuguese client is raised in Portuguese), else the process's
 * (`chooseLanguage`, once at start). Never call `t` at module top level: it would run before the
 * language is chosen — the extraction test fails on such a call.
 */
type Catalogue = Readonly<Record<string, string>>;

const loaded = new Map<Language, Catalogue>();
const scope = new AsyncLocalStorage<Language>();
let processLanguage: Language = 'en';
const msgids = new WeakMap<TemplateStringsArray, string>();

/** Loads the catalogues of `languages` (English needs none). Async: only the one in use is read. */
export async function loadLanguages(...languages: Language[]): Promise<void> {
  for (const language of languages) {
    if (language === 'en' || loaded.has(language)) continue;
    const { ptBR } = await import('./catalogues/pt-BR.js');
    loaded.set(language, ptBR);
  }
}

/** Chooses this process's language (after loading its catalogue). */
export async function chooseLanguage(language: Language): Promise<void> {
  await loadLanguages(language);
  processLanguage = language;
}

/** Runs `work` (and everything it awaits) in `language`; its catalogue must be loaded. */
export function runInLanguage<T>(language: Language, work: () => T): T {
  return scope.run(loaded.has(language) || language === 'en' ? language : processLanguage, work);
}

export function currentLanguage(): Language {
  return scope.getStore() ?? processLanguage;
}

/** The msgid of a tagged template: its literal parts joined by `{0}`, `{1}`… */
export function msgidOf(parts: readonly string[]): string {
  let id = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) id += `{${i - 1}}${parts[i]}`;
  return id;
}

/**
 * A short word whose msgid carries a context before a `|` (`hint|open`), as gettext's msgctxt:
 * for a word that means something else elsewhere in Guru ("open" the key is a verb, "open" a
 * chat's state an adjective; one English text has one translation). The context is not shown.
 */
export const word = (text: string): string => text.slice(text.indexOf('|') + 1);

/** Translates a tagged template into the current language. */
export function t(parts: TemplateStringsArray, ...values: unknown[]): string {
  let id = msgids.get(parts);
  if (id === undefined) {
    id = msgidOf(parts);
    msgids.set(parts, id);
  }
  return fill(lookup(id), values);
}

function lookup(id: string): string {
  const language = currentLanguage();
  if (language === 'en') return id;
  return loaded.get(language)?.[id] ?? id;
}

function fill(text: string, values: readonly unknown[]): string {
  if (values.length === 0) return text;
  return text.replace(/\{(\d+)\}/g, (whole, n: string) => (Number(n) < values.length ? String(values[Number(n)]) : whole));
}

/**
 * The form of a counted phrase for `count` in the current language's plural rules (CLDR, through
 * Intl): `plural(n, t\`${n} chat\`, t\`${n} chats\`)`. Each form is its own msgid, so a translation
 * chooses its own words for one and for many. Zero takes the plural form in every language: CLDR
 * files Portuguese 0 under "one", but Brazilian usage (and its style guides) say "0 arquivos".
 */
export function plural(count: number, one: string, other: string): string {
  if (count === 0) return other;
  return pluralRules(currentLanguage()).select(count) === 'one' ? one : other;
}

const rules = new Map<Language, Intl.PluralRules>();
function pluralRules(language: Language): Intl.PluralRules {
  let r = rules.get(language);
  if (!r) {
    r = new Intl.PluralRules(language);
    rules.set(language, r);
  }
  return r;
}
