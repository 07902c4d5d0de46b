import { createRequire } from 'node:module';
import { invalid } from './errors.js';
import { t } from '../i18n/translate.js';

type Parse = typeof import('libphonenumber-js/min').parsePhoneNumberWithError;

// libphonenumber's metadata costs ~35 ms to load; only commands that parse a number pay it,
// so `guru user list` starts as fast as it can. require() keeps this function synchronous.
let parse: Parse | undefined;
function parser(): Parse {
  parse ??= (createRequire(import.meta.url)('libphonenumber-js/min') as typeof import('libphonenumber-js/min')).parsePhoneNumberWithError;
  return parse;
}

/**
 * Canonical E.164 form of a WhatsApp number. Accepts the usual human spellings
 * ("+55 11 99999-0000", "+55 (11) 99999 0000") but insists on the country code, because a
 * shared team number is never "local" to every admin.
 */
export function normalizePhoneNumber(raw: string): string {
  const text = raw.trim();
  const hint = () => t`expected an international number with country code, e.g. +5511999990000`;
  if (!text.startsWith('+')) throw invalid(t`"${raw}" is not a phone number in E.164 form — ${hint()}`);
  try {
    const parsed = parser()(text);
    if (!parsed.isValid()) throw new Error('invalid');
    return parsed.number;
  } catch {
    throw invalid(t`"${raw}" is not a valid phone number — ${hint()}`);
  }
}

/** A number (E.164) as people read it, grouped the way its country writes it: "+55 11 90000 1111". */
export function displayPhoneNumber(e164: string): string {
  try {
    return parser()(e164).formatInternational();
  } catch {
    return e164;
  }
}
