import { looksLikeContent, textContent, type MessageContent } from './content.js';
import type { AutoReplyKind, Chat, DeliveryStatus, MediaOutcome, MessageDirection, StoredMessage } from './model.js';
import type { ScheduledSend } from './scheduled-send.js';

/**
 * One phone's part of the chat index as a checkpoint stores it: plain JSON, shaped to parse
 * fast (a restart reads it whole). Messages are tuples rather than objects, and the long lists
 * of older messages are single strings — a million short array items cost ten times as much
 * to parse as one string holding them.
 */
export interface IndexCheckpoint {
  chats: PackedChat[];
  aliases: [alias: string, customer: string][];
  /** Statuses that arrived for messages already out of memory. */
  olderStatus: [id: string, status: DeliveryStatus][];
  /** What `media` records said of messages' files (absent in checkpoints from before media). */
  media?: [id: string, outcome: MediaOutcome][];
  /** Live media messages whose file was still to be fetched. */
  mediaWaiting?: [id: string, chatId: string, offset: number][];
  /** Messages scheduled and not gone yet (absent in checkpoints from before scheduling). */
  scheduled?: Omit<ScheduledSend, 'phone'>[];
  /** Where older messages still pending or failed start (an index whose journal answers for old messages). */
  olderAt?: [id: string, chatId: string, offset: number][];
}

/**
 * `content` is a plain string for plain text (as checkpoints held before content existed, so
 * those still restore), the content object otherwise.
 */
type PackedMessage = [
  id: string,
  offset: number,
  direction: MessageDirection,
  content: string | MessageContent,
  time: string,
  authorId: string | null,
  status: DeliveryStatus | null,
  reason?: string | null,
  auto?: AutoReplyKind,
];

export interface PackedChat extends Omit<Chat, 'messages' | 'older' | 'olderIds'> {
  messages: PackedMessage[];
  /** Offsets as base-36 differences from the previous one, comma-separated. */
  older: string;
  /** Ids joined by newlines, or a list when an id itself holds one. */
  olderIds: string | string[];
}

export function packChat(chat: Chat): PackedChat {
  const { messages, older, olderIds, ...rest } = chat;
  return {
    ...rest,
    messages: messages.map((m) => {
      const packed: PackedMessage = [m.id, m.offset, m.direction, packContent(m.content), m.time, m.authorId, m.status];
      if (m.reason !== undefined || m.auto !== undefined) packed.push(m.reason ?? null);
      if (m.auto !== undefined) packed.push(m.auto);
      return packed;
    }),
    older: older.map((offset, i) => (i === 0 ? offset : offset - older[i - 1]!).toString(36)).join(','),
    olderIds: olderIds.some((id) => id.includes('\n')) ? olderIds : olderIds.join('\n'),
  };
}

export function unpackChat(packed: PackedChat): Chat {
  const { messages, older, olderIds, ...rest } = packed;
  if (rest.sendKeys !== undefined && !Array.isArray(rest.sendKeys)) throw new Error('a checkpointed chat whose send keys are not a list');
  if (rest.mergedIds !== undefined && (!Array.isArray(rest.mergedIds) || rest.mergedIds.some((id) => typeof id !== 'string'))) {
    throw new Error('a checkpointed chat whose joined chats are not a list of ids');
  }
  // Tags travel in the checkpoint as they are in the chat (ids); checkpoints from before tags have none.
  if (rest.tags !== undefined && (!Array.isArray(rest.tags) || rest.tags.some((t) => typeof t !== 'string'))) {
    throw new Error('a checkpointed chat whose tags are not a list of ids');
  }
  const offsets: number[] = [];
  if (older !== '') {
    let offset = 0;
    for (const delta of older.split(',')) {
      offset += parseInt(delta, 36);
      offsets.push(offset);
    }
  }
  return {
    ...rest,
    messages: messages.map(
      ([id, offset, direction, content, time, authorId, status, reason, auto]): StoredMessage => ({
        id,
        offset,
        direction,
        content: unpackContent(content),
        time,
        authorId,
        status,
        ...(typeof reason === 'string' ? { reason } : {}),
        ...(auto === 'hours' || auto === 'bot' ? { auto } : {}),
      }),
    ),
    older: offsets,
    olderIds: Array.isArray(olderIds) ? olderIds : olderIds === '' ? [] : olderIds.split('\n'),
  };
}

function packContent(content: MessageContent): string | MessageContent {
  return content.type === 'text' && content.replyTo === undefined ? content.text : content;
}

function unpackContent(packed: string | MessageContent): MessageContent {
  if (typeof packed === 'string') return textContent(packed);
  if (looksLikeContent(packed)) return packed;
  throw new Error('a checkpointed message without content');
}
