import { invalid } from './errors.js';
import { t } from '../i18n/translate.js';

/** Every permission a normal user can hold (DESIGN.md). Admins implicitly hold them all. */
export const PERMISSIONS = [
  'chats.view_all',
  'chats.view_unassigned',
  'chats.send',
  // Starting a conversation with a customer who has not written (`guru chat new`).
  'chats.start',
  'chats.transfer',
  'chats.close',
  'users.manage',
  'departments.manage',
  'round_robin.manage',
  'phones.manage',
  'audit.view',
  // Reports and the inbox's live panel: every agent's figures and who waits (team leads).
  'reports.view',
  // Defining the team's tags (`guru tag add|rename|remove`); putting them on chats needs only the chat.
  'tags.manage',
  // Quick replies for everyone or a department (anyone may keep their own).
  'quick_replies.manage',
  // A customer's data, whoever's chats they are in: exporting it and erasing it for good (LGPD).
  'contacts.privacy',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const known = new Set<string>(PERMISSIONS);

export function isPermission(value: string): value is Permission {
  return known.has(value);
}

/** Validates and de-duplicates a list of permission names, keeping catalogue order. */
export function parsePermissions(values: readonly string[]): Permission[] {
  for (const value of values) {
    if (!isPermission(value)) {
      throw invalid(t`unknown permission "${value}" — valid permissions: ${PERMISSIONS.join(', ')}`);
    }
  }
  return PERMISSIONS.filter((p) => values.includes(p));
}

/** Effective permissions = the user's own ∪ those of every department they belong to. */
export function effectivePermissions(own: readonly Permission[], departments: readonly { permissions: readonly Permission[] }[]): Permission[] {
  const all = new Set<Permission>(own);
  for (const dept of departments) for (const p of dept.permissions) all.add(p);
  return PERMISSIONS.filter((p) => all.has(p));
}
