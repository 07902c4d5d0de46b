import type { RoundRobinTarget } from '../model.js';
import type { TrailStep } from '../round-robin.js';
import type { MessageContent } from './content.js';

/** A customer's message as a transport hands it to the engine. */
export interface InboundMessage {
  /** Our phone (E.164) it arrived on. */
  phone: string;
  /** WhatsApp's message id: the dedupe key within a phone. */
  id: string;
  /** The customer: a WhatsApp JID (`5511…@s.whatsapp.net`, `…@lid`) or an E.164 number. */
  from: string;
  /** The customer's phone-number JID when `from` is a LID and WhatsApp told us both. */
  fromPhone?: string;
  /** The name the customer set in WhatsApp, if known. */
  pushName?: string;
  /** What it says: text, media, a place, a reaction… */
  content: MessageContent;
  /** When WhatsApp says it was sent (ISO). */
  time: string;
  /** True for messages synced from history rather than received live. */
  history?: boolean;
  /**
   * Media only: what the transport needs to download the file later, or to ask WhatsApp to
   * upload it again once its link expired. Opaque to the engine: kept, and handed back.
   */
  mediaSource?: string;
  /**
   * Written by the business itself on the phone (or another device linked to the number), to
   * `from`: stored as outgoing, with no author — the inbox shows what was answered outside it.
   */
  fromMe?: boolean;
}

/** Why a chat was opened (or opened again): see `chat.opened`. */
export type ChatCause = 'new' | 'reopen' | 'history' | 'phone' | 'started';

export type DeliveryStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/** A delivery receipt for one of our outgoing messages. */
export interface Receipt {
  phone: string;
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  time: string;
}

/**
 * One line of a phone's message journal. Chats are never stored anywhere else: their state is
 * what these records add up to, replayed at start.
 */
