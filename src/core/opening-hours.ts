import { invalid } from './errors.js';
import { WEEKDAYS, type Account, type OpeningHours, type TimeRange, type Weekday } from './model.js';
import { machineTimeZone, wallClock } from './time-zone.js';
import { t } from '../i18n/translate.js';

/**
 * A number's opening hours (`guru phone hours`): the spec people type
 * (`mon-fri 08:00-18:00 sat 09:00-13:00`, Portuguese day names too) read into `OpeningHours.week`,
 * and the questions the engine asks of it in a time zone — open now? when does it open next?
 * since when is it closed? Pure: Intl tells the zone's wall clock, nothing else is needed, and
 * daylight saving is handled by asking the zone about each instant rather than adding hours.
 */

/** What `guru phone hours` shows as the shape of a spec. */
export const HOURS_EXAMPLE = 'mon-fri 08:00-18:00 sat 09:00-13:00';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Day names people may type, English and Portuguese, without accents (they are stripped first). */
const DAY_NAMES: Readonly<Record<string, Weekday>> = {
  mon: 'mon',
  monday: 'mon',
  tue: 'tue',
  tues: 'tue',
  tuesday: 'tue',
  wed: 'wed',
  wednesday: 'wed',
  thu: 'thu',
  thur: 'thu',
  thurs: 'thu',
  thursday: 'thu',
  fri: 'fri',
  friday: 'fri',
  sat: 'sat',
  saturday: 'sat',
  sun: 'sun',
  sunday: 'sun',
  seg: 'mon',
  segunda: 'mon',
  ter: 'tue',
  terca: 'tue',
  qua: 'wed',
  quarta: 'wed',
  qui: 'thu',
  quinta: 'thu',
  sex: 'fri',
  sexta: 'fri',
  sab: 'sat',
  sabado: 'sat',
  dom: 'sun',
  domingo: 'sun',
};

function plain(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function dayOf(word: string): Weekday | undefined {
  return DAY_NAMES[plain(word)];
}

/** `mon`, `mon-fri`, `mon,wed`, `seg-sex,sáb`: the days, in week order; undefined when not days at all. */
function daysOf(token: string): Weekday[] | undefined {
  const days = new Set<Weekday>();
  for (const item of token.split(',')) {
    const ends = item.split('-');
    if (ends.length > 2) return undefined;
    const first = dayOf(ends[0]!);
    const last = dayOf(ends.at(-1)!);
    if (!first || !last) return undefined;
    // A range wraps over the weekend when it must: `fri-mon` is fri, sat, sun, mon.
    for (let i = WEEKDAYS.indexOf(first); ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i]!);
      if (WEEKDAYS[i] === last) break;
    }
  }
  return WEEKDAYS.filter((d) => days.has(d));
}

const TIME = /^(\d{1,2})(?:[:h](\d{2})?)?$/i;

