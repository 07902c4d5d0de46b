import type { Contact } from '../contacts/ports.js';
import type { State } from '../model.js';
import { machineTimeZone } from '../time-zone.js';
import type { ScheduledSend } from './chat-index.js';
import { describeContent, type MessageContent } from './content.js';
import type { Chat } from './model.js';
import { displayName } from './views.js';

/** A message scheduled for later, as `guru chat scheduled` and the inbox show it. */
export interface ScheduledView {
  id: string;
  chatId: string;
  phone: string;
  customer: string;
  /** The chat's name as the inbox shows it (null: only a number is known). */
  chatName: string | null;
  /** What goes, as typed (the signature is put above it when it goes), in plain text. */
  text: string;
  content: MessageContent;
  /** When it goes (ISO, UTC). */
  at: string;
  /** The zone the team reads times in (`Account.timeZone`, else the daemon machine's): how `at` is shown. */
  timeZone: string;
  /** Who scheduled it (null: no longer in the team). */
  author: { id: string; email: string; name: string } | null;
  /** When it was scheduled. */
  createdAt: string;
}

/** The zone the team's times are read and shown in. */
export function teamTimeZone(state: State): string {
  return state.account?.timeZone ?? machineTimeZone();
}

/** `contact`: the customer's, where the team named them (the name the inbox shows). */
export function scheduledView(state: State, scheduled: ScheduledSend, chat: Chat, contact?: Contact | null): ScheduledView {
  const author = state.users.find((u) => u.id === scheduled.authorId);
  return {
    id: scheduled.id,
    chatId: chat.id,
    phone: chat.phone,
    customer: chat.customer,
    chatName: displayName(chat, contact),
    text: describeContent(scheduled.content),
    content: scheduled.content,
    at: scheduled.at,
    timeZone: teamTimeZone(state),
    author: author ? { id: author.id, email: author.email, name: author.name } : null,
    createdAt: scheduled.time,
  };
}
