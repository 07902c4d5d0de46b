import { type Language, LOCALE } from './language.js';
import { currentLanguage } from './translate.js';

/**
 * Numbers, dates and times as the reader's locale writes them (`1.234` and `02/12/2026 09:00` in
 * Portuguese; `1,234` and `2026-12-02 09:00` in English), through Intl. Machine output (JSON,
 * `--at` parsing, logs) never goes through here: it stays ISO.
 */

/** Numeric dates: ISO order in English (`2026-12-02`, as Guru always wrote them), day first in Portuguese (`02/12/2026`). */
const NUMERIC_DATE_LOCALE: Readonly<Record<Language, string>> = { en: 'en-CA', 'pt-BR': 'pt-BR' };

type Formatter = Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.ListFormat;
const formatters = new Map<string, Formatter>();

/** The formatter `kind` for the reader's locale (from `locales`), made once: Intl's constructors are slow. */
function cached<F extends Formatter>(kind: string, make: (locale: string) => F, locales: Readonly<Record<Language, string>> = LOCALE): F {
  const locale = locales[currentLanguage()];
  const key = `${kind} ${locale}`;
  let f = formatters.get(key);
  if (!f) {
    f = make(locale);
    formatters.set(key, f);
  }
  return f as F;
}

const zoned = (timeZone: string | undefined) => (timeZone ? { timeZone } : {});

/** A count: `1,234` / `1.234`; without `grouping`, `1234` in both (a size beside its unit). */
export function formatNumber(n: number, fractionDigits = 0, grouping = true): string {
  const key = `n${fractionDigits}${grouping ? 'g' : ''}`;
  return cached(key, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: fractionDigits, useGrouping: grouping })).format(n);
}

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** A day: `2026-12-02` / `02/12/2026`, in `timeZone` (default: the machine's). */
export function formatDate(when: Date | string | number, timeZone?: string): string {
  return cached(`d ${timeZone ?? ''}`, (l) => new Intl.DateTimeFormat(l, { ...DAY, ...zoned(timeZone) }), NUMERIC_DATE_LOCALE).format(new Date(when));
}

/** A day and time to the minute: `2026-12-02 09:00` / `02/12/2026 09:00`, in `timeZone` (default: the machine's). */
export function formatDateTime(when: Date | string | number, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { ...DAY, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zoned(timeZone) };
  return cached(`dt ${timeZone ?? ''}`, (l) => new Intl.DateTimeFormat(l, options), NUMERIC_DATE_LOCALE)
    .format(new Date(when))
    .replace(', ', ' ');
}

/** How long ago, in words: `5 minutes ago` / `há 5 minutos`. */
export function formatAgo(count: number, unit: 'minute' | 'hour' | 'day'): string {
  return cached('ago', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'always' })).format(-count, unit);
}

/** A day without its year, for lists: `02 Dec` / `02 de dez.`. */
export function formatShortDate(when: Date | string | number): string {
  return cached('sd', (l) => new Intl.DateTimeFormat(l, { day: '2-digit', month: 'short' })).format(new Date(when));
}

/** A day in full, for the conversation's date separators: `Wed, 02 Dec 2026` / `qua., 02 de dez. de 2026`. */
export function formatDay(when: Date | string | number): string {
  return cached('day', (l) => new Intl.DateTimeFormat(l, { weekday: 'short', day: '2-digit', month: 'short', year: 'numeric' })).format(new Date(when));
}

/** Items joined as the language lists them: `a, b or c` / `a, b ou c` (`and`: `a, b and c` / `a, b e c`). */
export function formatList(items: readonly string[], kind: 'and' | 'or' = 'and'): string {
  return cached(kind, (l) => new Intl.ListFormat(l, { type: kind === 'and' ? 'conjunction' : 'disjunction' })).format(items);
}

/** A duration in seconds as people compare them, two units at most: 45s, 4m 05s, 2h 03m, 3d 04h. */
export function formatElapsed(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${pad(whole % 60)}s`;
  if (whole < 86_400) return `${Math.floor(whole / 3600)}h ${pad(Math.floor((whole % 3600) / 60))}m`;
  return `${Math.floor(whole / 86_400)}d ${pad(Math.floor((whole % 86_400) / 3600))}h`;
}
