import type { OperationContext } from '../context.js';
import { dropQuickReplies } from '../quick-replies.js';
import { conflict, invalid } from '../errors.js';
import { newId } from '../ids.js';
import { findDepartment, findUser, removeFromRoundRobins, sameName, type RoundRobinRemoval } from '../lookup.js';
import type { Department, RoundRobinTarget, State } from '../model.js';
import { assigneeRef, handOverChats, requireCanUnassign, type HandoverView } from './handover.js';
import type { HandoverOptions } from './users.js';
import { parsePermissions } from '../permissions.js';
import type { Principal } from '../access.js';
import { requireMayGrant } from '../grants.js';
import { loadConfusables, requireDistinctLooking } from '../lookalike.js';
import { normalizeName } from '../validate.js';
import { departmentView, type DepartmentView } from '../views.js';
import { plural, t } from '../../i18n/translate.js';

/** A removed department as it was, where its round-robin entries were, and where its chats went. */
export type RemovedDepartmentView = DepartmentView & { roundRobin: RoundRobinRemoval[]; handover: HandoverView };

export function departmentOps(ctx: OperationContext) {
  /** One change to one department, audited under `action`. */
  const changeDept = (name: string, doing: string, apply: (dept: Department, draft: State, who: Principal) => Record<string, unknown> | null, action: string) =>
    ctx.change('departments.manage', doing, ({ draft, who, record }) => {
      const dept = findDepartment(draft, name);
      const details = apply(dept, draft, who);
      if (details) record(action, dept.name, details);
      return departmentView(draft, dept);
    });

  return {
    list(): Promise<DepartmentView[]> {
      return ctx.view(null, t`list departments`, (state) => state.departments.map((d) => departmentView(state, d)));
    },

    show(name: string): Promise<DepartmentView> {
      return ctx.view(null, t`see departments`, (state) => departmentView(state, findDepartment(state, name)));
    },

    async add(name: string, permissionNames: string[] = []): Promise<DepartmentView> {
      const clean = normalizeName(name, t`department name`, 60);
      const permissions = parsePermissions(permissionNames);
      await loadConfusables();
      return ctx.change('departments.manage', t`add departments`, ({ draft, who, now, record }) => {
        // A department's permissions go to whoever joins it later: give only what you hold.
        requireMayGrant(who, permissions, t`to department "${clean}"`);
        requireUniqueName(draft, clean);
        requireDistinctLooking(
          clean,
          draft.departments.map((d) => d.name),
          t`department`,
        );
        const dept: Department = { id: newId('d'), name: clean, members: [], permissions, createdAt: now };
        draft.departments.push(dept);
        record('department.add', clean, { permissions });
        return departmentView(draft, dept);
      });
    },

    async rename(oldName: string, newName: string): Promise<DepartmentView> {
      const clean = normalizeName(newName, t`department name`, 60);
      await loadConfusables();
      return changeDept(
        oldName,
        t`rename departments`,
        (dept, draft) => {
          if (!sameName(dept.name, clean)) requireUniqueName(draft, clean);
          requireDistinctLooking(
            clean,
            draft.departments.filter((d) => d !== dept).map((d) => d.name),
            t`department`,
          );
          const from = dept.name;
          dept.name = clean;
          return { from, to: clean };
        },
        'department.rename',
      );
    },

    /**
     * Removes a department: its round-robin entries go with it, and the open chats assigned to
     * it go to the rodízio again (or to nobody with `unassign`).
     */
    async remove(name: string, options: HandoverOptions = {}): Promise<RemovedDepartmentView> {
      requireCanUnassign(ctx, options.unassign, t`removing a department`);
      const { removed, who, from, roundRobin } = await ctx.change('departments.manage', t`remove departments`, ({ draft, who, record }) => {
        const dept = findDepartment(draft, name);
        const target: RoundRobinTarget = { type: 'department', departmentId: dept.id };
        const from = { target, ref: assigneeRef(draft, target) };
        const removed = departmentView(draft, dept);
        const roundRobin = removeFromRoundRobins(draft, target);
        draft.departments = draft.departments.filter((d) => d.id !== dept.id);
        dropQuickReplies(draft, { type: 'department', departmentId: dept.id });
        record('department.remove', dept.name, roundRobin.length > 0 ? { roundRobin } : undefined);
        return { removed, who, from, roundRobin };
      });
      const handover = await handOverChats(ctx, who, from, { unassign: options.unassign === true, reason: 'department.remove' });
      return { ...removed, roundRobin, handover };
    },

    addMembers(name: string, emails: string[]): Promise<DepartmentView> {
      if (emails.length === 0) throw invalid(t`name at least one member email`);
      // What the new members gain is checked by the granting rule around every change.
      return changeDept(
        name,
        t`change department members`,
        (dept, draft) => {
          const users = emails.map((e) => findUser(draft, e)).filter((u) => !dept.members.includes(u.id));
          for (const u of users) if (!dept.members.includes(u.id)) dept.members.push(u.id);
          return users.length > 0 ? { added: users.map((u) => u.email) } : null;
        },
        'department.member_add',
      );
    },

    removeMembers(name: string, emails: string[]): Promise<DepartmentView> {
      if (emails.length === 0) throw invalid(t`name at least one member email`);
      return changeDept(
        name,
        t`change department members`,
        (dept, draft) => {
          const users = emails.map((e) => findUser(draft, e));
          const notMembers = users.filter((u) => !dept.members.includes(u.id));
          if (notMembers.length > 0) {
            const emails = notMembers.map((u) => u.email).join(', ');
            throw invalid(plural(notMembers.length, t`${emails} is not in ${dept.name}`, t`${emails} are not in ${dept.name}`));
          }
          dept.members = dept.members.filter((id) => !users.some((u) => u.id === id));
          return { removed: users.map((u) => u.email) };
        },
        'department.member_remove',
      );
    },

    addPermissions(name: string, permissionNames: string[]): Promise<DepartmentView> {
      const adding = parsePermissions(permissionNames);
      if (adding.length === 0) throw invalid(t`name at least one permission`);
      return changeDept(
        name,
        t`change department permissions`,
        (dept, _draft, who) => {
          requireMayGrant(who, adding, t`to department "${dept.name}"`);
          const before = dept.permissions;
          dept.permissions = parsePermissions([...before, ...adding]);
          return dept.permissions.length !== before.length ? { added: adding } : null;
        },
        'department.perm_add',
      );
    },

    removePermissions(name: string, permissionNames: string[]): Promise<DepartmentView> {
      const removing = parsePermissions(permissionNames);
      if (removing.length === 0) throw invalid(t`name at least one permission`);
      return changeDept(
        name,
        t`change department permissions`,
        (dept) => {
          const before = dept.permissions;
          dept.permissions = before.filter((p) => !removing.includes(p));
          return dept.permissions.length !== before.length ? { removed: removing } : null;
        },
        'department.perm_remove',
      );
    },
  };
}

function requireUniqueName(state: State, name: string): void {
  if (state.departments.some((d) => sameName(d.name, name))) {
    throw conflict(t`a department named "${name}" already exists — see \`guru dept list\``);
  }
}
