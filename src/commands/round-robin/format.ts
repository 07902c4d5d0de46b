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
    { header: t`Max open`, cell: (e) => e.maxOpen },
    { header: t`Next`, cell: (e) => (e.position === queue.next ? t`◀ next` : null) },
  ];
}

/** Why an entry was passed over, in words (the JSON keeps the code). */
function skipReason(step: TrailStepView): string {
  const reason: SkipReason | undefined = step.reason;
  switch (reason) {
    case 'inactive':
      return t`inactive`;
    case 'offline':
      return t`offline`;
    case 'disabled':
      return t`disabled`;
    case 'busy':
      return t`busy`;
    case 'away':
      return t`away`;
    case 'at_capacity':
      return step.load ? t`at capacity ${step.load.open}/${step.load.max}` : t`at capacity`;
    case 'other_department':
      return t`not the department the bot chose`;
    case undefined:
      return '';
  }
}

/** "#3 dept:Vendas (offline)" — how a skipped entry reads in a trail. */
export function describeSkip(step: TrailStepView): string {
  return `#${step.position} ${step.target.ref} (${skipReason(step)})`;
}

/** "#2 user:bia@x (2/3 open)" — the entry a decision picked, with its load when it has a cap. */
export function describePick(step: TrailStepView): string {
  return `#${step.position} ${step.target.ref}${step.load ? ` (${t`${step.load.open}/${step.load.max} open`})` : ''}`;
}

/** Every skipped entry of a trail, in words, or null when none was. */
export function describeSkips(trail: readonly TrailStepView[]): string | null {
  return (
    trail
      .filter((s) => s.outcome === 'skipped')
      .map(describeSkip)
      .join(', ') || null
  );
}

export function decisionColumns(): Column<DecisionView & { pick: number }>[] {
  return [
    { header: t`Pick`, cell: (d) => d.pick },
    {
      header: t`Assigned to`,
      cell: (d) => {
        const picked = d.trail.find((s) => s.outcome === 'picked');
        return picked ? describePick(picked) : t`nobody (stays unassigned)`;
      },
    },
    { header: t`Skipped`, cell: (d) => describeSkips(d.trail) },
  ];
}
