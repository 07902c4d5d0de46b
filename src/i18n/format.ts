import { LOCALE } from './language.js';
import { currentLanguage } from './translate.js';

/**
 * Numbers, dates and times as the reader's locale writes them (`1.234` and `02/12/2026 09:00` in
 * Portuguese; `1,234` and `02/12/2026, 09:00` in English), through Intl. Machine output (JSON,
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

/** A count or size: `1,234` / `1.234`. */
export function formatNumber(n: number, fractionDigits = 0): string {
  return cached(`n${fractionDigits}`, (l) => new Intl.NumberFormat(l, { maximumFractionDigits: fractionDigits })).format(n);
}

/** A date and time to the minute: `02/12/2026 09:00`, in `timeZone` (default: the machine's). */
export function formatDateTime(when: Date | string | number, timeZone?: string): string {
  const f = cached(`dt ${timeZone ?? ''}`, (l) => new Intl.DateTimeFormat(l, { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23', ...zoned(timeZone) }));
  return f.format(new Date(when));
}

/** A day without its year, for lists: `2 Dec` / `2 de dez.`. */
export function formatShortDate(when: Date | string | number): string {
  return cached('sd', (l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short' })).format(new Date(when));
}

/** A day in full, for the conversation's date separators: `Wed, 2 Dec 2026` / `qua., 2 de dez. de 2026`. */
export function formatDay(when: Date | string | number): string {
  return cached('day', (l) => new Intl.DateTimeFormat(l, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })).format(new Date(when));
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
