import type { Column } from '../../cli/table.js';
import type { SkipReason } from '../../core/round-robin.js';
import type { DecisionView, RoundRobinEntryView, RoundRobinView, TrailStepView } from '../../core/views.js';
import { t } from '../../i18n/translate.js';

export function entryColumns(queue: RoundRobinView): Column<RoundRobinEntryView>[] {
  return [
    { header: t`Pos`, cell: (e) => e.position },
    { header: t`Target`, cell: (e) => e.target.ref },
    { header: t`Name`, cell: (e) => e.target.name },
    // A disabled user's entry is skipped whatever its flag says: say so rather than "yes".
    { header: t`Active`, cell: (e) => (e.disabled ? t`disabled` : e.active) },
    { header: t`Skip offline`, cell: (e) => e.skipOffline },
    { header: t`Next`, cell: (e) => (e.position === queue.next ? t`◀ next` : null) },
  ];
}

/** Why an entry was passed over, in words (the JSON keeps the code). */
function skipReason(reason: SkipReason | undefined): string {
  switch (reason) {
    case 'inactive':
      return t`inactive`;
    case 'offline':
      return t`offline`;
    case 'disabled':
      return t`disabled`;
    default:
      return String(reason);
  }
}

/** "#3 dept:Vendas (offline)" — how a skipped entry reads in a trail. */
export function describeSkip(step: TrailStepView): string {
  return `#${step.position} ${step.target.ref} (${skipReason(step.reason)})`;
}

export function decisionColumns(): Column<DecisionView & { pick: number }>[] {
  return [
    { header: t`Pick`, cell: (d) => d.pick },
    { header: t`Assigned to`, cell: (d) => (d.assignee ? `#${d.assignee.position} ${d.assignee.ref}` : t`nobody (stays unassigned)`) },
    {
      header: t`Skipped`,
      cell: (d) =>
        d.trail
          .filter((s) => s.outcome === 'skipped')
          .map(describeSkip)
          .join(', ') || null,
    },
  ];
}