export type JournalRecord =
  | {
      type: 'message';
      id: string;
      chatId: string;
      direction: 'in' | 'out';
      /**
       * What it says, compactly (`contentFields`): plain text as `text` — as every record was
       * written before content existed — anything else as `content`. Exactly one of the two.
       */
      text?: string;
      content?: MessageContent;
      time: string;
      /** Outgoing only: who wrote it. */
      authorId?: string;
      status?: DeliveryStatus;
      history?: boolean;
      /**
       * Live messages from WhatsApp: when the engine took it in (its clock, which never goes
       * back). The chat's last activity; `time` stays the date WhatsApp gave the message.
       */
      receivedAt?: string;
      /**
       * Outgoing sends: the idempotency key the client chose for this send, so that a retry of the
       * same request (after a lost answer, even across a daemon restart) is answered with this
       * message instead of sending it again. Kept per chat for a bounded time and count.
       */
      sendKey?: string;
      /** Media from WhatsApp: the transport's `InboundMessage.mediaSource`, for downloading it later. */
      mediaSource?: string;
      /** Sent because it was scheduled: the `scheduled` record's id (that schedule is done). */
      scheduledId?: string;
      /** Written by Guru itself, not a person: the out-of-hours reply (`hours`) or the menu bot (`bot`). */
      auto?: AutoReplyKind;
    }
  | { type: 'message.status'; id: string; chatId: string; status: DeliveryStatus; time: string; reason?: string }
  /** What became of a message's file: kept (downloaded, by sha256), given up on, or pruned. */
  | ({ type: 'media'; id: string; chatId: string; time: string } & MediaOutcome)
  | {
      type: 'chat.opened';
      chatId: string;
      customer: string;
      name: string | null;
      time: string;
      /** Who the rodízio (or an import) gave it to, and why. */
      assignee: RoundRobinTarget | null;
      trail: TrailStep[];
      /**
       * 'new' first contact; 'reopen' a customer wrote to a closed chat; 'history' synced; 'phone'
       * the team wrote first, from the phone; 'started' a colleague started it (`guru chat new`).
       */
      cause: ChatCause;
      /**
       * Why the rodízio did not run yet: the number was closed (`hours`: the chat waits for
       * opening time) or its menu bot took the conversation (`bot`). Absent: it ran (or, by cause, never does).
       */
      held?: 'hours' | 'bot';
      /** Held for `hours`: when the number opens (ISO), as it was known then; absent: it never opens. */
      opensAt?: string;
      /** Nobody took it (no eligible entry, or `held` for hours): it waits, and is handed out once someone can. */
      waiting?: true;
    }
  | {
      type: 'chat.assigned';
      chatId: string;
      assignee: RoundRobinTarget | null;
      by: string;
      time: string;
      /**
       * A handover: the chat's assignee was removed or disabled (or its department removed), and
       * the chat went to the rodízio again (`trail`, the decision) or to nobody. Absent: a transfer.
       */
      handover?: HandoverReason;
      trail?: TrailStep[];
      /** A handover whose rodízio found nobody: the chat waits, and is handed out once someone can. */
      waiting?: true;
      /** Why a `backlog` hand-out happened now, for people ("bia@x came online", "opening time"). */
      cause?: string;
    }
  /**
   * A menu bot's step in a conversation: it sent the menu (`greeted`, again after an answer it
   * did not know: `retry`), understood an answer (`matched`, sending the chat to `departmentId`),
   * or gave up — too many unknown answers (`fallback`) or silence (`timeout`) — to the normal rodízio.
   */
  | { type: 'bot.step'; chatId: string; step: BotStep; answer?: string; departmentId?: string; tries: number; time: string }
  | { type: 'chat.closed'; chatId: string; by: string; time: string }
  | { type: 'chat.reopened'; chatId: string; by: string; time: string }
  | { type: 'chat.read'; chatId: string; by: string; time: string }
  | { type: 'chat.renamed'; chatId: string; name: string; time: string }
  /**
   * WhatsApp revealed that `alias` (a LID) is `customer` (a phone number): from now on both are
   * one person, and a chat opened under the alias joins theirs.
   */
  | { type: 'customer.alias'; alias: string; customer: string; time: string }
  /** Tags put on (`add`) and taken off (`remove`) a chat, by tag id (`State.tags`). `by`: who, as the audit names them. */
  | { type: 'chat.tagged'; chatId: string; add: string[]; remove: string[]; by: string; time: string }
  /**
   * An internal note: part of the chat's history for whoever sees the chat, never sent to
   * WhatsApp. `mentions`: the user ids its `@names` named (they are notified).
   */
  | { type: 'note'; id: string; chatId: string; text: string; authorId: string | null; mentions: string[]; time: string }
  /**
   * A message to send at `at` (ISO; what the author typed, in the account's time zone, made
   * absolute): sent through the outbox once due, as a `message` record naming this `id` in
   * `scheduledId`. `content` as in `message` records (`text` for plain text).
   */
  | {
      type: 'scheduled';
      id: string;
      chatId: string;
      text?: string;
      content?: MessageContent;
      at: string;
      authorId: string | null;
      time: string;
    }
  /**
   * A scheduled message taken back before it went (`guru chat unschedule`) — or dropped by Guru
   * when it fell due (`by` Guru, with `reason`: its author was disabled or lost the chat).
   */
  | { type: 'scheduled.cancelled'; id: string; chatId: string; by: string; time: string; reason?: string };

/** A file's fate, as a `media` journal record tells it. */
export type MediaOutcome =
  | { state: 'stored'; sha256: string; size: number }
  /** Could not be had (WhatsApp no longer holds it, …): why, in words for people. */
  | { state: 'unavailable'; reason: string }
  /** Removed by `guru media prune` (the message stays). */
  | { state: 'pruned' };

/**
 * Where a media message's file stands: `pending` a live message's file being fetched, `remote`
 * one left on WhatsApp until someone opens it (history), then what a `media` record said.
 */
export type MediaStatus = { state: 'pending' | 'remote'; reason?: string } | MediaOutcome;

/**
 * Why a chat changed hands without anyone transferring it: what happened to its assignee
 * (removed, disabled, department removed), or the routing's own moves — a waiting chat handed
 * out once someone could take it (`backlog`), a customer writing to an absent agent's chat
 * (`absent`, the number's `reassignWhenAbsent`), a menu bot's choice or its giving up (`bot`).
 */
export type HandoverReason = 'user.remove' | 'user.disable' | 'department.remove' | 'backlog' | 'absent' | 'bot';

/** What wrote an automatic message: the out-of-hours reply or the menu bot. */
export type AutoReplyKind = 'hours' | 'bot';

export type BotStep = 'greeted' | 'retry' | 'matched' | 'fallback' | 'timeout';

