import { invalid } from './errors.js';
import { t } from '../i18n/translate.js';

/**
 * Times people type, read in a time zone: `guru chat send --at "2026-12-02 09:00"` means nine in
 * the morning where the team works (`Account.timeZone`), not where the daemon or the client
 * happens to run. Pure Intl: no zone database of our own to fall out of date.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's canonical IANA name (`america/sao_paulo` → `America/Sao_Paulo`), or a clear error. */
export function checkTimeZone(zone: string): string {
  const name = zone.trim();
  try {
    if (name === '') throw new RangeError('empty');
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw invalid(t`"${zone}" is not a time zone — give an IANA name such as America/Sao_Paulo, Europe/Lisbon or UTC`);
  }
}

/** The zone of the machine this runs on (the daemon's, where the account names none). */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The wall-clock time in `zone` at instant `ms`, as if it were UTC (ms, whole seconds). */
export function wallClock(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `2026-12-02 09:00` (or `…T09:00`, seconds optional) read in `zone`; with `Z` or an offset
 * (`2026-12-02T09:00-03:00`, ISO 8601) it is that very instant, whatever the zone. A time the
 * zone's clocks skip (the hour lost to daylight saving) is refused rather than moved.
 */
export function parseLocalTime(text: string, zone: string): Date {
  const m = LOCAL.exec(text.trim());
  const expected = () => t`expected a date and time like "2026-12-02 09:00" (in ${zone}), or ISO 8601 with an offset like 2026-12-02T09:00-03:00`;
  if (!m) throw invalid(t`"${text}" is not a time Guru reads — ${expected()}`);
  const [, y, mo, d, h, mi, s, fraction, offset] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)] as const;
  const wall = Date.UTC(...fields) + Math.floor(Number(`0.${fraction ?? 0}`) * 1000);
  const back = new Date(wall);
  // Date.UTC rolls 31 November over to 1 December: a date that does not exist is a typo.
  if (back.getUTCMonth() !== fields[1] || back.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
    throw invalid(t`"${text}" is not a real date and time — ${expected()}`);
  }
  if (offset !== undefined) {
    if (offset.toUpperCase() === 'Z') return new Date(wall);
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (minutes > 14 * 60) throw invalid(t`"${offset}" is not a UTC offset (they go from -12:00 to +14:00)`);
    return new Date(wall - sign * minutes * 60_000);
  }
  // The offset at a guess, then at the instant that guess gives: right on both sides of a change.
  const ms = wall % 1000;
  let at = wall - (wallClock(wall, zone) + ms - wall);
  at = wall - (wallClock(at, zone) + ms - at);
  if (wallClock(at, zone) + ms !== wall) {
    throw invalid(t`${text} does not exist in ${zone}: the clocks skip that hour (daylight saving) — pick another time`);
  }
  return new Date(at);
}

/** An instant as people in `zone` read it: `2026-12-02 09:00`. */
export function formatLocalTime(at: Date, zone: string): string {
  const w = new Date(wallClock(at.getTime(), zone)).toISOString();
  return `${w.slice(0, 10)} ${w.slice(11, 16)}`;
}
