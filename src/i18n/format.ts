import { LOCALE } from './language.js';
import { currentLanguage } from './translate.js';

/**
 * Numbers, dates and times as the reader's locale writes them (`1.234` and `02/12/2026 09:00` in
 * Portuguese; `1,234` and `2026-12-02 09:00` in English), through Intl. Machine output (JSON,
 * `--at` parsing, logs) never goes through here: it stays ISO.
 */
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, make: (locale: string) => F): F {
  const locale = LOCALE[currentLanguage()];
  const key = `${kind} ${locale}`;
  let f = formats.get(key);
  if (!f) {
    f = make(locale);
    formats.set(key, f);
  }
  return f as F;
}

const zoned = (timeZone: string | undefined) => (timeZone ? { timeZone } : {});

/** A count: `1,234` / `1.234`; without `grouping`, `1234` in both (a size beside its unit). */
export function formatNumber(n: number, fractionDigits = 0, grouping = true): string {
  const key = `n${fractionDigits}${grouping ? 'g' : ''}`;
  return cached(key, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: fractionDigits, useGrouping: grouping })).format(n);
}

/** Numeric dates: ISO order in English (`2026-12-02`, as Guru always wrote them), day first in Portuguese (`02/12/2026`). */
const NUMERIC_DATE_LOCALE = { en: 'en-CA', 'pt-BR': 'pt-BR' } as const;

function numeric(kind: string, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = NUMERIC_DATE_LOCALE[currentLanguage()];
  const key = `${kind} ${locale} ${timeZone ?? ''}`;
  let f = formats.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, ...zoned(timeZone) });
    formats.set(key, f);
  }
  return f;
}

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** A day: `2026-12-02` / `02/12/2026`, in `timeZone` (default: the machine's). */
export function formatDate(when: Date | string | number, timeZone?: string): string {
  return numeric('d', timeZone, DAY).format(new Date(when));
}

/** A day and time to the minute: `2026-12-02 09:00` / `02/12/2026 09:00`, in `timeZone` (default: the machine's). */
export function formatDateTime(when: Date | string | number, timeZone?: string): string {
  return numeric('dt', timeZone, { ...DAY, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(new Date(when))
    .replace(', ', ' ');
}

const relative = new Map<string, Intl.RelativeTimeFormat>();

/** How long ago, in words: `5 minutes ago` / `há 5 minutos`. */
export function formatAgo(count: number, unit: 'minute' | 'hour' | 'day'): string {
  const locale = LOCALE[currentLanguage()];
  let f = relative.get(locale);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
    relative.set(locale, f);
  }
  return f.format(-count, unit);
}

/** A day without its year, for lists: `02 Dec` / `02 de dez.`. */
export function formatShortDate(when: Date | string | number): string {
  return cached('sd', (l) => new Intl.DateTimeFormat(l, { day: '2-digit', month: 'short' })).format(new Date(when));
}

/** A day in full, for the conversation's date separators: `Wed, 02 Dec 2026` / `qua., 02 de dez. de 2026`. */
export function formatDay(when: Date | string | number): string {
  return cached('day', (l) => new Intl.DateTimeFormat(l, { weekday: 'short', day: '2-digit', month: 'short', year: 'numeric' })).format(new Date(when));
}

const lists = new Map<string, Intl.ListFormat>();

/** Items joined as the language lists them: `a, b or c` / `a, b ou c` (`and`: `a, b and c` / `a, b e c`). */
export function formatList(items: readonly string[], kind: 'and' | 'or' = 'and'): string {
  const locale = LOCALE[currentLanguage()];
  const key = `${kind} ${locale}`;
  let f = lists.get(key);
  if (!f) {
    f = new Intl.ListFormat(locale, { type: kind === 'and' ? 'conjunction' : 'disjunction' });
    lists.set(key, f);
  }
  return f.format(items);
}
