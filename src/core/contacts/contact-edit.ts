import { invalid } from '../errors.js';
import type { Contact } from './ports.js';
import { t } from '../../i18n/translate.js';

/** The limits of a contact (issue #18): small records, each field one line. */
export const CONTACT_LIMITS = { nameChars: 100, fields: 30, fieldNameChars: 32, valueChars: 500 } as const;

const FIELD_NAME = /^[a-z0-9_-]{1,32}$/;
// Control characters (line breaks, escapes): a name or a field is one line in a table and a header.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A change to a contact, as `guru contact set` asks it: `name` '' or null clears the name (back
 * to WhatsApp's), absent leaves it; each field given is set, or removed when its value is ''.
 */
export interface ContactChange {
  name?: string | null;
  fields?: Record<string, string>;
}

/** Which parts a change touched, by name only (what the audit keeps: no values). */
export interface ContactChangeSummary {
  name: 'set' | 'cleared' | null;
  set: string[];
  removed: string[];
}

/**
 * The contact after `change`, checked against the limits; null when nothing is left (no name,
 * no fields: the record is removed rather than kept empty). Throws `invalid` naming what is
 * wrong and the limit, before anything is written.
 */
export function editContact(
  customer: string,
  current: Contact | null,
  change: ContactChange,
  by: string,
  now: string,
): { contact: Contact | null; summary: ContactChangeSummary } {
  const summary: ContactChangeSummary = { name: null, set: [], removed: [] };
  let name = current?.name ?? null;
  if (change.name !== undefined) {
    const wanted = (change.name ?? '').trim();
    if (wanted === '') {
      if (name !== null) summary.name = 'cleared';
      name = null;
    } else {
      if (CONTROL.test(wanted)) throw invalid(t`a contact name is one line of text — leave out line breaks and control characters`);
      if (chars(wanted) > CONTACT_LIMITS.nameChars) {
        throw invalid(t`the name is ${chars(wanted)} characters long; a contact name may have at most ${CONTACT_LIMITS.nameChars}`);
      }
      if (wanted !== name) summary.name = 'set';
      name = wanted;
    }
  }
  const fields = { ...(current?.fields ?? {}) };
  for (const [rawKey, rawValue] of Object.entries(change.fields ?? {})) {
    const key = rawKey.trim();
    if (!FIELD_NAME.test(key)) {
      const hint = FIELD_NAME.test(key.toLowerCase()) ? t` — try "${key.toLowerCase()}"` : '';
      throw invalid(
        t`"${key.slice(0, 40)}" is not a field name: use 1 to ${CONTACT_LIMITS.fieldNameChars} lowercase letters, digits, _ or - (like empresa or cpf_cnpj)${hint}`,
      );
    }
    const value = rawValue.trim();
    if (value === '') {
      if (key in fields) summary.removed.push(key);
      delete fields[key];
      continue;
    }
    if (CONTROL.test(value)) throw invalid(t`the value of ${key} must be one line of text — leave out line breaks and control characters`);
    if (chars(value) > CONTACT_LIMITS.valueChars) {
      throw invalid(t`the value of ${key} is ${chars(value)} characters long; a field may hold at most ${CONTACT_LIMITS.valueChars}`);
    }
    if (fields[key] !== value) summary.set.push(key);
    fields[key] = value;
  }
  const count = Object.keys(fields).length;
  if (count > CONTACT_LIMITS.fields) {
    throw invalid(
      t`a contact may have at most ${CONTACT_LIMITS.fields} fields; this change would leave ${count} — remove some with --field name= (an empty value removes a field)`,
    );
  }
  const contact = name === null && count === 0 ? null : { customer, name, fields: sorted(fields), updatedAt: now, updatedBy: by };
  return { contact, summary };
}

/** Whether a change changed anything. */
export function changedAnything(summary: ContactChangeSummary): boolean {
  return summary.name !== null || summary.set.length > 0 || summary.removed.length > 0;
}

/** Characters as people count them (code points: an emoji is one, not two). */
function chars(text: string): number {
  return [...text].length;
}

function sorted(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
