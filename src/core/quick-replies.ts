import type { Principal } from './access.js';
import type { Chat } from './chats/model.js';
import { displayName } from './chats/views.js';
import { invalid, notFound } from './errors.js';
import type { QuickReply, QuickReplyScope, State } from './model.js';
import { displayPhoneNumber } from './phone-number.js';
import type { Contact } from './contacts/ports.js';
import { runInLanguage, t } from '../i18n/translate.js';

/**
 * The rules of quick replies (`guru quick`), apart from the operations so that sending
 * (`chats.send --quick`) applies the very same ones: who sees which, how a shortcut is spelled,
 * and how `{cliente}` and `{agente}` are filled in.
 */

/** Every quick reply of the team, at most: the state file is rewritten whole on each change. */
export const MAX_QUICK_REPLIES = 1_000;
/** One person's own quick replies, at most. */
export const MAX_PERSONAL_QUICK_REPLIES = 100;
/** A quick reply's text, at most (WhatsApp takes far more; an answer this long is a document). */
export const MAX_QUICK_REPLY_TEXT = 4_000;

/**
 * The placeholders a text may hold, and what each is filled with. The Portuguese names are the
 * ones the team types; the English ones are the same, for whoever writes in English.
 */
export const PLACEHOLDERS = { cliente: 'customer', customer: 'customer', agente: 'agent', agent: 'agent' } as const;

/** `/preco`: a slash, then 1–30 letters (accents too), digits, `-` or `_`, lower-case. */
export function normalizeShortcut(raw: string): string {
  const trimmed = raw.trim().normalize('NFC').toLowerCase();
  const shortcut = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (!/^\/[\p{L}\p{N}_-]{1,30}$/u.test(shortcut)) {
    throw invalid(t`"${raw.trim().slice(0, 40)}" is not a shortcut: a / then 1 to 30 letters, digits, - or _ (like /preco)`);
  }
  return shortcut;
}

/** A quick reply's text: not empty, not too long, and only placeholders that exist. */
export function checkQuickReplyText(text: string): string {
  const clean = text.replace(/\s+$/, '');
  if (!clean.trim()) throw invalid(t`the quick reply is empty — give the text it inserts`);
  if (clean.length > MAX_QUICK_REPLY_TEXT) throw invalid(t`the quick reply is ${clean.length} characters long — at most ${MAX_QUICK_REPLY_TEXT}`);
  const unknown = [...clean.matchAll(/\{(\p{L}+)\}/gu)].map((m) => m[1]!).filter((name) => !(name.toLowerCase() in PLACEHOLDERS));
  if (unknown.length > 0) {
    throw invalid(t`unknown placeholder {${unknown[0]}} — the placeholders are {cliente} (the customer's name) and {agente} (your visible name)`);
  }
  return clean;
}

/** The text with `{cliente}` and `{agente}` (any case, or their English names) filled in. */
export function fillPlaceholders(text: string, values: { customer: string; agent: string }): string {
  return text.replace(/\{(\p{L}+)\}/gu, (whole, name: string) => {
    const key = PLACEHOLDERS[name.toLowerCase() as keyof typeof PLACEHOLDERS];
    return key ? values[key] : whole;
  });
}

/**
 * Whether `who` may use (see) a quick reply: everyone's, their departments', their own. The
 * owner, who belongs to no department, sees every shared one; nobody sees another person's own.
 */
export function usesQuickReply(state: State, who: Principal, reply: QuickReply): boolean {
  const scope = reply.scope;
  if (scope.type === 'everyone') return true;
  if (scope.type === 'user') return who.user?.id === scope.userId;
  if (!who.user) return state.departments.some((d) => d.id === scope.departmentId);
  return state.departments.some((d) => d.id === scope.departmentId && d.members.includes(who.user!.id));
}

/** Whether `who` may change the team's quick replies (for everyone or a department). */
export function managesQuickReplies(who: Principal): boolean {
  return who.isAdmin || who.permissions.has('quick_replies.manage');
}

/**
 * The quick replies `who` knows of: those they use, and — for whoever manages them — every
 * shared one (a department's too, to keep it up), never another person's own.
 */
export function knownQuickReplies(state: State, who: Principal, everyShared = managesQuickReplies(who)): QuickReply[] {
  return state.quickReplies.filter((r) => usesQuickReply(state, who, r) || (everyShared && r.scope.type !== 'user' && sharedScopeExists(state, r.scope)));
}

