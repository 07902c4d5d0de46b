import { storedMessage, statusAfter } from './chat-index.js';
import type { JournalRecord, MediaOutcome, StoredMessage } from './model.js';
import type { JournaledLine } from './ports.js';

/** What a `media` record says of a message's file, without what names the record. */
export function outcomeOf(record: Extract<JournalRecord, { type: 'media' }>): MediaOutcome {
  const { type: _type, id: _id, chatId: _chatId, time: _time, ...outcome } = record;
  return outcome as MediaOutcome;
}

/**
 * A line read back from a journal that answers for old messages (`JournalLookup`), as the index
 * would have held it: its latest status and its file's latest outcome, by the index's own rules.
 */
export function lineMessage(line: JournaledLine): StoredMessage {
  const message = storedMessage(line.record, line.offset);
  for (const record of line.later) {
    if (record.type === 'media') {
      message.media = outcomeOf(record);
      continue;
    }
    const next = statusAfter(message.status, record.status);
    if (next === undefined) continue;
    message.status = next;
    if (next === 'failed' && record.reason !== undefined) message.reason = record.reason;
    else delete message.reason;
  }
  return message;
}
