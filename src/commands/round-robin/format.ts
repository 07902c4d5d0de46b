import type { Column } from '../../cli/table.js';
import type { DecisionView, RoundRobinEntryView, RoundRobinView, TrailStepView } from '../../core/views.js';

export function entryColumns(queue: RoundRobinView): Column<RoundRobinEntryView>[] {
  return [
    { header: 'Pos', cell: (e) => e.position },
    { header: 'Target', cell: (e) => e.target.ref },
    { header: 'Name', cell: (e) => e.target.name },
    // A disabled user's entry is skipped whatever its flag says: say so rather than "yes".
    { header: 'Active', cell: (e) => (e.disabled ? 'disabled' : e.active) },
    { header: 'Skip offline', cell: (e) => e.skipOffline },
    { header: 'Next', cell: (e) => (e.position === queue.next ? '◀ next' : null) },
  ];
}

/** "#3 dept:Vendas (offline)" — how a skipped entry reads in a trail. */
export function describeSkip(step: TrailStepView): string {
  return `#${step.position} ${step.target.ref} (${step.reason})`;
}

export const decisionColumns: Column<DecisionView & { pick: number }>[] = [
  { header: 'Pick', cell: (d) => d.pick },
  { header: 'Assigned to', cell: (d) => (d.assignee ? `#${d.assignee.position} ${d.assignee.ref}` : 'nobody (stays unassigned)') },
  {
    header: 'Skipped',
    cell: (d) =>
      d.trail
        .filter((s) => s.outcome === 'skipped')
        .map(describeSkip)
        .join(', ') || null,
  },
];
