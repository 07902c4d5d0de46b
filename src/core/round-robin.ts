import { invalid } from './errors.js';
import type { Availability, RoundRobin, RoundRobinEntry, RoundRobinTarget, State, User } from './model.js';
import { t } from '../i18n/translate.js';

/**
 * Why an entry was passed over: switched off (`inactive`), its user disabled, its target not
 * connected / busy / away (entries that skip offline agents only), holding its `--max-open`
 * (`at_capacity`), or not the department a menu bot chose (`other_department`).
 */
export type SkipReason = 'inactive' | 'offline' | 'disabled' | 'busy' | 'away' | 'at_capacity' | 'other_department';

export interface TrailStep {
  /** 1-based position in the queue, as `guru rr show` prints it. */
  position: number;
  target: RoundRobinTarget;
  outcome: 'picked' | 'skipped';
  reason?: SkipReason;
  /** Entries with a cap: the open chats their target held then, and the cap ("at capacity 5/5"). */
  load?: { open: number; max: number };
}

/** A round-robin decision: who got the chat (or nobody) and every entry looked at on the way. */
export interface Decision {
  /** Index of the picked entry, or null when none was eligible (the chat stays unassigned). */
  picked: number | null;
  target: RoundRobinTarget | null;
  trail: TrailStep[];
}

/** What the walk needs to know about targets, supplied by the engine (presence, status, load). */
export interface Eligibility {
  isDisabled(target: RoundRobinTarget): boolean;
  /**
   * A user's presence and say (`online` connected and available); a department's best member's:
   * online if any active member is, else busy, else away, else offline.
   */
  availability(target: RoundRobinTarget): Availability;
  /** Open chats the target holds on this phone; a department: its least loaded active member's. */
  load(target: RoundRobinTarget): number;
  /** Set by a menu bot's choice: only entries for this department or its members may be picked. */
  onlyDepartment?: string;
  /** Whether a target belongs to `onlyDepartment` (the department itself or one of its members). */
  inDepartment?(target: RoundRobinTarget): boolean;
}

/**
 * Walks the queue from the entry after the cursor, once around at most: inactive entries are
 * skipped, so are `skipOffline` entries whose target is offline (and entries of disabled users);
 * the first eligible entry wins. Pure: the caller moves the cursor with `decision.picked`.
 */
export function decide(queue: Pick<RoundRobin, 'entries' | 'cursor'>, eligibility: Eligibility): Decision {
  const { entries, cursor } = queue;
  const trail: TrailStep[] = [];
  for (let step = 1; step <= entries.length; step++) {
    const index = (((cursor + step) % entries.length) + entries.length) % entries.length;
    const entry = entries[index]!;
    const reason = skipReason(entry, eligibility);
    const load =
      entry.maxOpen !== undefined && (reason === undefined || reason === 'at_capacity')
        ? { open: eligibility.load(entry.target), max: entry.maxOpen }
        : undefined;
    if (reason) {
      trail.push({ position: index + 1, target: entry.target, outcome: 'skipped', reason, ...(load ? { load } : {}) });
      continue;
    }
    trail.push({ position: index + 1, target: entry.target, outcome: 'picked', ...(load ? { load } : {}) });
    return { picked: index, target: entry.target, trail };
  }
  return { picked: null, target: null, trail };
}

function skipReason(entry: RoundRobinEntry, eligibility: Eligibility): SkipReason | undefined {
  if (!entry.active) return 'inactive';
  if (eligibility.isDisabled(entry.target)) return 'disabled';
  if (eligibility.onlyDepartment !== undefined && eligibility.inDepartment && !eligibility.inDepartment(entry.target)) return 'other_department';
  if (entry.skipOffline) {
    const availability = eligibility.availability(entry.target);
    if (availability !== 'online') return availability;
  }
  if (entry.maxOpen !== undefined && eligibility.load(entry.target) >= entry.maxOpen) return 'at_capacity';
  return undefined;
}

/**
 * The next `count` decisions without touching the real queue. With a function for eligibility,
 * each decision is asked of `eligibility(picked)`, given the targets picked before it — so a
 * simulation can count its own picks as open chats (`withPicks`), as the live engine would see
 * them when nobody closes anything.
 */
export function simulate(
  queue: Pick<RoundRobin, 'entries' | 'cursor'>,
  eligibility: Eligibility | ((picked: readonly RoundRobinTarget[]) => Eligibility),
  count: number,
): Decision[] {
  let cursor = queue.cursor;
  const decisions: Decision[] = [];
  const picked: RoundRobinTarget[] = [];
  for (let i = 0; i < count; i++) {
    const now = typeof eligibility === 'function' ? eligibility(picked) : eligibility;
    const decision = decide({ entries: queue.entries, cursor }, now);
    decisions.push(decision);
    if (decision.picked !== null) cursor = decision.picked;
    if (decision.target) picked.push(decision.target);
  }
  return decisions;
}

