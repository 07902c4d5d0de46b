import { describe, expect, it } from 'vitest';
import type { OpeningHours } from '../../src/core/model.js';
import { closedSince, firstInstantShowing, formatWeek, isOpen, nextOpening, openingState, parseHoliday, parseHoursSpec } from '../../src/core/opening-hours.js';

const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';

function hours(spec: string, extra: Partial<OpeningHours> = {}): OpeningHours {
  return { week: parseHoursSpec(spec), holidays: [], reply: null, ...extra };
}
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('parseHoursSpec', () => {
  it('reads day ranges, lists and several ranges per day', () => {
    expect(parseHoursSpec('mon-fri 08:00-18:00 sat 09:00-13:00')).toEqual({
      mon: [{ from: '08:00', to: '18:00' }],
      tue: [{ from: '08:00', to: '18:00' }],
      wed: [{ from: '08:00', to: '18:00' }],
      thu: [{ from: '08:00', to: '18:00' }],
      fri: [{ from: '08:00', to: '18:00' }],
      sat: [{ from: '09:00', to: '13:00' }],
    });
    expect(parseHoursSpec(['mon,wed', '10:00-12:00'])).toEqual({ mon: [{ from: '10:00', to: '12:00' }], wed: [{ from: '10:00', to: '12:00' }] });
    expect(parseHoursSpec('mon-fri 08:00-12:00 13:00-18:00').tue).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '18:00' },
    ]);
  });

  it('takes words as separate arguments, loose spacing, short hours and 24:00', () => {
    expect(parseHoursSpec(['mon', '-', 'tue', '8-12', '13h-18h30'])).toEqual({
      mon: [
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '18:30' },
      ],
      tue: [
        { from: '08:00', to: '12:00' },
        { from: '13:00', to: '18:30' },
      ],
    });
    expect(parseHoursSpec('sun 00:00-24:00').sun).toEqual([{ from: '00:00', to: '24:00' }]);
    expect(parseHoursSpec('MON , Wed 9:00 - 17:00').wed).toEqual([{ from: '09:00', to: '17:00' }]);
  });

  it('reads Portuguese day names, with or without accents, and full names', () => {
    const week = parseHoursSpec('seg-sex 08:00-18:00 sáb 09:00-13:00 dom 10:00-11:00');
    expect(Object.keys(week)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(parseHoursSpec('sab 09:00-13:00')).toEqual(parseHoursSpec('sáb 09:00-13:00'));
    expect(parseHoursSpec('terça,quinta 09:00-10:00')).toEqual(parseHoursSpec('tue,thu 09:00-10:00'));
    expect(parseHoursSpec('Monday-Friday 9-17')).toEqual(parseHoursSpec('mon-fri 09:00-17:00'));
  });

  it('wraps a day range over the weekend and adds a day named twice', () => {
    expect(Object.keys(parseHoursSpec('fri-mon 10:00-12:00'))).toEqual(['mon', 'fri', 'sat', 'sun']);
    expect(parseHoursSpec('mon-fri 13:00-18:00 mon 08:00-12:00').mon).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '18:00' },
    ]);
    // Touching ranges are fine.
    expect(parseHoursSpec('mon 08:00-12:00 12:00-18:00').mon).toHaveLength(2);
  });

  it.each([
    ['', /no opening hours given .*mon-fri 08:00-18:00/],
    ['08:00-18:00 mon', /"08:00-18:00" comes before any day — name the days first, like: mon-fri 08:00-18:00/],
    ['mon-fri', /"mon-fri" has no hours after it/],
    ['mon 08:00-12:00 sat', /"sat" has no hours after it/],
    ['funday 08:00-12:00', /"funday" is neither a day .* nor a time range/],
    ['mon 25:00-26:00', /"25:00-26:00" is not a time range — write it as HH:MM-HH:MM/],
    ['mon 08:60-09:00', /is not a time range/],
    ['mon 18:00-08:00', /"18:00-08:00" ends before it starts — a range through midnight is two/],
    ['mon 08:00-08:00', /ends before it starts/],
    ['mon 24:00-24:00', /is not a time range/],
    ['mon 08:00-12:00 11:00-13:00', /on mon, 08:00-12:00 and 11:00-13:00 overlap/],
    ['mon 9', /"9" is not a time range/],
    ['mon-fri-sat 9-10', /neither a day/],
  ])('refuses %j clearly', (spec, message) => {
    expect(() => parseHoursSpec(spec)).toThrow(message);
  });

  it('gives the spec back from a week, days grouped', () => {
    expect(formatWeek(parseHoursSpec('seg-sex 08:00-18:00 sáb 09:00-13:00'))).toBe('mon-fri 08:00-18:00 sat 09:00-13:00');
    expect(formatWeek(parseHoursSpec('mon,wed,fri 10:00-12:00'))).toBe('mon,wed,fri 10:00-12:00');
    expect(formatWeek(parseHoursSpec('mon,tue,thu-sat 10:00-12:00 14:00-15:00 sun 01:00-02:00'))).toBe(
      'mon,tue,thu-sat 10:00-12:00 14:00-15:00 sun 01:00-02:00',
    );
    expect(formatWeek({})).toBe('');
  });
});

