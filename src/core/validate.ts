import { invalid } from './errors.js';
import { t } from '../i18n/translate.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Real deliverability is not our job;
// catching "ana@", "ana acme.com" and typos like "ana@@acme" is.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Returns the canonical (trimmed, lower-cased) email or throws a one-line error. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254 || CONTROL.test(email)) {
    throw invalid(t`"${raw}" is not a valid email address (expected something like ana@acme.com)`);
  }
  return email;
}

// Control characters (C0, DEL, C1), line/paragraph separators and bidi overrides/isolates:
// nothing a name needs, everything a terminal or a reader could be fooled by.
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * A display name: trimmed, non-empty, one line, no control characters, at most `max` characters.
 * `what` names it in the errors, in the reader's language (t`tag name`): it starts them.
 */
export function normalizeName(raw: string, what: string, max = 100): string {
  const name = raw.trim();
  if (name === '') throw invalid(t`${what} must not be empty`);
  if (/[\r\n\t]/.test(name)) throw invalid(t`${what} must be a single line`);
  const control = CONTROL.exec(name);
  if (control) {
    throw invalid(
      t`${what} must not contain control characters (found ${codePoint(control[0])} at position ${[...name.slice(0, control.index)].length + 1}) — type the name as plain text`,
    );
  }
  if (name.length > max) throw invalid(t`${what} is too long (${name.length} characters; at most ${max})`);
  return name;
}

/** `U+001B`: how a character is named in errors. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export const MIN_PASSWORD_LENGTH = 8;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(t`password is too short (at least ${MIN_PASSWORD_LENGTH} characters)`);
  }
  if (password.length > 1024) throw invalid(t`password is too long (at most 1024 characters)`);
}

/** Whole number within bounds, for seats, positions and counts; `what` as for `normalizeName` (or a flag, `--times`). */
export function wholeNumber(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(t`${what} must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return value;
}

/** Lower case, accents taken off ("Bía" is "bia"): how names typed from memory are compared. */
export function foldCaseAndAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
