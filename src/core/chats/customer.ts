import { createHash } from 'node:crypto';
import { invalid } from '../errors.js';
import { t } from '../../i18n/translate.js';

/**
 * One person, one id, whatever spelling WhatsApp or an admin uses: `5511…@s.whatsapp.net`,
 * `5511…:12@s.whatsapp.net` (a device suffix), `+55 11 …` all become `+5511…`; a LID with no
 * known phone number stays `lid:<digits>` until one is learned.
 */
export function normalizeCustomer(from: string): string {
  const text = from.trim();
  const jid = /^(\d+)(?::\d+)?@(s\.whatsapp\.net|c\.us)$/.exec(text);
  if (jid) return `+${jid[1]}`;
  const lid = /^(\d+)(?::\d+)?@lid$/.exec(text);
  if (lid) return `lid:${lid[1]}`;
  if (/^lid:\d+$/.test(text)) return text;
  const digits = text.replace(/[\s().-]/g, '');
  if (/^\+?\d{6,15}$/.test(digits)) return `+${digits.replace(/^\+/, '')}`;
  throw invalid(t`"${from}" is not a WhatsApp customer id (expected a number like +5511988887777 or a JID)`);
}

/** The JID a transport sends to for a normalised customer id. */
export function customerJid(customer: string): string {
  if (customer.startsWith('lid:')) return `${customer.slice(4)}@lid`;
  return `${customer.replace(/^\+/, '')}@s.whatsapp.net`;
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Stable short chat id for (phone, customer): the same person on the same number is always the same chat. */
export function chatIdFor(phone: string, customer: string): string {
  const digest = createHash('sha256').update(`${phone}|${customer}`).digest();
  let id = '';
  for (let i = 0; i < 8; i++) id += ALPHABET[digest[i]! % ALPHABET.length];
  return id;
}