/** `8`, `08:00`, `8h`, `8h30` as minutes of the day (24:00 allowed, as an end); undefined: not a time. */
function minutesOf(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

/** Minutes of the day as `HH:MM`. */
function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Minutes of the day a range's `HH:MM` stands for (`24:00`: 1440). */
export function rangeMinutes(range: TimeRange): [from: number, to: number] {
  return [minutesOf(range.from) ?? 0, minutesOf(range.to) ?? 0];
}

/** Whether `token` is shaped like a time range (`08:00-18:00`), good or bad. */
function looksLikeRange(token: string): boolean {
  return /^\d/.test(token) && token.includes('-');
}

/** `08:00-18:00` as a range, or a clear error. */
function rangeOf(token: string): TimeRange {
  const [fromText, toText, ...rest] = token.split('-');
  const from = minutesOf(fromText ?? '');
  const to = minutesOf(toText ?? '');
  if (rest.length > 0 || from === undefined || to === undefined || from === 24 * 60) {
    throw invalid(t`"${token}" is not a time range — write it as HH:MM-HH:MM, from 00:00 to 24:00, like 08:00-18:00 (for example: ${HOURS_EXAMPLE})`);
  }
  if (to <= from) {
    throw invalid(
      t`"${token}" ends before it starts — a range through midnight is two, one each day: fri 22:00-24:00 sat 00:00-02:00 (for example: ${HOURS_EXAMPLE})`,
    );
  }
  return { from: clock(from), to: clock(to) };
}

/**
 * The weekly hours a spec gives: groups of days (`mon-fri`, `mon,wed`, `seg-sex`, `sáb`) each
 * followed by one or more ranges (`08:00-12:00 13:00-18:00`). Words may come as separate
 * arguments or in one string. A day named twice gets both groups' ranges; ranges may touch but
 * not overlap; days never named are closed. Errors say what was wrong and show an example.
 */
export function parseHoursSpec(spec: string | readonly string[]): OpeningHours['week'] {
  const text = (typeof spec === 'string' ? spec : spec.join(' '))
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*-\s*/g, '-')
    .trim();
  if (text === '') throw invalid(t`no opening hours given — name days and their hours, like: ${HOURS_EXAMPLE}`);
  const week: Partial<Record<Weekday, TimeRange[]>> = {};
  let current: { token: string; days: Weekday[]; ranges: number } | null = null;
  const finish = () => {
    if (current && current.ranges === 0) {
      throw invalid(
        t`"${current.token}" has no hours after it — give them like ${current.token} 09:00-13:00, or leave a closed day out (for example: ${HOURS_EXAMPLE})`,
      );
    }
  };
  for (const token of text.split(/\s+/)) {
    const days = daysOf(token);
    if (days) {
      finish();
      current = { token, days, ranges: 0 };
      continue;
    }
    if (!looksLikeRange(token) && minutesOf(token) === undefined) {
      throw invalid(t`"${token}" is neither a day (mon…sun, seg…dom) nor a time range (08:00-18:00) — for example: ${HOURS_EXAMPLE}`);
    }
    const range = rangeOf(token);
    if (!current) throw invalid(t`"${token}" comes before any day — name the days first, like: mon-fri ${token}`);
    current.ranges += 1;
    for (const day of current.days) week[day] = [...(week[day] ?? []), range];
  }
  finish();
  for (const day of WEEKDAYS) {
    const ranges = week[day];
    if (!ranges) continue;
    ranges.sort((a, b) => rangeMinutes(a)[0] - rangeMinutes(b)[0]);
    for (let i = 1; i < ranges.length; i++) {
      const before = ranges[i - 1]!;
      const range = ranges[i]!;
      if (rangeMinutes(range)[0] < rangeMinutes(before)[1]) {
        throw invalid(
          t`on ${day}, ${before.from}-${before.to} and ${range.from}-${range.to} overlap — give each hour once, like mon-fri 08:00-12:00 13:00-18:00`,
        );
      }
    }
  }
  return week;
}

/** A week as the spec that gives it back, days grouped: `mon-fri 08:00-18:00 sat 09:00-13:00`; '' when always closed. */
export function formatWeek(week: OpeningHours['week']): string {
  const groups: { ranges: string; days: number[] }[] = [];
  WEEKDAYS.forEach((day, i) => {
    const ranges = (week[day] ?? []).map((r) => `${r.from}-${r.to}`).join(' ');
    if (ranges === '') return;
    const group = groups.find((g) => g.ranges === ranges);
    if (group) group.days.push(i);
    else groups.push({ ranges, days: [i] });
  });
  return groups
    .map(({ ranges, days }) => {
      const runs: string[] = [];
      for (let i = 0; i < days.length; ) {
        let j = i;
        while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
        runs.push(j === i ? WEEKDAYS[days[i]!]! : `${WEEKDAYS[days[i]!]}${j === i + 1 ? ',' : '-'}${WEEKDAYS[days[j]!]}`);
        i = j + 1;
      }
      return `${runs.join(',')} ${ranges}`;
    })
    .join(' ');
}

/** A holiday as typed (`2026-12-25`), checked: a real date. */
export function parseHoliday(text: string): string {
  const day = text.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    throw invalid(t`"${text}" is not a date — give a holiday as YYYY-MM-DD, like 2026-12-25`);
  }
  return day;
}

/** The zone a number's hours are read in: their own, else the account's, else the machine's. */
export function hoursZone(hours: Pick<OpeningHours, 'timeZone'>, account: Pick<Account, 'timeZone'> | null): string {
  return hours.timeZone ?? account?.timeZone ?? machineTimeZone();
}

/** A day on the zone's wall clock: its midnight (wall ms, as if UTC), date and weekday. */
interface WallDay {
  midnight: number;
  date: string;
  day: Weekday;
}

