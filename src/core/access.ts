import { denied, GuruError } from './errors.js';
import type { Actor, State, User } from './model.js';
import { effectivePermissions, PERMISSIONS, type Permission } from './permissions.js';
import { t } from '../i18n/translate.js';

/** What the engine knows about whoever is acting, resolved against the current state. */
export interface Principal {
  actor: Actor;
  user: User | null;
  /** How the audit names them. */
  label: string;
  isAdmin: boolean;
  permissions: ReadonlySet<Permission>;
}

export function userLabel(user: Pick<User, 'name' | 'email'>): string {
  return `${user.name} <${user.email}>`;
}

export function departmentsOf(state: State, userId: string) {
  return state.departments.filter((d) => d.members.includes(userId));
}

export function permissionsOf(state: State, user: User): Permission[] {
  if (user.role === 'admin') return [...PERMISSIONS];
  return effectivePermissions(user.permissions, departmentsOf(state, user.id));
}

export function principal(state: State, actor: Actor): Principal {
  if (actor.type === 'owner') {
    return { actor, user: null, label: 'owner', isAdmin: true, permissions: new Set(PERMISSIONS) };
  }
  const user = state.users.find((u) => u.id === actor.userId);
  if (!user?.active) {
    throw new GuruError('unauthenticated', t`your session is no longer valid — log in again with \`guru login\``);
  }
  return {
    actor,
    user,
    label: userLabel(user),
    isAdmin: user.role === 'admin',
    permissions: new Set(permissionsOf(state, user)),
  };
}

/**
 * The daemon's pid, file paths and open-stream count describe the machine it runs on: for the
 * owner (who runs it) only. Users — possibly over the network — see its version, uptime, the
 * phones and who is online, nothing of the host.
 */
export function seesDaemonInternals(actor: Actor): boolean {
  return actor.type === 'owner';
}

/** Throws permission_denied unless the principal holds `permission` (admins hold all); `doing` is translated (t`add users`). */
export function requirePermission(who: Principal, permission: Permission, doing: string): void {
  if (who.isAdmin || who.permissions.has(permission)) return;
  throw denied(t`you may not ${doing}: it needs the "${permission}" permission — ask an admin to grant it`);
}