describe('parseHoliday', () => {
  it('takes real dates only', () => {
    expect(parseHoliday(' 2026-12-25 ')).toBe('2026-12-25');
    expect(() => parseHoliday('2026-02-30')).toThrow(/"2026-02-30" is not a date — give a holiday as YYYY-MM-DD/);
    expect(() => parseHoliday('25/12/2026')).toThrow(/not a date/);
  });
});

describe('open or closed, in a zone', () => {
  // 2026-12-02 is a Wednesday; São Paulo is UTC-3 all year.
  const h = hours('mon-fri 08:00-12:00 13:00-18:00 sat 09:00-13:00');

  it.each([
    ['2026-12-02T10:59:00Z', false], // 07:59
    ['2026-12-02T11:00:00Z', true], // 08:00 sharp
    ['2026-12-02T14:59:59Z', true], // 11:59:59
    ['2026-12-02T15:00:00Z', false], // 12:00: lunch
    ['2026-12-02T16:00:00Z', true], // 13:00
    ['2026-12-02T21:00:00Z', false], // 18:00
    ['2026-12-05T12:00:00Z', true], // Saturday 09:00
    ['2026-12-05T16:00:00Z', false], // Saturday 13:00
    ['2026-12-06T15:00:00Z', false], // Sunday noon
    ['2026-12-03T02:00:00Z', false], // Wednesday 23:00 local although Thursday in UTC
  ])('at %s: open %s', (at, open) => {
    expect(isOpen(h, new Date(at), SP)).toBe(open);
  });

  it('reads the same instant in the zone asked', () => {
    const nine = new Date('2026-12-02T14:00:00Z'); // 11:00 in São Paulo, 09:00 in New York, 14:00 UTC (open)
    expect(isOpen(h, nine, SP)).toBe(true);
    expect(isOpen(h, nine, NY)).toBe(true);
    expect(isOpen(h, nine, 'UTC')).toBe(true);
    expect(isOpen(h, new Date('2026-12-02T11:30:00Z'), SP)).toBe(true); // 08:30
    expect(isOpen(h, new Date('2026-12-02T11:30:00Z'), NY)).toBe(false); // 06:30
    expect(isOpen(h, new Date('2026-12-02T11:30:00Z'), 'UTC')).toBe(true); // 11:30
  });

  it('next opening: later today, after lunch, after the weekend, never', () => {
    expect(iso(nextOpening(h, new Date('2026-12-02T10:00:00Z'), SP))).toBe('2026-12-02T11:00:00.000Z');
    expect(iso(nextOpening(h, new Date('2026-12-02T15:30:00Z'), SP))).toBe('2026-12-02T16:00:00.000Z');
    // Open now: the next opening is the one after this period closes (after lunch).
    expect(iso(nextOpening(h, new Date('2026-12-02T12:00:00Z'), SP))).toBe('2026-12-02T16:00:00.000Z');
    // Saturday 13:00 → Monday 08:00.
    expect(iso(nextOpening(h, new Date('2026-12-05T16:00:00Z'), SP))).toBe('2026-12-07T11:00:00.000Z');
    expect(nextOpening(hours('mon 08:00-09:00', { week: {} }), new Date(), SP)).toBeNull();
  });

  it('ranges that touch over midnight are one open period', () => {
    const night = hours('fri 22:00-24:00 sat 00:00-02:00');
    expect(isOpen(night, new Date('2026-12-05T03:30:00Z'), SP)).toBe(true); // Saturday 00:30
    expect(iso(nextOpening(night, new Date('2026-12-05T03:30:00Z'), SP))).toBe('2026-12-12T01:00:00.000Z'); // next Friday 22:00
    expect(iso(closedSince(night, new Date('2026-12-05T06:00:00Z'), SP))).toBe('2026-12-05T05:00:00.000Z'); // Saturday 02:00
  });

  it('holidays close whole days in the zone, and push the next opening past them', () => {
    const xmas = { ...h, holidays: ['2026-12-24', '2026-12-25'] };
    expect(isOpen(xmas, new Date('2026-12-24T12:00:00Z'), SP)).toBe(false);
    expect(iso(nextOpening(xmas, new Date('2026-12-23T22:00:00Z'), SP))).toBe('2026-12-26T12:00:00.000Z'); // Saturday 09:00
    // Closed since the last working day ended, through the holidays.
    expect(iso(closedSince(xmas, new Date('2026-12-25T15:00:00Z'), SP))).toBe('2026-12-23T21:00:00.000Z');
    // A holiday is a day in the hours' zone: 02:00 UTC on the 24th is still the 23rd in São Paulo.
    const open23 = { ...hours('wed 22:00-24:00'), holidays: ['2026-12-24'] };
    expect(isOpen(open23, new Date('2026-12-24T02:00:00Z'), SP)).toBe(true);
  });

  it('closed since: the end of the last open period; null when open, or never open', () => {
    expect(iso(closedSince(h, new Date('2026-12-03T02:00:00Z'), SP))).toBe('2026-12-02T21:00:00.000Z'); // Wed 23:00 → since Wed 18:00
    expect(iso(closedSince(h, new Date('2026-12-03T10:00:00Z'), SP))).toBe('2026-12-02T21:00:00.000Z'); // Thu 07:00, same night
    expect(iso(closedSince(h, new Date('2026-12-02T15:30:00Z'), SP))).toBe('2026-12-02T15:00:00.000Z'); // lunch
    expect(iso(closedSince(h, new Date('2026-12-07T10:00:00Z'), SP))).toBe('2026-12-05T16:00:00.000Z'); // Monday early → Saturday 13:00
    expect(closedSince(h, new Date('2026-12-02T12:00:00Z'), SP)).toBeNull();
    expect(closedSince({ week: {}, holidays: [], reply: null }, new Date(), SP)).toBeNull();
  });

  it('openingState puts it together', () => {
    expect(openingState(h, new Date('2026-12-02T12:00:00Z'), SP)).toEqual({ open: true });
    const closed = openingState(h, new Date('2026-12-02T22:00:00Z'), SP);
    expect(closed).toEqual({ open: false, since: new Date('2026-12-02T21:00:00Z'), opensAt: new Date('2026-12-03T11:00:00Z') });
  });
});

