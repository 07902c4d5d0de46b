import { storedMessage, statusAfter } from './chat-index.js';
import { outcomeOf, type StoredMessage } from './model.js';
import type { JournaledLine } from './ports.js';

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
