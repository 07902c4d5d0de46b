import type { RoundRobinTarget, State } from './model.js';

/** Who the journal and the audit name for the rodízio's own hand-outs. */
export const ROUTING_ACTOR = 'guru (rodízio)';

/**
 * A user or department as the audit names them: by name and id (and email), so an entry still
 * says who it was after they are gone.
 */
export interface AssigneeRef {
  type: 'user' | 'department';
  id: string;
  name: string;
  email?: string;
}

export function assigneeRef(state: State, target: RoundRobinTarget): AssigneeRef {
  if (target.type === 'user') {
    const user = state.users.find((u) => u.id === target.userId);
    return user ? { type: 'user', id: user.id, name: user.name, email: user.email } : { type: 'user', id: target.userId, name: '(removed user)' };
  }
  const dept = state.departments.find((d) => d.id === target.departmentId);
  return { type: 'department', id: target.departmentId, name: dept?.name ?? '(removed department)' };
}
