import type { HandoverView } from '../core/ops/handover.js';
import type { RoundRobinRemoval } from '../core/lookup.js';
import type { IOStreams } from './io.js';

/**
 * What became of the open chats a removed or disabled user (or a removed department) held:
 * "5 open chats: 3 to Bia Lima, 2 to Vendas" — one line on stderr, after the confirmation.
 */
export function handoverLine(handover: HandoverView): string | null {
  if (!handover.done) {
    return handover.mode === 'unassign' ? null : 'The daemon is not running: their open chats go to the rodízio when it starts (`guru daemon start`)';
  }
  if (handover.chats === 0) return null;
  const chats = `${handover.chats} open chat${handover.chats === 1 ? '' : 's'}`;
  if (handover.to.length === 1 && handover.to[0]!.assignee === null) {
    return `${chats} left unassigned${handover.mode === 'round-robin' ? ' (nobody in the rodízio could take them)' : ''}`;
  }
  const parts = handover.to.map((g) => `${g.chats.length} ${g.assignee ? `to ${g.assignee.name}` : 'left unassigned'}`);
  return `${chats}: ${parts.join(', ')}`;
}

/** "Taken out of the round-robin of +5511999990000 (positions 1, 4)". */
export function roundRobinLine(removals: readonly RoundRobinRemoval[]): string | null {
  if (removals.length === 0) return null;
  const where = removals.map((r) => `${r.phone} (position${r.positions.length === 1 ? '' : 's'} ${r.positions.join(', ')})`);
  return `Taken out of the round-robin of ${where.join(', ')}`;
}

export function printHandover(io: IOStreams, handover: HandoverView, removals: readonly RoundRobinRemoval[] = []): void {
  for (const line of [roundRobinLine(removals), handoverLine(handover)]) if (line) io.err(`${line}\n`);
}
