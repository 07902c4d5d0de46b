import { parsePhoneNumberWithError } from 'libphonenumber-js/min';
import { invalid } from './errors.js';

/**
 * Canonical E.164 form of a WhatsApp number. Accepts the usual human spellings
 * ("+55 11 99999-0000", "+55 (11) 99999 0000") but insists on the country code, because a
 * shared team number is never "local" to every admin.
 */
export function normalizePhoneNumber(raw: string): string {
  const text = raw.trim();
  const hint = 'expected an international number with country code, e.g. +5511999990000';
  if (!text.startsWith('+')) throw invalid(`"${raw}" is not a phone number in E.164 form — ${hint}`);
  try {
    const parsed = parsePhoneNumberWithError(text);
    if (!parsed.isValid()) throw new Error('invalid');
    return parsed.number;
  } catch {
    throw invalid(`"${raw}" is not a valid phone number — ${hint}`);
  }
}