function sharedScopeExists(state: State, scope: QuickReplyScope): boolean {
  return scope.type === 'everyone' || (scope.type === 'department' && state.departments.some((d) => d.id === scope.departmentId));
}

/** How specific a scope is: one's own reply comes before a department's, which comes before everyone's. */
const RANK: Record<QuickReplyScope['type'], number> = { user: 0, department: 1, everyone: 2 };

/**
 * The quick reply `ref` names among `replies`: by id, or by shortcut — the most specific when
 * several share it (one's own over a department's over everyone's). Null when none; throws
 * when two departments' replies share the shortcut (which one is meant cannot be told).
 */
export function pickQuickReply(state: State, replies: readonly QuickReply[], ref: string): QuickReply | null {
  const byId = replies.find((r) => r.id === ref.trim());
  if (byId) return byId;
  let shortcut: string;
  try {
    shortcut = normalizeShortcut(ref);
  } catch {
    return null;
  }
  const found = replies.filter((r) => r.shortcut === shortcut).sort((a, b) => RANK[a.scope.type] - RANK[b.scope.type]);
  const best = found.filter((r) => RANK[r.scope.type] === RANK[found[0]?.scope.type ?? 'user']);
  if (best.length > 1) {
    const which = best.map((r) => `${r.id} (${scopeText(state, r.scope)})`).join(', ');
    throw invalid(t`${shortcut} names several quick replies: ${which} — name the one you mean by its id`);
  }
  return best[0] ?? null;
}

/** "everyone", "department Vendas", "only its author": as the audit keeps it, in English whoever reads it. */
export function scopeLabel(state: State, scope: QuickReplyScope): string {
  return runInLanguage('en', () => scopeText(state, scope));
}

/** Where a quick reply is offered, in the reader's language, for refusals and what people read. */
export function scopeText(state: State, scope: QuickReplyScope): string {
  if (scope.type === 'everyone') return t`everyone`;
  if (scope.type === 'user') return t`only its author`;
  const name = state.departments.find((d) => d.id === scope.departmentId)?.name;
  return name === undefined ? t`department (removed)` : t`department ${name}`;
}

/** Two scopes are the same place: the same kind, and the same department or person. */
export function sameScope(a: QuickReplyScope, b: QuickReplyScope): boolean {
  if (a.type === 'everyone' || b.type === 'everyone') return a.type === b.type;
  if (a.type === 'department') return b.type === 'department' && a.departmentId === b.departmentId;
  return b.type === 'user' && a.userId === b.userId;
}

/** A quick reply filled in for one chat: what goes in the composer, or out to the customer. */
export interface FilledQuickReply {
  id: string;
  shortcut: string;
  /** `{cliente}` and `{agente}` filled in (the signature is not: sending adds it). */
  text: string;
}

/**
 * The quick reply `ref` (shortcut or id) among those `who` may use, filled in for `chat`:
 * `{cliente}` is the customer's name as the chat shows it — the one the team set in their
 * `contact`, else WhatsApp's (their number when it has none),
 * `{agente}` the sender's visible name (their name when they have none). One they may not use
 * is not found, exactly like one that does not exist.
 */
export function filledQuickReply(state: State, who: Principal, chat: Chat, ref: string, contact?: Pick<Contact, 'name' | 'fields'> | null): FilledQuickReply {
  if (!who.user) throw invalid(t`the owner cannot use quick replies as nobody — act as a user: \`guru login\`, or \`--as <email>\``);
  const reply = pickQuickReply(
    state,
    state.quickReplies.filter((r) => usesQuickReply(state, who, r)),
    ref,
  );
  if (!reply) throw notFound(t`no quick reply "${ref.trim().slice(0, 40)}" among yours — see \`guru quick list\``);
  const customer = displayName(chat, contact)?.trim() || displayPhoneNumber(chat.customer);
  const agent = who.user.visibleName?.trim() || who.user.name;
  return { id: reply.id, shortcut: reply.shortcut, text: fillPlaceholders(reply.text, { customer, agent }) };
}

/**
 * Takes out the quick replies nobody could use any more once `gone` is removed: a removed
 * person's own, a removed department's (they would only count against the limits).
 */
export function dropQuickReplies(state: State, gone: Exclude<QuickReplyScope, { type: 'everyone' }>): void {
  state.quickReplies = state.quickReplies.filter((r) => !sameScope(r.scope, gone));
}
