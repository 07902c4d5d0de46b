import { departmentsOf, permissionsOf } from './access.js';
import type { Account, Availability, Department, LinkState, OpeningHours, Phone, RoundRobin, RoundRobinTarget, State, User } from './model.js';
import { formatWeek, hoursZone, openingState } from './opening-hours.js';
import type { Permission } from './permissions.js';
import { userAvailability, type Decision, type SkipReason, type TrailStep } from './round-robin.js';

/**
 * The shapes every reader sees (`--json`, the API, the inbox). Stable camelCase; secrets such
 * as password hashes never appear in them.
 */
export interface UserView {
  id: string;
  email: string;
  name: string;
  visibleName: string | null;
  role: User['role'];
  active: boolean;
  /** Has an inbox or watch stream open to the daemon (always false without one). */
  online: boolean;
  /** What presence shows: `offline` while not connected, else their status (`online`, `busy`, `away`; `guru status`). */
  availability: Availability;
  permissions: Permission[];
  effectivePermissions: Permission[];
  departments: string[];
  /** Their own WhatsApp number (E.164), where invites go; null: none known. */
  whatsapp: string | null;
  /** False until they choose one (an invited user who has not redeemed yet). */
  passwordSet: boolean;
  /** When their pending invite code stops working; null: none pending. */
  inviteExpiresAt: string | null;
  createdAt: string;
}

export interface DepartmentView {
  id: string;
  name: string;
  permissions: Permission[];
  members: { email: string; name: string }[];
  createdAt: string;
}

export interface PhoneView {
  number: string;
  label: string | null;
  linkState: LinkState;
  /** A customer writing to an absent agent (busy, away, offline) is handed out again (`guru phone set`). */
  reassignWhenAbsent: boolean;
  createdAt: string;
  /** When the number is attended (`guru phone hours`); null: always. */
  hours: PhoneHoursView | null;
}

/** A number's opening hours as people read them, and where they stand now. */
export interface PhoneHoursView {
  /** The week as a spec `guru phone hours` takes back: `mon-fri 08:00-18:00 sat 09:00-13:00`. */
  spec: string;
  week: OpeningHours['week'];
  /** The zone they are read in (their own, else the account's, else the daemon machine's). */
  timeZone: string;
  /** True when the zone is the hours' own (`--tz`), false when it follows the account or the machine. */
  ownTimeZone: boolean;
  holidays: string[];
  /** The out-of-hours automatic reply; null: none. */
  reply: string | null;
  /** Open now. */
  open: boolean;
  /** Closed now: when it opens next (ISO); null when open, or when it never opens. */
  opensAt: string | null;
}

/** What a phone's view is computed at: the time, and the account (its zone). */
export interface ViewMoment {
  now: Date;
  account: Pick<Account, 'timeZone'> | null;
}

export function phoneHoursView(hours: OpeningHours, at: ViewMoment): PhoneHoursView {
  const timeZone = hoursZone(hours, at.account);
  const state = openingState(hours, at.now, timeZone);
  return {
    spec: formatWeek(hours.week),
    week: hours.week,
    timeZone,
    ownTimeZone: hours.timeZone !== undefined,
    holidays: hours.holidays,
    reply: hours.reply,
    open: state.open,
    opensAt: state.open ? null : (state.opensAt?.toISOString() ?? null),
  };
}

export interface TargetView {
  type: 'user' | 'department';
  /** `user:<email>` or `dept:<name>`, the same spelling `guru rr add` takes. */
  ref: string;
  name: string;
}

export interface RoundRobinEntryView {
  position: number;
  target: TargetView;
  active: boolean;
  skipOffline: boolean;
  /** The target is a disabled user: the rodízio skips the entry whatever `active` says. */
  disabled: boolean;
  /** Skipped while its target holds this many open chats on the phone (`--max-open`); null: no cap. */
  maxOpen: number | null;
}

export interface RoundRobinView {
  phone: string;
  /** Position (1-based) of the entry that got the last chat; null before the first. */
  lastPicked: number | null;
  /** Position the next walk starts from. */
  next: number | null;
  entries: RoundRobinEntryView[];
}

export interface TrailStepView {
  position: number;
  target: TargetView;
  outcome: 'picked' | 'skipped';
  reason?: SkipReason;
  load?: { open: number; max: number };
}

export interface DecisionView {
  assignee: (TargetView & { position: number }) | null;
  trail: TrailStepView[];
}

const NOBODY: ReadonlySet<string> = new Set();

export function userView(state: State, user: User, online: ReadonlySet<string> = NOBODY): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    visibleName: user.visibleName,
    role: user.role,
    active: user.active,
    online: online.has(user.id),
    availability: userAvailability(user, online),
    permissions: user.permissions,
    effectivePermissions: permissionsOf(state, user),
    departments: departmentsOf(state, user.id).map((d) => d.name),
    whatsapp: user.whatsapp ?? null,
    passwordSet: user.passwordHash !== null,
    inviteExpiresAt: user.invite?.expiresAt ?? null,
    createdAt: user.createdAt,
  };
}

export function departmentView(state: State, dept: Department): DepartmentView {
  const members = dept.members
    .map((id) => state.users.find((u) => u.id === id))
    .filter((u): u is User => u !== undefined)
    .map((u) => ({ email: u.email, name: u.name }));
  return { id: dept.id, name: dept.name, permissions: dept.permissions, members, createdAt: dept.createdAt };
}

export function phoneView(phone: Phone, linkState: LinkState = 'unlinked', at?: ViewMoment): PhoneView {
  const hours = phone.hours && at ? phoneHoursView(phone.hours, at) : null;
  return { number: phone.number, label: phone.label, linkState, reassignWhenAbsent: phone.reassignWhenAbsent === true, createdAt: phone.createdAt, hours };
}

export function targetView(state: State, target: RoundRobinTarget): TargetView {
  if (target.type === 'user') {
    const user = state.users.find((u) => u.id === target.userId);
    return { type: 'user', ref: `user:${user?.email ?? target.userId}`, name: user?.name ?? '(removed user)' };
  }
  const dept = state.departments.find((d) => d.id === target.departmentId);
  return { type: 'department', ref: `dept:${dept?.name ?? target.departmentId}`, name: dept?.name ?? '(removed department)' };
}

function isDisabledUser(state: State, target: RoundRobinTarget): boolean {
  return target.type === 'user' && !state.users.some((u) => u.id === target.userId && u.active);
}

export function roundRobinView(state: State, queue: RoundRobin): RoundRobinView {
  const size = queue.entries.length;
  return {
    phone: queue.phone,
    lastPicked: queue.cursor >= 0 && queue.cursor < size ? queue.cursor + 1 : null,
    next: size === 0 ? null : ((queue.cursor + 1) % size) + 1,
    entries: queue.entries.map((e, i) => ({
      position: i + 1,
      target: targetView(state, e.target),
      active: e.active,
      skipOffline: e.skipOffline,
      disabled: isDisabledUser(state, e.target),
      maxOpen: e.maxOpen ?? null,
    })),
  };
}

export function decisionView(state: State, decision: Decision): DecisionView {
  return {
    assignee: decision.picked === null || !decision.target ? null : { ...targetView(state, decision.target), position: decision.picked + 1 },
    trail: trailView(state, decision.trail),
  };
}

export function trailView(state: State, trail: readonly TrailStep[]): TrailStepView[] {
  return trail.map((step) => ({
    position: step.position,
    target: targetView(state, step.target),
    outcome: step.outcome,
    ...(step.reason ? { reason: step.reason } : {}),
    ...(step.load ? { load: step.load } : {}),
  }));
}
