import type { ChatService } from '../chats/chat-service.js';
import { chatIdFor } from '../chats/customer.js';
import type { Chat } from '../chats/model.js';
import { invalid } from '../errors.js';
import { customerTrail, type CustomerTrail } from './customer-erasure.js';
import { t } from '../../i18n/translate.js';

/**
 * How long closed conversations are kept (`guru account set --retention 24mo`): whole days,
 * months or years, written as given (`90d`, `24mo`, `2y`). At least 30 days: a typo must not
 * empty the journal.
 */
const RETENTION = /^(\d{1,4})(d|mo|y)$/;

export function parseRetention(text: string): string {
  const match = RETENTION.exec(text.trim().toLowerCase());
  const days = match ? Number(match[1]) * { d: 1, mo: 30, y: 365 }[match[2] as 'd' | 'mo' | 'y'] : Number.NaN;
  if (!match || days < 30 || days > 100 * 365) {
    throw invalid(
      t`the retention is a period from 30 days to 100 years, like 24mo, 90d or 2y (got "${text}") — e.g. \`guru account set --retention 24mo\`, or off`,
    );
  }
  return `${Number(match[1])}${match[2]}`;
}

/** The moment before which a closed conversation's last message makes it go, for `retention` at `now`. */
export function retentionCutoff(retention: string, now: Date): Date {
  const [, amount, unit] = RETENTION.exec(retention) ?? [];
  const n = Number(amount);
  const cut = new Date(now);
  if (unit === 'd') cut.setUTCDate(cut.getUTCDate() - n);
  else if (unit === 'mo') cut.setUTCMonth(cut.getUTCMonth() - n);
  else cut.setUTCFullYear(cut.getUTCFullYear() - n);
  return cut;
}

/** When a chat's last message (or internal note) came; a chat with none: its last change. */
export function lastMessageAt(chat: Chat): string {
  return chat.messages.at(-1)?.time ?? chat.updatedAt;
}

/** Closed chats whose last message came before `cutoff`: what a retention run erases. */
export function expiredChats(chats: readonly Chat[], cutoff: Date): Chat[] {
  return chats.filter((c) => c.status === 'closed' && Date.parse(lastMessageAt(c)) < cutoff.getTime());
}

/**
 * What erasing `expired` reaches, as one trail: a customer all of whose chats expired is erased
 * whole (their contact and what WhatsApp's sessions keep of them too: nothing of them serves a
 * purpose any longer); of one who still has a live chat, only the expired chats go.
 */
export function retentionTrail(chats: ChatService, expired: readonly Chat[], phones: readonly string[]): { trail: CustomerTrail; customers: number } {
  const trail: CustomerTrail = { ids: new Set(), chats: [], chatIds: new Set(), users: new Set() };
  const going = new Set(expired.map((c) => c.id));
  let customers = 0;
  for (const customer of new Set(expired.map((c) => c.customer))) {
    const whole = customerTrail(chats, customer, phones);
    if (whole.chats.every((c) => going.has(c.id))) {
      customers += 1;
      for (const id of whole.ids) trail.ids.add(id);
      for (const id of whole.chatIds) trail.chatIds.add(id);
      for (const user of whole.users) trail.users.add(user);
      trail.chats.push(...whole.chats);
      continue;
    }
    for (const chat of whole.chats.filter((c) => going.has(c.id))) {
      trail.chats.push(chat);
      trail.chatIds.add(chat.id);
      // A chat that took in the chat of one of their LIDs has that chat's records too.
      for (const alias of chats.index.aliasesOf(chat.phone, chat.customer)) trail.chatIds.add(chatIdFor(chat.phone, alias));
    }
  }
  return { trail, customers };
}
