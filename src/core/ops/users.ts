import { userLabel, type Principal } from '../access.js';
import { dropQuickReplies } from '../quick-replies.js';
import type { OperationContext } from '../context.js';
import { conflict, denied, GuruError, invalid } from '../errors.js';
import { requireMayGrant, requireMayManageSessionsOf, requireMayTakeOver, requireMayTouch } from '../grants.js';
import { newId } from '../ids.js';
import { findDepartment, findUser, removeFromRoundRobins, type RoundRobinRemoval } from '../lookup.js';
import { DEFAULT_SESSION_IDLE_MS, type Role, type RoundRobinTarget, type State, type User } from '../model.js';
import { assigneeRef, handOverChats, requireCanUnassign, type HandoverView } from './handover.js';
import { hashPassword } from '../password.js';
import { parsePermissions } from '../permissions.js';
import { normalizePhoneNumber } from '../phone-number.js';
import { inviteUser, type InviteResult } from './invites.js';
import { loadConfusables, requireDistinctLooking } from '../lookalike.js';
import { checkPassword, normalizeEmail, normalizeName } from '../validate.js';
import { userView, type UserView } from '../views.js';
import { t } from '../../i18n/translate.js';

export interface AddUserInput {
  email: string;
  name: string;
  /** Absent: the user has no password until they redeem an invite (`users.invite`). */
  password?: string;
  /** Their own WhatsApp number, where invites go. */
  whatsapp?: string | null;
  visibleName?: string | null;
  role?: Role;
  permissions?: string[];
  departments?: string[];
}

export interface EditUserInput {
  email?: string;
  name?: string;
  /** null or "" removes the signature. */
  visibleName?: string | null;
  /** null or "" forgets the number. */
  whatsapp?: string | null;
  role?: Role;
  /** Replaces the user's own permissions. */
  permissions?: string[];
  addPermissions?: string[];
  removePermissions?: string[];
  /** Replaces the user's department memberships. */
  departments?: string[];
}

const ROLES: readonly Role[] = ['admin', 'normal'];

/** How `disable` and `remove` (users and departments) treat the open chats they leave behind. */
export interface HandoverOptions {
  /** Leave them unassigned instead of handing them to the rodízio again. */
  unassign?: boolean;
}

/** A removed user as they were, where their round-robin turns were, and where their chats went. */
export type RemovedUserView = UserView & { roundRobin: RoundRobinRemoval[]; handover: HandoverView };