/** `openChats` with one more open chat for each pick (a user's or a department's own). */
export function withPicks(openChats: RoutingFacts['openChats'], picked: readonly RoundRobinTarget[]): RoutingFacts['openChats'] {
  if (picked.length === 0) return openChats;
  const users = new Map(openChats.users);
  const departments = new Map(openChats.departments);
  for (const target of picked) {
    if (target.type === 'user') users.set(target.userId, (users.get(target.userId) ?? 0) + 1);
    else departments.set(target.departmentId, (departments.get(target.departmentId) ?? 0) + 1);
  }
  return { users, departments };
}

/** `what` names the position in the reader's language, leading the refusal (t`from position`). */
function checkPosition(queue: RoundRobin, position: number, what = t`position`): number {
  if (!Number.isInteger(position) || position < 1 || position > queue.entries.length) {
    const range = queue.entries.length === 0 ? t`the queue is empty` : t`valid positions are 1 to ${queue.entries.length}`;
    throw invalid(t`${what} ${position} is out of range for the round-robin of ${queue.phone} — ${range}`);
  }
  return position - 1;
}

/** Removes the entry at 1-based `position`; the cursor keeps pointing at the same next entry. */
export function removeEntry(queue: RoundRobin, position: number): RoundRobinEntry {
  const index = checkPosition(queue, position);
  const [removed] = queue.entries.splice(index, 1);
  // Entries after the cursor keep their turn: shift the cursor left when something at or
  // before it disappears, so the walk resumes where it would have.
  if (index <= queue.cursor) queue.cursor -= 1;
  if (queue.entries.length === 0) queue.cursor = -1;
  return removed!;
}

/** Moves an entry from one 1-based position to another; the cursor follows the entry it pointed at. */
export function moveEntry(queue: RoundRobin, from: number, to: number): RoundRobinEntry {
  const fromIndex = checkPosition(queue, from, t`from position`);
  const toIndex = checkPosition(queue, to, t`to position`);
  const lastPicked = queue.entries[queue.cursor];
  const [moved] = queue.entries.splice(fromIndex, 1);
  queue.entries.splice(toIndex, 0, moved!);
  if (lastPicked) queue.cursor = queue.entries.indexOf(lastPicked);
  return moved!;
}

export function entryAt(queue: RoundRobin, position: number): RoundRobinEntry {
  return queue.entries[checkPosition(queue, position)]!;
}

/** What the engine knows right now that the walk needs, beyond the state. */
export interface RoutingFacts {
  /** Connected users (presence). */
  online: ReadonlySet<string>;
  /** Open chats on the phone being decided, per user id and per department id. */
  openChats: { users: ReadonlyMap<string, number>; departments: ReadonlyMap<string, number> };
  /** A menu bot's choice: only this department's entries (and its members'). */
  onlyDepartment?: string;
}

/** A user's availability: offline unless connected; connected, what their status says. */
export function userAvailability(user: Pick<User, 'id' | 'status'>, online: ReadonlySet<string>): Availability {
  if (!online.has(user.id)) return 'offline';
  return user.status?.state ?? 'online';
}

const AVAILABILITY_RANK: Record<Availability, number> = { online: 0, busy: 1, away: 2, offline: 3 };

/**
 * Disabled users never get chats. A department is as available as its most available active
 * member, and as loaded as its least loaded one (its own chats count for every member).
 */
export function eligibility(state: State, facts: RoutingFacts): Eligibility {
  const users = new Map(state.users.map((u) => [u.id, u]));
  const activeMembers = (departmentId: string) =>
    (state.departments.find((d) => d.id === departmentId)?.members ?? []).map((id) => users.get(id)).filter((u): u is User => !!u && u.active);
  const userLoad = (userId: string) => facts.openChats.users.get(userId) ?? 0;
  const chosen = facts.onlyDepartment === undefined ? undefined : state.departments.find((d) => d.id === facts.onlyDepartment);
  return {
    isDisabled: (target) => target.type === 'user' && !users.get(target.userId)?.active,
    availability: (target) => {
      if (target.type === 'user') {
        const user = users.get(target.userId);
        return user ? userAvailability(user, facts.online) : 'offline';
      }
      let best: Availability = 'offline';
      for (const member of activeMembers(target.departmentId)) {
        const availability = userAvailability(member, facts.online);
        if (AVAILABILITY_RANK[availability] < AVAILABILITY_RANK[best]) best = availability;
      }
      return best;
    },
    load: (target) => {
      if (target.type === 'user') return userLoad(target.userId);
      const own = facts.openChats.departments.get(target.departmentId) ?? 0;
      const members = activeMembers(target.departmentId);
      return own + (members.length === 0 ? 0 : Math.min(...members.map((m) => userLoad(m.id))));
    },
    ...(facts.onlyDepartment !== undefined
      ? {
          onlyDepartment: facts.onlyDepartment,
          inDepartment: (target: RoundRobinTarget) =>
            target.type === 'department' ? target.departmentId === facts.onlyDepartment : !!chosen?.members.includes(target.userId),
        }
      : {}),
  };
}

/** Whether two assignees (or nobody) are the same user or department. */
export function sameTarget(a: RoundRobinTarget | null, b: RoundRobinTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return a.type === 'user' ? b.type === 'user' && a.userId === b.userId : b.type === 'department' && a.departmentId === b.departmentId;
}
