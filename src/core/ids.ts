import { randomBytes } from 'node:crypto';

/** Short random ids with a readable prefix (`u_…` users, `d_…` departments, `e_…` entries). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}