export function userOps(ctx: OperationContext) {
  const view = (state: State, user: User) => userView(state, user, ctx.deps.presence.onlineUserIds());
  return {
    list(): Promise<UserView[]> {
      return ctx.view(null, t`list users`, (state) => state.users.map((u) => view(state, u)));
    },

    show(email: string): Promise<UserView> {
      return ctx.view(null, t`see users`, (state) => view(state, findUser(state, email)));
    },

    async add(input: AddUserInput): Promise<UserView> {
      const email = normalizeEmail(input.email);
      const name = normalizeName(input.name, t`name`);
      const visibleName = normalizeVisibleName(input.visibleName);
      const role = parseRole(input.role ?? 'normal');
      const permissions = parsePermissions(input.permissions ?? []);
      const whatsapp = normalizeWhatsApp(input.whatsapp);
      if (input.password !== undefined) checkPassword(input.password);
      // Refuse before hashing: scrypt costs 32 MB and tens of ms, not to be spent on someone
      // without the permission or on a grant they may not make. (The change checks again,
      // against the state it writes.)
      await ctx.view('users.manage', t`add users`, (state, who) => {
        requireMayTouch(who, { role, email }, t`create`);
        requireMayGrant(who, permissions, t`to ${email}`, ` (${t`as their own permission`})`);
        for (const d of input.departments ?? []) {
          const dept = findDepartment(state, d);
          requireMayGrant(who, dept.permissions, t`to ${email}`, ` (${t`through department "${dept.name}"`})`);
        }
      });
      // Hash before taking the store: scrypt is the slow part and must not hold the lock.
      const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
      await loadConfusables();
      return ctx.change('users.manage', t`add users`, ({ draft, who, now, record }) => {
        requireMayTouch(who, { role, email }, t`create`);
        if (draft.users.some((u) => u.email === email)) {
          throw conflict(t`a user with email ${email} already exists — see \`guru user show ${email}\``);
        }
        const departments = (input.departments ?? []).map((d) => findDepartment(draft, d));
        requireFreeSeat(draft);
        requireDistinctNames(draft.users, name, visibleName);
        const user: User = {
          id: newId('u'),
          email,
          name,
          visibleName,
          role,
          permissions,
          passwordHash,
          ...(whatsapp ? { whatsapp } : {}),
          active: true,
          createdAt: now,
          updatedAt: now,
        };
        draft.users.push(user);
        for (const dept of departments) if (!dept.members.includes(user.id)) dept.members.push(user.id);
        record('user.add', email, {
          name,
          role,
          permissions,
          departments: departments.map((d) => d.name),
          ...(whatsapp ? { whatsapp } : {}),
          ...(passwordHash ? {} : { passwordSet: false }),
        });
        return view(draft, user);
      });
    },

    async edit(email: string, patch: EditUserInput): Promise<UserView> {
      if (patch.name !== undefined || patch.visibleName !== undefined) await loadConfusables();
      return ctx.change('users.manage', t`edit users`, ({ draft, who, now, record }) => {
        const user = findUser(draft, email);
        requireMayTouch(who, user, t`edit`);
        const changes: Record<string, unknown> = {};
        if (patch.email !== undefined) {
          const next = normalizeEmail(patch.email);
          if (next !== user.email) requireMayTakeOver(who, draft, user, 'email');
          if (next !== user.email && draft.users.some((u) => u.email === next)) {
            throw conflict(t`a user with email ${next} already exists`);
          }
          user.email = changes.email = next;
        }
        if (patch.name !== undefined) user.name = changes.name = normalizeName(patch.name, t`name`);
        if (patch.visibleName !== undefined) user.visibleName = changes.visibleName = normalizeVisibleName(patch.visibleName);
        if (patch.whatsapp !== undefined) {
          const whatsapp = normalizeWhatsApp(patch.whatsapp);
          if (whatsapp) user.whatsapp = whatsapp;
          else delete user.whatsapp;
          changes.whatsapp = whatsapp;
        }
        if (patch.name !== undefined || patch.visibleName !== undefined) {
          requireDistinctNames(
            draft.users.filter((u) => u !== user),
            patch.name !== undefined ? user.name : null,
            patch.visibleName !== undefined ? user.visibleName : null,
          );
        }
        if (patch.role !== undefined) {
          const role = parseRole(patch.role);
          requireMayTouch(who, { role, email: user.email }, t`make`);
          if (user.role === 'admin' && role !== 'admin') requireAnotherAdmin(draft, user, 'demote');
          user.role = changes.role = role;
        }
        let permissions = user.permissions;
        if (patch.permissions !== undefined) permissions = parsePermissions(patch.permissions);
        if (patch.addPermissions) permissions = parsePermissions([...permissions, ...patch.addPermissions]);
        if (patch.removePermissions) {
          const removing = parsePermissions(patch.removePermissions);
          permissions = permissions.filter((p) => !removing.includes(p));
        }
        if (permissions !== user.permissions) {
          user.permissions = changes.permissions = permissions;
        }
        if (patch.departments !== undefined) {
          const wanted = new Set(patch.departments.map((d) => findDepartment(draft, d).id));
          for (const dept of draft.departments) {
            dept.members = dept.members.filter((id) => id !== user.id);
            if (wanted.has(dept.id)) dept.members.push(user.id);
          }
          changes.departments = draft.departments.filter((d) => wanted.has(d.id)).map((d) => d.name);
        }
        if (Object.keys(changes).length === 0) throw invalid(t`nothing to change — pass at least one option (see \`guru user edit --help\`)`);
        // What the edit gives (own permissions, departments) is checked by the granting rule
        // around every change, against the state it would write.
        user.updatedAt = now;
        record('user.edit', user.email, changes);
        return view(draft, user);
      });
    },

    async passwd(email: string, password: string): Promise<UserView> {
      checkPassword(password);
      // As in add: refuse before spending a scrypt on someone who may not do this.
      await ctx.view(null, t`change passwords`, (state, who) => requireMayChangePassword(who, state, findUser(state, email)));
      const passwordHash = await hashPassword(password);
      return ctx.change(null, t`change passwords`, ({ draft, who, now, record, endSessionsOf }) => {
        const user = findUser(draft, email);
        requireMayChangePassword(who, draft, user);
        user.passwordHash = passwordHash;
        // A pending invite would let whoever holds its code choose the password again.
        delete user.invite;
        user.updatedAt = now;
        // A new password ends every session opened with the old one.
        endSessionsOf(user.id, 'password');
        record('user.passwd', user.email);
        return view(draft, user);
      });
    },

    /** A new one-time invite code for `email`, sent to their WhatsApp (see `inviteUser`). */
    invite(email: string): Promise<InviteResult> {
      return inviteUser(ctx, email);
    },

    /**
     * Disables a user; their open chats go to the rodízio again (or to nobody with `unassign`).
     * Asked again of a disabled user, it hands over what they still hold (a daemon that was not
     * running then).
     */
    async disable(email: string, options: HandoverOptions = {}): Promise<UserView & { handover: HandoverView }> {
      requireCanUnassign(ctx, options.unassign, t`disabling a user`);
      const { user, who, from } = await ctx.change('users.manage', t`disable users`, ({ draft, who, now, record }) => {
        const user = findUser(draft, email);
        requireMayTouch(who, user, t`disable`);
        const from = { target: { type: 'user' as const, userId: user.id }, ref: assigneeRef(draft, { type: 'user', userId: user.id }) };
        if (!user.active) return { user: view(draft, user), who, from };
        if (user.role === 'admin') requireAnotherAdmin(draft, user, 'disable');
        user.active = false;
        user.updatedAt = now;
        record('user.disable', user.email);
        return { user: view(draft, user), who, from };
      });
      const handover = await handOverChats(ctx, who, from, { unassign: options.unassign === true, reason: 'user.disable' });
      return { ...user, handover };
    },

    enable(email: string): Promise<UserView> {
      return ctx.change('users.manage', t`enable users`, ({ draft, who, now, record }) => {
        const user = findUser(draft, email);
        requireMayTouch(who, user, t`enable`);
        if (user.active) return view(draft, user);
        requireFreeSeat(draft);
        user.active = true;
        user.updatedAt = now;
        record('user.enable', user.email);
        return view(draft, user);
      });
    },

    /** The live login sessions of a user, oldest first (see `requireMayManageSessionsOf`). */
    async sessions(email: string): Promise<SessionView[]> {
      const { user, idleMs } = await ctx.view(null, t`see sessions`, (state, who) => {
        const user = findUser(state, email);
        requireMayManageSessionsOf(who, state, user, t`see the sessions of`);
        return { user, idleMs: state.account!.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS };
      });
      const now = ctx.deps.clock.now().getTime();
      return (await ctx.deps.sessions.listOf(user.id))
        .map((s) => ({ s, expires: Date.parse(s.lastSeenAt) + idleMs }))
        .filter(({ expires }) => expires > now)
        .map(({ s, expires }) => ({
          id: s.id,
          createdAt: s.createdAt,
          lastUsedAt: s.lastSeenAt,
          expiresAt: new Date(expires).toISOString(),
          source: s.source ?? 'local',
        }));
    },

    /** Ends every login session of a user at once — their open streams close with the reason. Audited. */
    async logout(email: string): Promise<{ email: string; ended: number }> {
      const { user, who } = await ctx.view(null, t`end sessions`, (state, who) => {
        const user = findUser(state, email);
        requireMayManageSessionsOf(who, state, user, t`end the sessions of`);
        return { user, who };
      });
      const ended = await ctx.deps.sessions.endAllOf(user.id, 'logout');
      await ctx.audit(who, 'user.logout', user.email, { sessions: ended });
      return { email: user.email, ended };
    },

    /**
     * Removes a user for good: out of their departments and every round-robin, sessions ended;
     * their open chats go to the rodízio again (or to nobody with `unassign`).
     */
    async remove(email: string, options: HandoverOptions = {}): Promise<RemovedUserView> {
      requireCanUnassign(ctx, options.unassign, t`removing a user`);
      const { removed, who, from, roundRobin } = await ctx.change('users.manage', t`remove users`, ({ draft, who, record, endSessionsOf }) => {
        const user = findUser(draft, email);
        requireMayTouch(who, user, t`remove`);
        if (who.user?.id === user.id) throw invalid(t`you cannot remove yourself`);
        if (user.role === 'admin' && user.active) requireAnotherAdmin(draft, user, 'remove');
        const target: RoundRobinTarget = { type: 'user', userId: user.id };
        const from = { target, ref: assigneeRef(draft, target) };
        const removed = view(draft, user);
        // Their turns go with them: an entry of nobody would only be skipped forever.
        const roundRobin = removeFromRoundRobins(draft, target);
        draft.users = draft.users.filter((u) => u.id !== user.id);
        endSessionsOf(user.id, 'removed');
        for (const dept of draft.departments) dept.members = dept.members.filter((id) => id !== user.id);
        dropQuickReplies(draft, { type: 'user', userId: user.id });
        record('user.remove', user.email, { name: user.name, ...(roundRobin.length > 0 ? { roundRobin } : {}) });
        return { removed, who, from, roundRobin };
      });
      const handover = await handOverChats(ctx, who, from, { unassign: options.unassign === true, reason: 'user.remove' });
      return { ...removed, roundRobin, handover };
    },
  };
}

