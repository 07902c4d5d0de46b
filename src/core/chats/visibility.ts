import { departmentsOf, type Principal } from '../access.js';
import type { State } from '../model.js';
import type { Chat } from './model.js';

/**
 * DESIGN.md visibility: admins and `chats.view_all` see everything; others see chats assigned
 * to them or to one of their departments, plus unassigned ones with `chats.view_unassigned`.
 * Checked by the engine on every read and write — never left to a UI.
 */
export function canSee(state: State, who: Principal, chat: Pick<Chat, 'assignee'>): boolean {
  if (who.isAdmin || who.permissions.has('chats.view_all')) return true;
  const assignee = chat.assignee;
  if (!assignee) return who.permissions.has('chats.view_unassigned');
  if (!who.user) return false;
  if (assignee.type === 'user') return assignee.userId === who.user.id;
  return departmentsOf(state, who.user.id).some((d) => d.id === assignee.departmentId);
}
