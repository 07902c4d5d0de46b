import type { Principal } from './access.js';
import { denied } from './errors.js';
import type { State, User } from './model.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import { formatList } from '../i18n/format.js';
import { plural, t } from '../i18n/translate.js';

/**
 * The granting rule (DESIGN.md, "Trust and access"), said once: nobody gives anyone — themself
 * included — an effective permission they do not hold, whatever the path (a user's own
 * permissions, their departments, a department's members or permissions, a new user, enabling
 * one, a password reset that lets the actor log in as someone else); and only admins touch
 * admins. The owner and admins hold every permission, so the rule never stops them.
 *
 * Operations check it early, for a clear refusal before any slow work; `grantGuard` checks it
 * again around every change, against the state the change would write, so a path that forgets
 * its own check cannot raise anyone's permissions either.
 */

/** The permissions of `wanted` that `granter` does not hold, so may not give (none for admins). */
export function mayGrant(granter: Principal, wanted: Iterable<Permission>): Permission[] {
  if (granter.isAdmin) return [];
  const missing = new Set<Permission>();
  for (const p of wanted) if (!granter.permissions.has(p)) missing.add(p);
  return PERMISSIONS.filter((p) => missing.has(p));
}

/**
 * Throws permission_denied unless `granter` holds all of `wanted`. `to` names who would receive
 * them ("to bia@acme.com", "to yourself"), `how` the path (" through department \"Vendas\""),
 * both in the reader's language (t`to ${email}`).
 */
export function requireMayGrant(granter: Principal, wanted: Iterable<Permission>, to: string, how = ''): void {
  const missing = mayGrant(granter, wanted);
  if (missing.length === 0) return;
  const perms = formatList(missing, 'and');
  throw denied(
    plural(
      missing.length,
      t`you cannot give ${perms} ${to}${how}: you do not hold it — ask an admin to do it`,
      t`you cannot give ${perms} ${to}${how}: you do not hold them — ask an admin to do it`,
    ),
  );
}

/**
 * Only admins (and the owner) create, change, disable, enable, remove or reset the password of an
 * admin. `doing` is the verb, in the reader's language (t`disable`), before "an admin".
 */
export function requireMayTouch(who: Principal, target: Pick<User, 'role' | 'email'>, doing: string): void {
  if (who.isAdmin || target.role !== 'admin') return;
  throw denied(t`only admins can ${doing} an admin (${target.email}) — ask an admin to do it`);
}

/** The ways into someone else's account, as the refusals name them (`how` follows "to yourself"). */
function takeover(way: 'password' | 'email', email: string): { doing: string; how: string } {
  if (way === 'password') return { doing: t`reset the password of`, how: t`by resetting the password of ${email}` };
  // The password recovery code goes to the account's email: whoever sets it can reset the password.
  return { doing: t`change the email of`, how: t`by changing the email of ${email}` };
}

/**
 * Resetting someone's password — or changing their email, where a recovery code then goes —
 * lets whoever does it log in as them: it gives the actor every permission the account could
 * use (disabled or not — it may be enabled later).
 */
export function requireMayTakeOver(who: Principal, state: State, target: User, way: 'password' | 'email' = 'password'): void {
  if (who.user?.id === target.id) return;
  const { doing, how } = takeover(way, target.email);
  requireMayTouch(who, target, doing);
  requireMayGrant(who, potentialPermissions(state, target), t`to yourself`, ` ${how}`);
}

/**
 * Seeing or ending someone's login sessions: your own always; someone else's with "users.manage",
 * and only of someone who holds nothing you do not (and an admin's only as an admin) — ending
 * a more privileged colleague's sessions, or watching where they log in from, is not yours to do.
 * `doing` as for `requireMayTouch` (t`end the sessions of`).
 */
export function requireMayManageSessionsOf(who: Principal, state: State, target: User, doing: string): void {
  if (who.user?.id === target.id) return;
  if (!who.isAdmin && !who.permissions.has('users.manage')) {
    throw denied(t`you may not ${doing} other users: it needs the "users.manage" permission — ask an admin to grant it`);
  }
  requireMayTouch(who, target, doing);
  const missing = mayGrant(who, potentialPermissions(state, target));
  if (missing.length > 0) {
    throw denied(t`you cannot ${doing} ${target.email}: they hold ${formatList(missing, 'and')}, which you do not — ask an admin to do it`);
  }
}

/**
 * Snapshot of who holds what before a change; `check` refuses the change when, in the state it
 * would write, anyone gained a permission the actor does not hold, or an admin was created or
 * altered by someone who is not one.
 */
export function grantGuard(who: Principal, before: State): { check(after: State): void } {
  if (who.isAdmin) return { check: () => undefined };
  const held = holdings(before);
  const admins = adminRecords(before);
  return {
    check(after) {
      const now = adminRecords(after);
      for (const [id, record] of new Map([...admins, ...now])) {
        if (admins.get(id) !== now.get(id)) {
          requireMayTouch(who, { role: 'admin', email: (JSON.parse(record) as User).email }, t`create, change or remove`);
        }
      }
      for (const [id, perms] of holdings(after)) {
        const had = held.get(id);
        const gained = [...perms].filter((p) => !had?.has(p));
        if (mayGrant(who, gained).length === 0) continue;
        const user = after.users.find((u) => u.id === id)!;
        const to = who.user?.id === id ? t`to yourself` : t`to ${user.email}`;
        requireMayGrant(who, gained, to, sourcesOf(after, user, mayGrant(who, gained), !had && before.users.some((u) => u.id === id)));
      }
    },
  };
}

/** Each active user's effective permissions (admins: all); disabled users hold nothing. */
function holdings(state: State): Map<string, Set<Permission>> {
  const map = new Map<string, Set<Permission>>();
  for (const u of state.users) {
    if (u.active) map.set(u.id, new Set(u.role === 'admin' ? PERMISSIONS : u.permissions));
  }
  for (const d of state.departments) {
    for (const id of d.members) {
      const perms = map.get(id);
      if (perms) for (const p of d.permissions) perms.add(p);
    }
  }
  return map;
}

/** What an account gives whoever can log in as it: everything if admin, else own ∪ departments'. */
function potentialPermissions(state: State, user: User): Set<Permission> {
  if (user.role === 'admin') return new Set(PERMISSIONS);
  const perms = new Set(user.permissions);
  for (const d of state.departments) if (d.members.includes(user.id)) for (const p of d.permissions) perms.add(p);
  return perms;
}

function adminRecords(state: State): Map<string, string> {
  return new Map(state.users.filter((u) => u.role === 'admin').map((u) => [u.id, JSON.stringify(u)]));
}

/** " (through department \"Vendas\")", " (as their own permission)", … — where a gain came from. */
function sourcesOf(state: State, user: User, missing: readonly Permission[], enabled: boolean): string {
  const sources: string[] = [];
  if (user.role === 'admin') sources.push(t`as an admin`);
  if (missing.some((p) => user.permissions.includes(p))) sources.push(t`as their own permission`);
  for (const d of state.departments) {
    if (d.members.includes(user.id) && missing.some((p) => d.permissions.includes(p))) sources.push(t`through department "${d.name}"`);
  }
  const from = sources.length > 0 ? ` (${sources.join(', ')})` : '';
  return enabled ? ` ${t`by enabling them`}${from}` : from;
}
