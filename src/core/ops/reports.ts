import type { OperationContext } from '../context.js';
import { invalid } from '../errors.js';
import type { State } from '../model.js';
import { findPhone } from '../lookup.js';
import { ConversationTally, type ConversationFigures, type ReportGrouping } from '../reports/conversation-tally.js';
import { teamPanel, type TeamPanel } from '../reports/team-panel.js';
import { teamTimeZone } from '../chats/scheduled-views.js';
import { parseLocalTime } from '../time-zone.js';
import { t } from '../../i18n/translate.js';

export const REPORT_GROUPINGS: readonly ReportGrouping[] = ['agent', 'dept', 'phone', 'day', 'hour'];

export interface ReportQuery {
  /** A day (`2026-11-01`, its start in the account's zone) or a time (`2026-11-01 09:00`, ISO 8601). Default: 7 days before `to`. */
  from?: string;
  /** A day (included: up to its end) or a time (excluded). Default: now. */
  to?: string;
  by?: ReportGrouping;
}

export interface ReportRow extends ConversationFigures {
  /** The user, department or number id, the day or the hour; '' for conversations nobody (no department) held. */
  key: string;
  /** The same for people: an email, a department's name. */
  label: string;
}

export interface Report {
  from: string;
  to: string;
  timeZone: string;
  by: ReportGrouping | null;
  rows: ReportRow[];
  total: ConversationFigures;
}

const WEEK_MS = 7 * 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function reportOps(ctx: OperationContext) {
  return {
    /** Conversations, responses and resolutions over a period, from the journal; needs "reports.view". */
    async summary(query: ReportQuery = {}): Promise<Report> {
      const state = await ctx.view('reports.view', t`read reports`, (s) => s);
      if (query.by !== undefined && !REPORT_GROUPINGS.includes(query.by))
        throw invalid(t`cannot group a report by "${query.by}" — use one of ${REPORT_GROUPINGS.join(', ')}`);
      const zone = teamTimeZone(state);
      const now = ctx.deps.clock.now().getTime();
      const to = query.to === undefined ? now : boundary(query.to, zone, 'end');
      const from = query.from === undefined ? to - WEEK_MS : boundary(query.from, zone, 'start');
      if (from >= to) throw invalid(t`the report's period is empty: ${new Date(from).toISOString()} is not before ${new Date(to).toISOString()}`);
      const tally = new ConversationTally({ from, to }, query.by ?? null, zone);
      await ctx.deps.journal.scan((phone, record) => tally.apply(phone, record));
      const { rows, total } = tally.finish(now);
      const label = labeller(state, query.by ?? null);
      const labelled = rows.map((row) => ({ ...row, label: label(row.key) }));
      labelled.sort(query.by === 'day' || query.by === 'hour' ? (a, b) => a.key.localeCompare(b.key) : (a, b) => a.label.localeCompare(b.label));
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), timeZone: zone, by: query.by ?? null, rows: labelled, total };
    },

    /** The live panel's figures now: agents, departments, the unassigned backlog, each number's next pick; needs "reports.view". */
    async panel(): Promise<TeamPanel> {
      return ctx.view('reports.view', t`see the team panel`, (state) => {
        const chats = ctx.deps.chats;
        const online = new Set(ctx.deps.presence.onlineUserIds());
        const none = { users: new Map<string, number>(), departments: new Map<string, number>() };
        return teamPanel(state, chats?.index.all() ?? [], online, (phone) => chats?.index.routing.load(phone) ?? none);
      });
    },
  };
}

/**
 * The numbers whose health the caller may read (`guru phone health`): every registered one, or
 * the one asked for; needs "reports.view". The figures themselves are the daemon's (its links).
 */
export function numbersForHealth(ctx: OperationContext, number?: string): Promise<string[]> {
  return ctx.view('reports.view', t`read the numbers' health`, (state) => {
    if (number === undefined) return state.phones.map((p) => p.number);
    return [findPhone(state, number).number];
  });
}

/** A day is its start (`from`) or its end, the next day's start (`to`): `--from 2026-11-01 --to 2026-11-30` is the whole month. */
function boundary(text: string, zone: string, side: 'start' | 'end'): number {
  const day = text.trim();
  if (DAY.test(day)) {
    if (side === 'start') return dayStart(day, zone);
    // The next day's start, read in the zone (a day is not always 24 h long).
    return dayStart(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10), zone);
  }
  return parseLocalTime(text, zone).getTime();
}

/** A day's first instant in `zone`: midnight, or 01:00 where daylight saving skips midnight (as Brazil's did). */
function dayStart(day: string, zone: string): number {
  try {
    return parseLocalTime(`${day} 00:00`, zone).getTime();
  } catch (err) {
    try {
      return parseLocalTime(`${day} 01:00`, zone).getTime();
    } catch {
      throw err; // not a real day: the first error says so
    }
  }
}

function labeller(state: State, by: ReportGrouping | null): (key: string) => string {
  const nobody = by === 'dept' ? t`(no department)` : t`(nobody)`;
  if (by === 'agent') {
    const emails = new Map(state.users.map((u) => [u.id, u.email]));
    return (key) => (key === '' ? nobody : (emails.get(key) ?? t`removed user ${key}`));
  }
  if (by === 'dept') {
    const names = new Map(state.departments.map((d) => [d.id, d.name]));
    return (key) => (key === '' ? nobody : (names.get(key) ?? t`removed department ${key}`));
  }
  return (key) => key;
}
