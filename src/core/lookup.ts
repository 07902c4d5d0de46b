import { notFound } from './errors.js';
import type { Department, Phone, RoundRobin, State, User } from './model.js';
import { normalizePhoneNumber } from './phone-number.js';
import { normalizeEmail } from './validate.js';

/** Finders that fail with a one-line error naming the thing and the command that lists them. */

export function findUser(state: State, email: string): User {
  const wanted = normalizeEmail(email);
  const user = state.users.find((u) => u.email === wanted);
  if (!user) throw notFound(`no user with email ${wanted} — see \`guru user list\``);
  return user;
}

export function sameName(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}

export function findDepartment(state: State, name: string): Department {
  const dept = state.departments.find((d) => sameName(d.name, name.trim()));
  if (!dept) throw notFound(`no department named "${name}" — see \`guru dept list\``);
  return dept;
}

export function findPhone(state: State, number: string): Phone {
  const wanted = normalizePhoneNumber(number);
  const phone = state.phones.find((p) => p.number === wanted);
  if (!phone) throw notFound(`phone ${wanted} is not registered — add it with \`guru phone add ${wanted}\``);
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

/** Where a user or department appears in round-robins, as "+55… position 3" strings. */
export function roundRobinUses(state: State, matches: (target: RoundRobin['entries'][number]['target']) => boolean): string[] {
  const uses: string[] = [];
  for (const queue of state.roundRobins) {
    queue.entries.forEach((entry, i) => {
      if (matches(entry.target)) uses.push(`${queue.phone} position ${i + 1}`);
    });
  }
  return uses;
}
