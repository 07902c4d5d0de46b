import type { RoutingStepView } from '../../core/chats/routing-view.js';
import type { HandoverReason } from '../../core/chats/model.js';
import { formatDateTime } from '../../i18n/format.js';
import { plural, t } from '../../i18n/translate.js';
import { describePick, describeSkips } from '../round-robin/format.js';

/** One routing step of a chat in words, as `guru chat why` lists them. */
export function describeRoutingStep(step: RoutingStepView): string {
  switch (step.kind) {
    case 'opened':
      return `${openedBecause(step.cause)}: ${step.held === 'hours' ? closedText(step.opensAt) : step.held === 'bot' ? t`the menu bot took the conversation (no rodízio yet)` : decision(step)}`;
    case 'assigned':
      if (step.handover === null) return t`transferred by ${step.by} to ${step.assignee?.ref ?? t`nobody`}`;
      return `${handedOverBecause(step.handover, step.cause)}: ${decision(step)}`;
    case 'bot':
      switch (step.step) {
        case 'greeted':
          return t`bot: sent the menu`;
        case 'retry':
          return t`bot: did not understand “${step.answer ?? ''}” (unknown answer ${step.tries}) — sent the menu again`;
        case 'matched':
          return t`bot: “${step.answer ?? ''}” chose ${step.department ?? '?'}`;
        case 'fallback':
          return t`bot: ${step.tries} answers not understood — the normal rodízio decides`;
        case 'timeout':
          return t`bot: no answer in time — the normal rodízio decides`;
      }
      return '';
    case 'auto_reply':
      return step.auto === 'hours' ? t`automatic out-of-hours reply sent` : t`bot message sent`;
  }
}

/** Why a chat opened out of hours waited, and until when. */
function closedText(opensAt: string | null): string {
  return opensAt
    ? t`the number was closed (opening hours) — nobody assigned; it waits for opening time, ${formatDateTime(opensAt)}`
    : t`the number was closed (opening hours) — nobody assigned; it waits for opening time`;
}

/** A rodízio decision: the entry picked and the ones skipped, or why nobody. */
function decision(step: Extract<RoutingStepView, { kind: 'opened' | 'assigned' }>): string {
  const picked = step.trail.find((s) => s.outcome === 'picked');
  const skips = describeSkips(step.trail);
  const skipped = skips ? ` — ${t`skipped ${skips}`}` : '';
  if (picked) return `${t`rodízio picked ${describePick(picked)}`}${skipped}`;
  if (step.assignee) return step.assignee.ref;
  if (step.waiting) return step.trail.length === 0 ? t`nobody in the rodízio — it waits` : `${t`nobody could take it — it waits`}${skipped}`;
  return t`nobody (left unassigned)`;
}

function openedBecause(cause: Extract<RoutingStepView, { kind: 'opened' }>['cause']): string {
  switch (cause) {
    case 'new':
      return t`opened by a first message`;
    case 'reopen':
      return t`reopened by a message`;
    case 'history':
      return t`synced from history`;
    case 'phone':
      return t`opened from the phone`;
    case 'started':
      return t`started by a colleague`;
  }
}

function handedOverBecause(handover: HandoverReason, cause: string | null): string {
  switch (handover) {
    case 'user.remove':
    case 'user.disable':
    case 'department.remove':
      return t`handed over: its assignee was removed or disabled`;
    case 'backlog':
      return cause ? t`handed out from the waiting chats (${cause})` : t`handed out from the waiting chats`;
    case 'absent':
      return cause ? t`handed over: the customer wrote while the agent was absent (${cause})` : t`handed over: the customer wrote while the agent was absent`;
    case 'bot':
      return t`routed after the menu bot`;
  }
}

/** "2 unknown answers" — a bot conversation's tries, in words. */
export function unknownAnswers(tries: number): string {
  return plural(tries, t`${tries} unknown answer`, t`${tries} unknown answers`);
}
