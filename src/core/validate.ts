import unhomoglyph from 'unhomoglyph';
import { conflict, invalid } from './errors.js';

// Deliberately simple: one @, no spaces, a dot in the domain. Real deliverability is not our job;
// catching "ana@", "ana acme.com" and typos like "ana@@acme" is.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Returns the canonical (trimmed, lower-cased) email or throws a one-line error. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254 || CONTROL.test(email)) {
    throw invalid(`"${raw}" is not a valid email address (expected something like ana@acme.com)`);
  }
  return email;
}

// Control characters (C0, DEL, C1), line/paragraph separators and bidi overrides/isolates:
// nothing a name needs, everything a terminal or a reader could be fooled by.
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** A display name: trimmed, non-empty, one line, no control characters, at most `max` characters. */
export function normalizeName(raw: string, what: string, max = 100): string {
  const name = raw.trim();
  if (name === '') throw invalid(`${what} must not be empty`);
  if (/[\r\n\t]/.test(name)) throw invalid(`${what} must be a single line`);
  const control = CONTROL.exec(name);
  if (control) {
    throw invalid(
      `${what} must not contain control characters (found ${codePoint(control[0])} at position ${[...name.slice(0, control.index)].length + 1}) — type the name as plain text`,
    );
  }
  if (name.length > max) throw invalid(`${what} is too long (${name.length} characters; at most ${max})`);
  return name;
}

/**
 * Refuses `name` when it reads like one of `existing` but is not it: it differs only by
 * look-alike characters (a Cyrillic "а" in "Vendas", fullwidth "Ｖｅｎｄａｓ"), so two
 * departments, colleagues, signatures or phones would look the same on screen and in the
 * audit. The same name (or the same up to case) is not this rule's business. `kind` says what
 * the existing one is ("department", "user name"…), for the error.
 */
export function requireDistinctLooking(name: string, existing: Iterable<string | null | undefined>, kind: string): void {
  const mine = skeletons(name);
  for (const other of existing) {
    if (!other || fold(other) === fold(name)) continue;
    const theirs = skeletons(other);
    if (theirs[0] === mine[0] || theirs[1] === mine[1]) {
      const lookalikes = [...new Set([...name].filter((c) => c > '\u007f' && skeletons(c)[0] !== c.normalize('NFD')))];
      throw conflict(
        `"${name}" looks the same as the existing ${kind} "${other}" (look-alike characters: ${lookalikes.map((c) => `"${c}" ${codePoint(c)}`).join(', ') || 'none shown'}) — use "${other}" itself, or a name that reads differently`,
      );
    }
  }
}

const fold = (text: string) => text.normalize('NFC').toLowerCase();

// Default-ignorable characters (zero-width space, joiners, variation selectors) show as nothing.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The UTS #39 skeleton (the confusables mapping of the Unicode data, via `unhomoglyph`, between
 * NFD passes) after NFKC, which folds fullwidth and compatibility forms; once as typed (Cyrillic
 * "В" is a B, its lower case "в" is not) and once lower-cased ("vеndas" against "Vendas").
 */
function skeletons(text: string): [string, string] {
  const known = SKELETONS.get(text);
  if (known) return known;
  const compatible = text.normalize('NFKC');
  const skeleton = (s: string) => unhomoglyph(s.normalize('NFD').replace(IGNORABLE, '')).normalize('NFD');
  const both: [string, string] = [skeleton(compatible), skeleton(compatible.toLowerCase())];
  // Every add or rename compares against all existing names (some µs each): remember them.
  if (SKELETONS.size >= 10_000) SKELETONS.clear();
  SKELETONS.set(text, both);
  return both;
}

const SKELETONS = new Map<string, [string, string]>();

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export const MIN_PASSWORD_LENGTH = 8;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`password is too short (at least ${MIN_PASSWORD_LENGTH} characters)`);
  }
  if (password.length > 1024) throw invalid('password is too long (at most 1024 characters)');
}

/** Whole number within bounds, for seats, positions and counts. */
export function wholeNumber(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${what} must be a whole number from ${min} to ${max} (got ${value})`);
  }
  return value;
}
