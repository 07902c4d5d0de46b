import type { Factory } from '../../cli/factory.js';
import type { Column } from '../../cli/table.js';
import type { QuickReplyView } from '../../core/ops/quick-replies.js';
import { t } from '../../i18n/translate.js';

/** Who may use a quick reply, in a word or two. */
export function scopeText(reply: Pick<QuickReplyView, 'scope' | 'department'>): string {
  if (reply.scope === 'everyone') return t`everyone`;
  if (reply.scope === 'user') return t`only me`;
  return t`dept ${reply.department ?? t`(removed)`}`;
}

/** The first line of a text, cut to `max` characters. */
export function preview(text: string, max = 60): string {
  const line = text.split('\n')[0]!;
  return line.length > max || text.includes('\n') ? `${line.slice(0, max - 1)}…` : line;
}

/** The columns of the quick replies' list, in the reader's language (a function: `t` runs once the language is chosen). */
export function quickReplyColumns(): Column<QuickReplyView>[] {
  return [
    { header: t`Shortcut`, cell: (r) => r.shortcut },
    { header: t`For`, cell: (r) => scopeText(r) },
    { header: t`Text`, cell: (r) => preview(r.text) },
    { header: t`Updated`, cell: (r) => ({ time: r.updatedAt }) },
  ];
}

/** What a scope flag set means: `--everyone`, `--dept D`, or (`--mine`, or nothing) only me. */
export function scopeInput(opts: { everyone?: boolean; dept?: string }): { everyone?: boolean; dept?: string } {
  return { ...(opts.everyone ? { everyone: true } : {}), ...(opts.dept !== undefined ? { dept: opts.dept } : {}) };
}

/**
 * The daemon's operations as whoever uses quick replies here: `--as` (with the owner token),
 * else the logged-in user — their own replies are theirs — and, when nobody is logged in, the
 * owner (setting up the team's replies on the server, as other admin commands do).
 */
export async function quickOperations(f: Factory, as: string | undefined) {
  const { loadSession } = await import('../../client/session-file.js');
  const identity = as !== undefined || (await loadSession(f.home(), f.env)) ? 'session' : 'owner';
  return (await f.daemon(identity, as)).operations();
}