/**
 * Your own password; with "users.manage", that of someone who holds nothing you do not (a reset
 * lets you log in as them); an admin's only as an admin.
 */
function requireMayChangePassword(who: Principal, state: State, user: User): void {
  if (who.user?.id === user.id) return;
  if (!who.isAdmin && !who.permissions.has('users.manage')) {
    throw denied(t`you may only change your own password unless you hold "users.manage"`);
  }
  requireMayTakeOver(who, state, user);
}

/** One login session as `guru user sessions` shows it: never its token. */
export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  /** When it ends if unused until then (the account's idle limit). */
  expiresAt: string;
  /** Where it was opened from: an IP address, or "local" (the data dir's unix socket). */
  source: string;
}

function parseRole(role: string): Role {
  if (!ROLES.includes(role as Role)) throw invalid(t`unknown role "${role}" — use admin or normal`);
  return role as Role;
}

/** A colleague's name or signature must not be a look-alike of someone else's (the audit and customers would be fooled). */
function requireDistinctNames(others: User[], name: string | null, visibleName: string | null): void {
  if (name)
    requireDistinctLooking(
      name,
      others.map((u) => u.name),
      t`user name`,
    );
  if (visibleName)
    requireDistinctLooking(
      visibleName,
      others.map((u) => u.visibleName),
      t`visible name`,
    );
}

function normalizeWhatsApp(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  return normalizePhoneNumber(value);
}

function normalizeVisibleName(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value.trim() === '') return null;
  return normalizeName(value, t`visible name`, 60);
}

/** Active users must stay within the account's seats. */
export function requireFreeSeat(state: State): void {
  const active = state.users.filter((u) => u.active).length;
  const seats = state.account!.seats;
  if (active >= seats) {
    throw new GuruError(
      'limit',
      t`seat limit reached: ${active}/${seats} active users — raise it with \`guru account set --seats ${seats + 1}\` or free a seat with \`guru user disable <email>\``,
    );
  }
}

function requireAnotherAdmin(state: State, user: User, doing: 'demote' | 'disable' | 'remove'): void {
  const others = state.users.filter((u) => u.role === 'admin' && u.active && u.id !== user.id);
  if (others.length > 0) return;
  const who = userLabel(user);
  if (doing === 'demote') throw conflict(t`cannot demote ${who}: it is the last active admin`);
  if (doing === 'disable') throw conflict(t`cannot disable ${who}: it is the last active admin`);
  throw conflict(t`cannot remove ${who}: it is the last active admin`);
}
