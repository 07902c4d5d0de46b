import { invalid } from './errors.js';
import type { RoundRobin, RoundRobinEntry, RoundRobinTarget, State } from './model.js';
import { t } from '../i18n/translate.js';

/** Why an entry was passed over. */
export type SkipReason = 'inactive' | 'offline' | 'disabled';

export interface TrailStep {
  /** 1-based position in the queue, as `guru rr show` prints it. */
  position: number;
  target: RoundRobinTarget;
  outcome: 'picked' | 'skipped';
  reason?: SkipReason;
}

/** A round-robin decision: who got the chat (or nobody) and every entry looked at on the way. */
export interface Decision {
  /** Index of the picked entry, or null when none was eligible (the chat stays unassigned). */
  picked: number | null;
  target: RoundRobinTarget | null;
  trail: TrailStep[];
}

/** What the walk needs to know about targets, supplied by the engine (presence, disabled users). */
export interface Eligibility {
  isDisabled(target: RoundRobinTarget): boolean;
  isOnline(target: RoundRobinTarget): boolean;
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
    if (reason) {
      trail.push({ position: index + 1, target: entry.target, outcome: 'skipped', reason });
      continue;
    }
    trail.push({ position: index + 1, target: entry.target, outcome: 'picked' });
    return { picked: index, target: entry.target, trail };
  }
  return { picked: null, target: null, trail };
}

function skipReason(entry: RoundRobinEntry, eligibility: Eligibility): SkipReason | undefined {
  if (!entry.active) return 'inactive';
  if (eligibility.isDisabled(entry.target)) return 'disabled';
  if (entry.skipOffline && !eligibility.isOnline(entry.target)) return 'offline';
  return undefined;
}

/** The next `count` decisions without touching the real queue. */
export function simulate(queue: Pick<RoundRobin, 'entries' | 'cursor'>, eligibility: Eligibility, count: number): Decision[] {
  let cursor = queue.cursor;
  const decisions: Decision[] = [];
  for (let i = 0; i < count; i++) {
    const decision = decide({ entries: queue.entries, cursor }, eligibility);
    decisions.push(decision);
    if (decision.picked !== null) cursor = decision.picked;
  }
  return decisions;
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

/** Disabled users never get chats; a department is online when any active member is. */
export function eligibility(state: State, online: ReadonlySet<string>): Eligibility {
  return {
    isDisabled: (target) => target.type === 'user' && !state.users.some((u) => u.id === target.userId && u.active),
    isOnline: (target) => {
      if (target.type === 'user') return online.has(target.userId);
      const dept = state.departments.find((d) => d.id === target.departmentId);
      return !!dept && dept.members.some((id) => online.has(id) && state.users.some((u) => u.id === id && u.active));
    },
  };
}

/** Whether two assignees (or nobody) are the same user or department. */
export function sameTarget(a: RoundRobinTarget | null, b: RoundRobinTarget | null): boolean {
  if (a === null || b === null) return a === b;
  return a.type === 'user' ? b.type === 'user' && a.userId === b.userId : b.type === 'department' && a.departmentId === b.departmentId;
}
