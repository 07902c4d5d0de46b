import type { JournalRecord } from './model.js';

/** The message journal: append-only, one per phone. `src/store` implements it. */
export interface ChatJournal {
  /** Feeds every stored record, in order, to `apply` (at start, to rebuild the index). */
  replay(apply: (phone: string, record: JournalRecord) => void): Promise<void>;
  /** Appends durably: resolves only once the records would survive a crash. */
  append(phone: string, records: readonly JournalRecord[]): Promise<void>;
}

/** Sends on a phone's WhatsApp connection. The daemon routes it to that phone's transport. */
export interface MessageSender {
  /** Resolves once WhatsApp's server took the message; throws when it could not be sent. */
  send(phone: string, toJid: string, text: string, messageId: string): Promise<void>;
}