/** The records that tell how a chat was routed, as `guru chat why` lists them (`Chat.routing`). */
export type RoutingRecord =
  | Extract<JournalRecord, { type: 'chat.opened' | 'chat.assigned' | 'bot.step' }>
  | { type: 'auto.reply'; kind: AutoReplyKind; messageId: string; time: string };

/** How many routing records a chat keeps for `guru chat why` (the latest). */
export const ROUTING_KEPT = 30;

/** What caused the last rodízio decision for a chat (`guru chat why`): how it opened, or a handover. */
export type TrailCause = ChatCause | 'handover';

/** Who a line of a chat's history is from: the customer, us (Guru or the phone), or the team among itself (an internal note). */
export type MessageDirection = 'in' | 'out' | 'note';

export interface StoredMessage {
  id: string;
  /** Where its record starts in the phone's journal: how it is read back once out of memory. */
  offset: number;
  /** `note`: an internal note of the team (a `note` record) — never sent, never unread, no status. */
  direction: MessageDirection;
  content: MessageContent;
  time: string;
  authorId: string | null;
  status: DeliveryStatus | null;
  /** Why WhatsApp never got it (failed outgoing messages, while in memory): what to do next. */
  reason?: string;
  /** Written by Guru itself (the out-of-hours reply, the menu bot), not by a person. */
  auto?: AutoReplyKind;
  /**
   * What the latest `media` record said of its file, on a message read back from a journal that
   * answers for old messages itself (`JournalLookup`): the index no longer holds it.
   */
  media?: MediaOutcome;
}

export interface Chat {
  id: string;
  phone: string;
  /** Normalised customer id: `+<digits>` for phone numbers, `lid:<digits>` while only a LID is known. */
  customer: string;
  name: string | null;
  status: 'open' | 'closed';
  assignee: RoundRobinTarget | null;
  /** The last rodízio decision for this chat (`guru chat why`). */
  trail: TrailStep[];
  trailTime: string | null;
  trailCause: TrailCause | null;
  openedAt: string;
  updatedAt: string;
  unread: number;
  /** The latest messages (at most RECENT_MESSAGES), oldest first; older ones stay in the journal. */
  messages: StoredMessage[];
  /**
   * Journal offsets of the older messages, oldest first, and their ids (for dedupe). Empty when
   * the journal answers for old messages itself (`JournalLookup`): then only `retired` counts them.
   */
  older: number[];
  olderIds: string[];
  /** How many lines left memory that the journal answers for (`JournalLookup`); absent: none. */
  retired?: number;
  /**
   * Chats (LID chats) joined into this one: their records in the journal still name their own
   * id. Kept where the journal answers for old messages, whose pages are asked by chat id.
   */
  mergedIds?: string[];
  /**
   * The latest idempotency keys of sends in this chat, oldest first, as [key, message id, time]
   * (bounded: `SEND_KEYS_KEPT`). Absent in chats from before keys existed.
   */
  sendKeys?: [key: string, id: string, time: string][];
  /** Ids of the tags it wears (`State.tags`), in the order they were put on; absent: none. */
  tags?: string[];
  /**
   * Open, unassigned, and waiting for the rodízio: no entry could take it (or the number was
   * closed) when it came in. Handed out oldest first (by `waitingSince`) as soon as someone can.
   * Absent: not waiting (assigned, closed, left unassigned by a person, or never routed).
   */
  waitingSince?: string;
  /** In a menu bot's conversation (no rodízio yet): the unknown answers so far and when the menu went. */
  bot?: { tries: number; since: string };
  /** When the out-of-hours reply last went (it goes once per closed period). */
  autoReplyAt?: string;
  /** The latest routing records (at most ROUTING_KEPT), oldest first: `guru chat why`'s full trail. */
  routing?: RoutingRecord[];
}

/** How many lines (messages and notes) a chat holds in all, in memory and out. */
export function lineCount(chat: Chat): number {
  return chat.messages.length + chat.older.length + (chat.retired ?? 0);
}

/** What a `media` record says of a message's file, without what names the record. */
export function outcomeOf(record: Extract<JournalRecord, { type: 'media' }>): MediaOutcome {
  const { type: _type, id: _id, chatId: _chatId, time: _time, ...outcome } = record;
  return outcome as MediaOutcome;
}
