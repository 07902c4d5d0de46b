import type { HandoverView } from '../core/ops/handover.js';
import type { RoundRobinRemoval } from '../core/lookup.js';
import type { IOStreams } from './io.js';
import { plural, t } from '../i18n/translate.js';

/**
 * What became of the open chats a removed or disabled user (or a removed department) held:
 * "5 open chats: 3 to Bia Lima, 2 to Vendas" — one line on stderr, after the confirmation.
 */
export function handoverLine(handover: HandoverView): string | null {
  if (!handover.done) {
    return handover.mode === 'unassign' ? null : t`The daemon is not running: their open chats go to the rodízio when it starts (\`guru daemon start\`)`;
  }
  const n = handover.chats;
  if (n === 0) return null;
  if (handover.to.length === 1 && handover.to[0]!.assignee === null) {
    return handover.mode === 'round-robin'
      ? plural(
          n,
          t`${n} open chat left unassigned (nobody in the rodízio could take them)`,
          t`${n} open chats left unassigned (nobody in the rodízio could take them)`,
        )
      : plural(n, t`${n} open chat left unassigned`, t`${n} open chats left unassigned`);
  }
  const parts = handover.to.map((g) => (g.assignee ? t`${g.chats.length} to ${g.assignee.name}` : t`${g.chats.length} left unassigned`)).join(', ');
  return plural(n, t`${n} open chat: ${parts}`, t`${n} open chats: ${parts}`);
}

/** "Taken out of the round-robin of +5511999990000 (positions 1, 4)". */
export function roundRobinLine(removals: readonly RoundRobinRemoval[]): string | null {
  if (removals.length === 0) return null;
  const where = removals.map((r) => {
    const positions = r.positions.join(', ');
    return plural(r.positions.length, t`${r.phone} (position ${positions})`, t`${r.phone} (positions ${positions})`);
  });
  return t`Taken out of the round-robin of ${where.join(', ')}`;
}

export function printHandover(io: IOStreams, handover: HandoverView, removals: readonly RoundRobinRemoval[] = []): void {
  for (const line of [roundRobinLine(removals), handoverLine(handover)]) if (line) io.err(`${line}\n`);
}