function wallDay(midnight: number): WallDay {
  const d = new Date(midnight);
  return { midnight, date: d.toISOString().slice(0, 10), day: WEEKDAYS[(d.getUTCDay() + 6) % 7]! };
}

/** Whether the number is open at instant `at` (ms) in `zone`: a range of that weekday holds it, and the day is no holiday. */
function openAt(hours: OpeningHours, at: number, zone: string): boolean {
  const wall = wallClock(at, zone);
  const day = wallDay(Math.floor(wall / DAY) * DAY);
  if (hours.holidays.includes(day.date)) return false;
  const minute = (wall - day.midnight) / MINUTE;
  return (hours.week[day.day] ?? []).some((r) => {
    const [from, to] = rangeMinutes(r);
    return from <= minute && minute < to;
  });
}

/**
 * The first instant (ms) at which `zone`'s clocks show `wall` (a wall time as if UTC): where the
 * clocks go back and show it twice, the first; where they skip it (the hour lost to daylight
 * saving), the instant they jump past it — an opening at 02:30 that never shows opens at 03:00.
 */
export function firstInstantShowing(wall: number, zone: string): number {
  const offset = (ms: number) => wallClock(ms, zone) - ms;
  const early = wall - offset(wall - DAY);
  const late = wall - offset(wall + DAY);
  const exact = [early, late, wall - offset(wall)].filter((ms) => wallClock(ms, zone) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // Skipped: between the two guesses the clocks jump over it; the jump is on a whole minute.
  let lo = Math.min(early, late);
  let hi = Math.max(early, late);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (wallClock(mid, zone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The instants on a wall day where open may turn closed or back: midnight and each range's ends, ascending. */
function changePoints(hours: OpeningHours, day: WallDay, zone: string): number[] {
  const walls = new Set([day.midnight]);
  for (const r of hours.week[day.day] ?? []) for (const m of rangeMinutes(r)) walls.add(day.midnight + m * MINUTE);
  return [...walls].map((w) => firstInstantShowing(w, zone)).sort((a, b) => a - b);
}

/** How many days to look through: a week, past every holiday in the way. */
function horizon(hours: OpeningHours): number {
  return hours.holidays.length + 8;
}

function everOpen(hours: OpeningHours): boolean {
  return WEEKDAYS.some((d) => (hours.week[d]?.length ?? 0) > 0);
}

/** Whether the number is open at `at`, reading its hours in `zone`. */
export function isOpen(hours: OpeningHours, at: Date, zone: string): boolean {
  return openAt(hours, at.getTime(), zone);
}

/** When the number next opens after `at` (a change from closed to open); null when it never does. */
export function nextOpening(hours: OpeningHours, at: Date, zone: string): Date | null {
  if (!everOpen(hours)) return null;
  const ms = at.getTime();
  const today = Math.floor(wallClock(ms, zone) / DAY) * DAY;
  for (let i = 0; i <= horizon(hours); i++) {
    for (const p of changePoints(hours, wallDay(today + i * DAY), zone)) {
      if (p > ms && openAt(hours, p, zone) && !openAt(hours, p - MINUTE, zone)) return new Date(p);
    }
  }
  return null;
}

/**
 * When the closed period `at` falls in began (the last change from open to closed); null when
 * the number is open at `at`, or has been closed for as long as the hours tell (never open).
 */
export function closedSince(hours: OpeningHours, at: Date, zone: string): Date | null {
  const ms = at.getTime();
  if (!everOpen(hours) || openAt(hours, ms, zone)) return null;
  const today = Math.floor(wallClock(ms, zone) / DAY) * DAY;
  for (let i = 0; i <= horizon(hours); i++) {
    const points = changePoints(hours, wallDay(today - i * DAY), zone);
    for (let j = points.length - 1; j >= 0; j--) {
      const p = points[j]!;
      if (p <= ms && !openAt(hours, p, zone) && openAt(hours, p - MINUTE, zone)) return new Date(p);
    }
  }
  return null;
}

/** Where a number stands at `at`: open, or closed — since when, and until when (null: never opens). */
export type OpeningState = { open: true } | { open: false; since: Date | null; opensAt: Date | null };

export function openingState(hours: OpeningHours, at: Date, zone: string): OpeningState {
  if (isOpen(hours, at, zone)) return { open: true };
  return { open: false, since: closedSince(hours, at, zone), opensAt: nextOpening(hours, at, zone) };
}
