import type { QuickReplyView } from '../../core/ops/quick-replies.js';
import { t } from '../../i18n/translate.js';

/** At most this many quick replies are offered above the composer. */
export const QUICK_OFFERED = 5;

/**
 * The quick replies a draft calls up: while the whole draft is one `/word` (typed at the start
 * of the reply), those whose shortcut starts with it, at most QUICK_OFFERED.
 */
export function quickMatches(draft: string, replies: readonly QuickReplyView[]): QuickReplyView[] {
  if (!/^\/[\p{L}\p{N}_-]*$/u.test(draft)) return [];
  const typed = draft.normalize('NFC').toLowerCase();
  return replies.filter((r) => r.shortcut.startsWith(typed)).slice(0, QUICK_OFFERED);
}

/** Who may use it, in a word or two (the list's middle column). */
export function quickScope(reply: Pick<QuickReplyView, 'scope' | 'department'>): string {
  if (reply.scope === 'everyone') return t`everyone`;
  if (reply.scope === 'user') return t`only me`;
  return reply.department ?? t`department`;
}