describe('daylight saving', () => {
  // New York: clocks go 02:00 → 03:00 on Sunday 2026-03-08, and 02:00 → 01:00 on Sunday 2026-11-01.
  it('an opening the clocks skip happens when they jump past it', () => {
    const h = hours('sun 02:30-05:00');
    expect(iso(nextOpening(h, new Date('2026-03-08T05:00:00Z'), NY))).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT
    expect(isOpen(h, new Date('2026-03-08T07:00:00Z'), NY)).toBe(true);
    expect(isOpen(h, new Date('2026-03-08T06:59:00Z'), NY)).toBe(false); // 01:59 EST
  });

  it('opening and closing on both sides of a change keep their wall-clock times', () => {
    const h = hours('sat-mon 08:00-18:00');
    // Saturday before spring forward: 08:00 EST = 13:00Z; Sunday 08:00 EDT = 12:00Z.
    expect(iso(nextOpening(h, new Date('2026-03-07T23:30:00Z'), NY))).toBe('2026-03-08T12:00:00.000Z');
    expect(iso(closedSince(h, new Date('2026-03-08T05:00:00Z'), NY))).toBe('2026-03-07T23:00:00.000Z'); // Saturday 18:00 EST
    // Fall back: Sunday 2026-11-01 08:00 EST = 13:00Z; Saturday 18:00 EDT = 22:00Z.
    expect(iso(nextOpening(h, new Date('2026-11-01T04:00:00Z'), NY))).toBe('2026-11-01T13:00:00.000Z');
    expect(iso(closedSince(h, new Date('2026-11-01T07:00:00Z'), NY))).toBe('2026-10-31T22:00:00.000Z');
  });

  it('the hour shown twice: open by the wall clock both times, opening at the first', () => {
    const h = hours('sun 01:00-01:30');
    expect(isOpen(h, new Date('2026-11-01T05:10:00Z'), NY)).toBe(true); // 01:10 EDT
    expect(isOpen(h, new Date('2026-11-01T06:10:00Z'), NY)).toBe(true); // 01:10 EST
    expect(iso(nextOpening(h, new Date('2026-11-01T04:00:00Z'), NY))).toBe('2026-11-01T05:00:00.000Z');
    expect(firstInstantShowing(Date.parse('2026-11-01T01:00:00Z'), NY)).toBe(Date.parse('2026-11-01T05:00:00Z'));
  });

  it('Lisbon and São Paulo: a zone with summer time and one without', () => {
    const h = hours('mon-sun 09:00-10:00');
    expect(isOpen(h, new Date('2026-07-01T08:30:00Z'), 'Europe/Lisbon')).toBe(true); // 09:30 WEST
    expect(isOpen(h, new Date('2026-01-01T09:30:00Z'), 'Europe/Lisbon')).toBe(true); // 09:30 WET
    expect(isOpen(h, new Date('2026-07-01T12:30:00Z'), SP)).toBe(true);
    expect(isOpen(h, new Date('2026-01-01T12:30:00Z'), SP)).toBe(true);
  });
});
