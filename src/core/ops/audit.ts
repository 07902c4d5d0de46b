import type { OperationContext } from '../context.js';
import type { AuditEntry } from '../ports.js';

export function auditOps(ctx: OperationContext) {
  return {
    /** The audit trail, oldest first; needs "audit.view". */
    async list(filter: { since?: Date } = {}): Promise<AuditEntry[]> {
      await ctx.view('audit.view', 'read the audit log', () => undefined);
      return ctx.deps.audit.list(filter);
    },
  };
}
