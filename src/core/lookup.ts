import { notFound } from './errors.js';
import type { Department, Phone, RoundRobin, RoundRobinTarget, State, User } from './model.js';
import { removeEntry, sameTarget } from './round-robin.js';
import { normalizePhoneNumber } from './phone-number.js';
import { normalizeEmail } from './validate.js';
import { t } from '../i18n/translate.js';

/** Finders that fail with a one-line error naming the thing and the command that lists them. */

export function findUser(state: State, email: string): User {
  const wanted = normalizeEmail(email);
  const user = state.users.find((u) => u.email === wanted);
  if (!user) throw notFound(t`no user with email ${wanted} — see \`guru user list\``);
  return user;
}

export function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

export function findDepartment(state: State, name: string): Department {
  const dept = state.departments.find((d) => sameName(d.name, name.trim()));
  if (!dept) throw notFound(t`no department named "${name}" — see \`guru dept list\``);
  return dept;
}

export function findPhone(state: State, number: string): Phone {
  const wanted = normalizePhoneNumber(number);
  const phone = state.phones.find((p) => p.number === wanted);
  if (!phone) throw notFound(t`phone ${wanted} is not registered — add it with \`guru phone add ${wanted}\``);
  return phone;
}

/** The phone's queue, created empty on first use. */
export function queueOf(state: State, phone: Phone): RoundRobin {
  let queue = state.roundRobins.find((q) => q.phone === phone.number);
  if (!queue) {
    queue = { phone: phone.number, entries: [], cursor: -1 };
    state.roundRobins.push(queue);
  }
  return queue;
}

/** Where entries were taken out of one phone's round-robin: their 1-based positions before. */
export interface RoundRobinRemoval {
  phone: string;
  positions: number[];
}

/** Takes every entry of `target` out of every round-robin (the cursor keeps its place: `removeEntry`). */
export function removeFromRoundRobins(state: State, target: RoundRobinTarget): RoundRobinRemoval[] {
  const removals: RoundRobinRemoval[] = [];
  for (const queue of state.roundRobins) {
    const positions = queue.entries.flatMap((entry, i) => (sameTarget(entry.target, target) ? [i + 1] : []));
    // Last first, so the positions still to remove do not shift.
    for (const position of [...positions].reverse()) removeEntry(queue, position);
    if (positions.length > 0) removals.push({ phone: queue.phone, positions });
  }
  return removals;
}
