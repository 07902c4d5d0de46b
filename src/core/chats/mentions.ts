import { invalid } from '../errors.js';
import type { User } from '../model.js';
import { foldCaseAndAccents } from '../validate.js';
import { formatList } from '../../i18n/format.js';
import { t } from '../../i18n/translate.js';

/**
 * `@name` in an internal note: an `@` at the start or after a space (not the middle of an
 * e-mail address like joe@acme.com), then letters, digits, `.`, `_` or `-`. A dot or dash
 * ending the word is punctuation ("fala com @bia.").
 */
const MENTION = /(?<![\p{L}\p{N}_.@+-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

/** The names written as `@name` in `text`, in order, each once (as typed, without the `@`). */
export function mentionedNames(text: string): string[] {
  const names = [...text.matchAll(MENTION)].map((m) => m[1]!.replace(/[._-]+$/, ''));
  return [...new Set(names.filter((n) => n !== ''))];
}

/** What `@…` can call a colleague: their e-mail's local part, their first name, their visible name's first word. */
function handles(user: Pick<User, 'email' | 'name' | 'visibleName'>): string[] {
  const first = (s: string | null) => s?.trim().split(/\s+/)[0] ?? '';
  return [user.email.split('@')[0]!, first(user.name), first(user.visibleName)].filter((h) => h !== '').map(foldCaseAndAccents);
}

const label = (u: Pick<User, 'email' | 'name'>) => `@${u.email.split('@')[0]} (${u.name} <${u.email}>)`;

/**
 * The active colleagues a note's `@names` name, each exactly one: by the part of the e-mail
 * before the `@`, the first name or the visible name's first word (case and accents ignored).
 * A name that fits nobody, or several, is refused with the ones that could be meant and how to
 * write them — nothing is recorded then, so a note never notifies the wrong person.
 */
export function resolveMentions<U extends Pick<User, 'id' | 'email' | 'name' | 'visibleName' | 'active'>>(text: string, users: readonly U[]): U[] {
  const team = users.filter((u) => u.active).map((u) => ({ user: u, handles: handles(u) }));
  const found: U[] = [];
  const problems: string[] = [];
  for (const name of mentionedNames(text)) {
    const wanted = foldCaseAndAccents(name);
    const exact = team.filter((m) => m.handles.includes(wanted));
    if (exact.length === 1) {
      if (!found.includes(exact[0]!.user)) found.push(exact[0]!.user);
      continue;
    }
    if (exact.length > 1) {
      const who = formatList(
        exact.map((e) => label(e.user)),
        'or',
      );
      problems.push(t`@${name} could be ${who} — write the one you mean by their e-mail's first part`);
      continue;
    }
    const near = team.filter((m) => m.handles.some((h) => h.startsWith(wanted) || wanted.startsWith(h))).slice(0, 5);
    problems.push(
      near.length > 0
        ? t`no one is called @${name} — did you mean ${near.map((n) => label(n.user)).join(', ')}?`
        : t`no one on the team is called @${name} — mention a colleague by the first part of their e-mail or their first name`,
    );
  }
  if (problems.length > 0) throw invalid(t`${problems.join('; ')} (the note was not saved)`);
  return found;
}
