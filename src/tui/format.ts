import { sanitiseField, sanitiseText } from '../cli/sanitise.js';
import type { ChatView } from '../core/chats/views.js';
import { formatDay, formatShortDate } from '../i18n/format.js';

/** The customer's number as people write it (E.164, with its `+`). */
export const phoneNumber = (customer: string) => (customer.startsWith('+') ? customer : `+${customer}`);

/** The customer as agents know them: the WhatsApp name, else the number. */
export function chatTitle(chat: Pick<ChatView, 'name' | 'customer'>): string {
  return chat.name || phoneNumber(chat.customer);
}

/** A customer's contact fields on one line, for the chat header: `empresa: Acme · plano: anual`. */
export function contactFieldsLine(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([name, value]) => `${name}: ${value}`)
    .join(' · ');
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** List times: the clock for today, the date otherwise (local time). */
export function shortTime(iso: string, now: Date = new Date()): string {
  const t = new Date(iso);
  if (t.toDateString() === now.toDateString()) return `${pad2(t.getHours())}:${pad2(t.getMinutes())}`;
  return formatShortDate(t);
}

export function clock(iso: string): string {
  const t = new Date(iso);
  return `${pad2(t.getHours())}:${pad2(t.getMinutes())}`;
}

/** The label of a date separator in the conversation. */
export function dayLabel(iso: string): string {
  return formatDay(iso);
}

export const sameDay = (a: string, b: string) => new Date(a).toDateString() === new Date(b).toDateString();

/** Cuts to `width` columns with an ellipsis; one line, sanitised first so the width is what shows. */
export function fit(text: string, width: number): string {
  const flat = sanitiseField(text.replace(/\s*\n\s*/g, ' ⏎ '));
  if (width <= 0) return '';
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/** Hard-wraps text to `width` columns, keeping its own line breaks (sanitised first, as in `fit`). */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of sanitiseText(text).split('\n')) {
    if (line.length === 0) out.push('');
    for (let i = 0; i < line.length; i += w) out.push(line.slice(i, i + w));
  }
  return out;
}

export { word } from '../i18n/translate.js';
