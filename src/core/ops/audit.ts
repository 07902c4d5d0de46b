import type { OperationContext } from '../context.js';
import type { AuditEntry } from '../ports.js';
import { t } from '../../i18n/translate.js';

export function auditOps(ctx: OperationContext) {
  return {
    /** The audit trail, oldest first; needs "audit.view". */
    async list(filter: { since?: Date } = {}): Promise<AuditEntry[]> {
      await ctx.view('audit.view', t`read the audit log`, () => undefined);
      return ctx.deps.audit.list(filter);
    },
  };
}
