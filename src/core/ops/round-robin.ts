import type { OperationContext } from '../context.js';
import { invalid, usage } from '../errors.js';
import { newId } from '../ids.js';
import { findDepartment, findPhone, findUser, queueOf } from '../lookup.js';
import type { RoundRobinTarget, State, User } from '../model.js';
import { eligibility, entryAt, moveEntry, removeEntry, simulate, withPicks } from '../round-robin.js';
import { wholeNumber } from '../validate.js';
import { teamTimeZone } from '../chats/scheduled-views.js';
import { hoursZone, openingState } from '../opening-hours.js';
import { parseLocalTime } from '../time-zone.js';
import { decisionView, roundRobinView, targetView, type DecisionView, type RoundRobinView } from '../views.js';
import { t } from '../../i18n/translate.js';

export interface AddEntryOptions {
  times?: number;
  active?: boolean;
  skipOffline?: boolean;
  /** Skipped while its target holds this many open chats on the phone; absent: no cap. */
  maxOpen?: number;
}

/** What `guru rr set` changes; `maxOpen` null takes the cap off. */
export interface EntryFlags {
  active?: boolean;
  skipOffline?: boolean;
  maxOpen?: number | null;
}

/** "What if": who to treat as connected (and how available), and open chats to pretend. */
export interface SimulateOptions {
  next?: number;
  /** Treated as connected (and available unless their status says otherwise). */
  online?: string[];
  /** Treated as connected but busy. */
  busy?: string[];
  /** Treated as connected but away. */
  away?: string[];
  /** email → the open chats that user holds on the phone, instead of the live count. */
  load?: Record<string, number>;
  /** As the number's opening hours stand then: "2026-12-02 09:00" in the team's zone, or ISO. */
  at?: string;
}

export interface SimulationView {
  phone: string;
  /** Connected users, as the simulation treats them (whatever their status). */
  online: string[];
  /** Of those, the busy ones and the away ones. */
  busy: string[];
  away: string[];
  /** Each pick; `closed` when the number is closed at `at` — the chat would wait for opening time, then go there. */
  decisions: (DecisionView & { closed?: true })[];
  /** The instant simulated (`--at`, else now), ISO. */
  at: string;
  /** Closed at `at` (opening hours): when it opens (null: never), in which zone the hours are read; null when open. */
  closed: { opensAt: string | null; timeZone: string } | null;
}

export const MAX_SIMULATED_PICKS = 1000;
/** The largest `--max-open`: a cap above it would be no cap. */
export const MAX_OPEN_LIMIT = 1000;
/** The largest `--load` a simulation takes. */
export const MAX_SIMULATED_LOAD = 100_000;

