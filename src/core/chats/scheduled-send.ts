import type { MessageContent } from './content.js';

/** A message scheduled for later (a `scheduled` record) that has not gone yet. */
export interface ScheduledSend {
  id: string;
  phone: string;
  chatId: string;
  /** What goes, as typed: the signature is put above it when it goes (the author's visible name then). */
  content: MessageContent;
  /** When it goes (ISO, UTC). */
  at: string;
  authorId: string | null;
  /** When it was scheduled. */
  time: string;
  /** Where its record starts in the phone's journal: the order of sends due at the same time. */
  offset: number;
}