export function roundRobinOps(ctx: OperationContext) {
  const manage = 'round_robin.manage' as const;
  return {
    show(phone: string): Promise<RoundRobinView> {
      return ctx.view(null, t`see round-robins`, (state) => roundRobinView(state, queueSnapshot(state, phone)));
    },

    add(phone: string, targetRef: string, options: AddEntryOptions = {}): Promise<RoundRobinView> {
      const times = wholeNumber(options.times ?? 1, '--times', 1, 100);
      const maxOpen = options.maxOpen === undefined ? undefined : wholeNumber(options.maxOpen, '--max-open', 1, MAX_OPEN_LIMIT);
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const target = parseTarget(draft, targetRef);
        requireEnabled(draft, target);
        for (let i = 0; i < times; i++) {
          queue.entries.push({
            id: newId('e'),
            target,
            active: options.active ?? true,
            skipOffline: options.skipOffline ?? false,
            ...(maxOpen !== undefined ? { maxOpen } : {}),
          });
        }
        record('round_robin.add', queue.phone, {
          target: targetView(draft, target).ref,
          times,
          active: options.active ?? true,
          skipOffline: options.skipOffline ?? false,
          maxOpen: maxOpen ?? null,
        });
        return roundRobinView(draft, queue);
      });
    },

    remove(phone: string, position: number): Promise<RoundRobinView> {
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const removed = removeEntry(queue, position);
        record('round_robin.remove', queue.phone, { position, target: targetView(draft, removed.target).ref });
        return roundRobinView(draft, queue);
      });
    },

    move(phone: string, from: number, to: number): Promise<RoundRobinView> {
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const moved = moveEntry(queue, from, to);
        record('round_robin.move', queue.phone, { from, to, target: targetView(draft, moved.target).ref });
        return roundRobinView(draft, queue);
      });
    },

    set(phone: string, position: number, flags: EntryFlags): Promise<RoundRobinView> {
      if (flags.active === undefined && flags.skipOffline === undefined && flags.maxOpen === undefined) {
        throw usage(t`nothing to set — pass --active/--inactive, --skip-offline/--no-skip-offline and/or --max-open N/--no-max-open`);
      }
      const maxOpen = flags.maxOpen == null ? flags.maxOpen : wholeNumber(flags.maxOpen, '--max-open', 1, MAX_OPEN_LIMIT);
      return ctx.change(manage, t`change round-robins`, ({ draft, record }) => {
        const queue = queueOf(draft, findPhone(draft, phone));
        const entry = entryAt(queue, position);
        if (flags.active !== undefined) entry.active = flags.active;
        if (flags.skipOffline !== undefined) entry.skipOffline = flags.skipOffline;
        if (maxOpen === null) delete entry.maxOpen;
        else if (maxOpen !== undefined) entry.maxOpen = maxOpen;
        // A cap raised or taken off is a `round_robin.set` too: the waiting chats are handed out after it.
        record('round_robin.set', queue.phone, {
          position,
          target: targetView(draft, entry.target).ref,
          ...(flags.active !== undefined ? { active: flags.active } : {}),
          ...(flags.skipOffline !== undefined ? { skipOffline: flags.skipOffline } : {}),
          ...(maxOpen !== undefined ? { maxOpen } : {}),
        });
        return roundRobinView(draft, queue);
      });
    },

    /**
     * The next `next` picks, without assigning anything, as the live engine would make them if
     * nobody closed a chat meanwhile: each pick counts as one more open chat for whoever got it.
     * Online = whoever the daemon sees plus the emails in `online` (busy in `busy`, away in
     * `away`), so an admin can ask "what if Bia logs in?"; `load` pretends a user holds that many
     * open chats on the phone instead of what they hold now.
     */
    simulate(phone: string, options: SimulateOptions = {}): Promise<SimulationView> {
      const count = wholeNumber(options.next ?? 10, '--next', 1, MAX_SIMULATED_PICKS);
      for (const [email, open] of Object.entries(options.load ?? {})) wholeNumber(open, t`--load for ${email}`, 0, MAX_SIMULATED_LOAD);
      return ctx.view(null, t`simulate round-robins`, (real, who) => {
        const queue = queueSnapshot(real, phone);
        const state = pretend(real, options, ctx.now());
        // `--at`: as the number's opening hours stand then ("2026-12-02 09:00" in the team's zone, or ISO).
        const at = options.at === undefined ? ctx.deps.clock.now() : parseLocalTime(options.at, teamTimeZone(real));
        const hours = findPhone(real, phone).hours;
        const zone = hours ? hoursZone(hours, real.account) : '';
        const closed = hours ? openingState(hours, at, zone) : null;
        const closedView = closed && !closed.open ? { opensAt: closed.opensAt?.toISOString() ?? null, timeZone: zone } : null;
        const online = new Set(ctx.deps.presence.onlineUserIds());
        for (const email of [...(options.online ?? []), ...(options.busy ?? []), ...(options.away ?? [])]) online.add(findUser(state, email).id);
        // How many chats each colleague holds is theirs to know who manage the rodízio or see every chat; others simulate from none.
        const seesLoad = who.isAdmin || who.permissions.has('round_robin.manage') || who.permissions.has('chats.view_all');
        const none = { users: new Map<string, number>(), departments: new Map<string, number>() };
        const live = (seesLoad ? ctx.deps.chats?.index.routing.load(queue.phone) : undefined) ?? none;
        const users = new Map(live.users);
        for (const [email, open] of Object.entries(options.load ?? {})) users.set(findUser(state, email).id, open);
        const openChats = { users, departments: live.departments };
        const decisions = simulate(queue, (picked) => eligibility(state, { online, openChats: withPicks(openChats, picked) }), count);
        const connected = state.users.filter((u) => online.has(u.id));
        return {
          phone: queue.phone,
          online: connected.map((u) => u.email),
          busy: connected.filter((u) => u.status?.state === 'busy').map((u) => u.email),
          away: connected.filter((u) => u.status?.state === 'away').map((u) => u.email),
          decisions: decisions.map((d) => ({ ...decisionView(state, d), ...(closedView ? { closed: true as const } : {}) })),
          at: at.toISOString(),
          closed: closedView,
        };
      });
    },
  };
}

/**
 * The state with the statuses a simulation asks for: `--busy` and `--away` users say so,
 * `--online` users are available. One user asked for in two ways is refused.
 */
function pretend(state: State, options: SimulateOptions, now: string): State {
  const asked = new Map<string, 'online' | 'busy' | 'away'>();
  for (const [flag, emails] of [
    ['online', options.online],
    ['busy', options.busy],
    ['away', options.away],
  ] as const) {
    for (const email of emails ?? []) {
      const user = findUser(state, email);
      const before = asked.get(user.id);
      if (before !== undefined && before !== flag) {
        throw usage(t`${user.email} is in both --${before} and --${flag} — name each user once`);
      }
      asked.set(user.id, flag);
    }
  }
  if (asked.size === 0) return state;
  const users = state.users.map((u): User => {
    const flag = asked.get(u.id);
    if (flag === undefined) return u;
    const { status: _status, ...rest } = u;
    return flag === 'online' ? rest : { ...rest, status: { state: flag, since: now } };
  });
  return { ...state, users };
}

/** The queue as stored, or an empty one, without creating it (reads must not write). */
function queueSnapshot(state: State, phone: string) {
  const number = findPhone(state, phone).number;
  return state.roundRobins.find((q) => q.phone === number) ?? { phone: number, entries: [], cursor: -1 };
}

/** Parses `user:<email>` or `dept:<name>` against the current state. */
export function parseTarget(state: State, ref: string): RoundRobinTarget {
  const match = /^(user|dept|department):(.+)$/.exec(ref.trim());
  if (!match) throw invalid(t`"${ref}" is not a round-robin target — use user:<email> or dept:<name>`);
  if (match[1] === 'user') return { type: 'user', userId: findUser(state, match[2]!).id };
  return { type: 'department', departmentId: findDepartment(state, match[2]!).id };
}

/** A disabled user would only ever be skipped: refused, with the way out. */
function requireEnabled(state: State, target: RoundRobinTarget): void {
  if (target.type !== 'user') return;
  const user = state.users.find((u) => u.id === target.userId);
  if (user && !user.active) {
    throw invalid(
      t`${user.email} is disabled, so the rodízio would always skip them — enable them first with \`guru user enable ${user.email}\`, or add someone else`,
    );
  }
}
