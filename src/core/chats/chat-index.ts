import { packChat, unpackChat, type IndexCheckpoint } from './checkpoint.js';
import { isAnnotation, isMedia, looksLikeContent, recordContent, textContent } from './content.js';
import {
  outcomeOf,
  ROUTING_KEPT,
  type Chat,
  type DeliveryStatus,
  type JournalRecord,
  type MediaOutcome,
  type MediaStatus,
  type RoutingRecord,
  type StoredMessage,
} from './model.js';
import { mapOf, RoutingIndex } from './routing-index.js';
import type { ScheduledSend } from './scheduled-send.js';

export type { ScheduledSend } from './scheduled-send.js';

/**
 * How many of a chat's latest messages stay in memory. Older ones are read back from the
 * journal by offset when someone pages that far: a million messages must not cost a million
 * objects (memory and restart time), while the list, previews and a screenful of history never
 * touch the disk.
 */
export const RECENT_MESSAGES = 25;

/**
 * How many send keys each chat remembers: a client retries within moments, so the latest few
 * hundred sends of a chat cover every retry without the index growing with its history.
 */
export const SEND_KEYS_KEPT = 200;

/**
 * Every chat and its latest messages, in memory, as the journal's records add up to. Applying
 * the same journal always yields the same index, which is what makes the journal the only truth.
 *
 * Over a journal of files the index remembers where each older message is (its offset and id),
 * so a message is found without reading the journal. Over a journal that answers for old
 * messages itself (`JournalLookup`, a database), `keepsOlder` is false: a message leaving memory
 * leaves nothing behind but a count (`Chat.retired`), and those still to be sent or retried (their
 * offsets in `olderAt`) — memory and restart then stay the same however long the history grows.
 */
export class ChatIndex {
  private chats = new Map<string, Chat>();
  /** Chat id → the chat it was joined into (a LID chat merged into its person's), at any depth. */
  private mergedInto = new Map<string, string>();
  /**
   * `phone|id` → where older messages still pending or failed start, and their chat: where the
   * journal answers for old messages, the only older messages the index keeps anything of.
   */
  private olderAt = new Map<string, { chatId: string; offset: number }>();
  /** phone → customer → chat id. */
  private byCustomer = new Map<string, Map<string, string>>();
  /** phone → message id → chat id, for every message ever stored: WhatsApp redelivers after reconnects. */
  private messageChat = new Map<string, Map<string, string>>();
  /** phone → `lid:…` → `+…` once known. */
  private aliases = new Map<string, Map<string, string>>();
  /** phone → message id → the latest status of a message no longer in memory. */
  private olderStatus = new Map<string, Map<string, DeliveryStatus>>();
  /**
   * Chats restored from a checkpoint whose older message ids are not in `messageChat` yet: a
   * million map entries would delay the API by a second at start, so they are added after it
   * (`indexOlder`), and at once should a lookup miss before that is done.
   */
  private unindexed: { phone: string; chat: Chat; next: number; end: number }[] = [];
  /** `phone|id` → outgoing messages WhatsApp has not yet taken: the outbox (`ChatOutbox`), rebuilt on replay. */
  private pendingOut = new Map<string, PendingSend>();
  /** phone → message id → what a `media` record said of the message's file (the latest). */
  private mediaOutcomes = new Map<string, Map<string, MediaOutcome>>();
  /**
   * `phone|id` → live media messages whose file is still to be fetched: journaled with a media
   * source and no `media` record yet. Rebuilt on replay, so a restart fetches them again.
   */
  private mediaWaiting = new Map<string, PendingMedia>();
  /**
   * `phone|id` → why a file is left on WhatsApp for now (the media quota is full): in memory
   * only — fetching it is tried again when someone opens it, or at the next start.
   */
  private mediaHeld = new Map<string, string>();
  /**
   * `phone|id` → messages scheduled for later and not yet gone: journaled as `scheduled`, with
   * neither a `message` naming them (`scheduledId`) nor a `scheduled.cancelled`. Rebuilt on
   * replay and kept in checkpoints, so a restart sends each one still due, once.
   */
  private scheduledOut = new Map<string, ScheduledSend>();

  /** Open chats per assignee and the waiting chats, kept as records apply. */
  readonly routing = new RoutingIndex();

  /** `keepsOlder`: whether the index remembers every older message (false: `JournalLookup` does). */
  constructor(readonly keepsOlder = true) {}

  /** Applies one journal record; `offset` is where it starts in the phone's journal. */
  apply(phone: string, record: JournalRecord, offset = -1): Chat | undefined {
    if (record.type === 'customer.alias') {
      // Two chats may become one: count the phone's chats again (rare: once per person).
      const chat = this.applyRecord(phone, record, offset);
      this.routing.forget(phone);
      for (const id of new Set(this.byCustomer.get(phone)?.values())) this.routing.enter(this.chats.get(id));
      return chat;
    }
    const before = 'chatId' in record ? this.chats.get(record.chatId) : undefined;
    // Only records that can change a chat's status, assignee or waiting are worth the two steps.
    const routed = ROUTING_TYPES.has(record.type);
    if (routed) this.routing.leave(before);
    const chat = this.applyRecord(phone, record, offset);
    if (routed) this.routing.enter(chat ?? before);
    return chat;
  }

  private applyRecord(phone: string, record: JournalRecord, offset: number): Chat | undefined {
    switch (record.type) {
      case 'chat.opened': {
        const existing = this.chats.get(record.chatId);
        if (existing) {
          existing.status = 'open';
          existing.assignee = record.assignee;
          existing.trail = record.trail;
          existing.trailTime = record.time;
          existing.trailCause = record.cause;
          existing.updatedAt = later(existing.updatedAt, record.time);
          if (record.name) existing.name = record.name;
          routeOpened(existing, record);
          return existing;
        }
        const chat: Chat = {
          id: record.chatId,
          phone,
          customer: record.customer,
          name: record.name,
          status: 'open',
          assignee: record.assignee,
          trail: record.trail,
          trailTime: record.time,
          trailCause: record.cause,
          openedAt: record.time,
          updatedAt: record.time,
          unread: 0,
          messages: [],
          older: [],
          olderIds: [],
        };
        routeOpened(chat, record);
        this.chats.set(chat.id, chat);
        mapOf(this.byCustomer, phone).set(record.customer, chat.id);
        return chat;
      }
      case 'message': {
        const chat = this.chats.get(record.chatId);
        if (!chat) return undefined;
        // A chat that history opened was last active when its newest message was written, not
        // when it was synced: its first message (journaled with the opening, so never seen
        // without it) sets the time, and later ones can only move it forward.
        if (record.history && chat.trailCause === 'history' && chat.messages.length === 0 && chat.older.length === 0) chat.updatedAt = record.time;
        chat.messages.push(storedMessage(record, offset));
        mapOf(this.messageChat, phone).set(record.id, chat.id);
        if (record.status === 'pending') this.pendingOut.set(`${phone}|${record.id}`, { phone, chatId: chat.id, id: record.id, offset, since: record.time });
        // A live message's file is fetched as it arrives; history's when someone opens it.
        if (record.mediaSource !== undefined && !record.history && !this.mediaOutcomes.get(phone)?.has(record.id)) {
          this.mediaWaiting.set(`${phone}|${record.id}`, { phone, chatId: chat.id, id: record.id, offset });
        }
        if (record.direction === 'out' && typeof record.sendKey === 'string') rememberKey(chat, record.sendKey, record.id, record.time);
        if (record.scheduledId !== undefined) this.scheduledOut.delete(`${phone}|${record.scheduledId}`);
        if (chat.messages.length > RECENT_MESSAGES) this.retire(chat, chat.messages.length - RECENT_MESSAGES);
        // Live: when it arrived (a live message's own date may be older: sent while we were offline).
        chat.updatedAt = later(chat.updatedAt, record.history ? record.time : (record.receivedAt ?? record.time));
        // A reaction, edit or deletion is not a new message to answer.
        if (record.direction === 'in' && !record.history && !(record.content && isAnnotation(record.content))) chat.unread += 1;
        if (record.direction === 'out' && record.auto === undefined) chat.unread = 0; // answering reads the chat (Guru's own replies do not)
        if (record.auto !== undefined) {
          remember(chat, { type: 'auto.reply', kind: record.auto, messageId: record.id, time: record.time });
          if (record.auto === 'hours') chat.autoReplyAt = record.time;
        }
        return chat;
      }
      case 'note': {
        // A line of the chat's history like a message (paged, searched, merged with it), but the
        // team's own: it changes no unread count and no delivery state, and never enters the outbox.
        const chat = this.chats.get(record.chatId);
        if (!chat) return undefined;
        chat.messages.push(storedMessage(record, offset));
        mapOf(this.messageChat, phone).set(record.id, chat.id);
        if (chat.messages.length > RECENT_MESSAGES) this.retire(chat, chat.messages.length - RECENT_MESSAGES);
        chat.updatedAt = later(chat.updatedAt, record.time);
        return chat;
      }
      case 'message.status': {
        const chat = this.chats.get(record.chatId);
        if (!chat) return undefined;
        const key = `${phone}|${record.id}`;
        const message = chat.messages.findLast((m) => m.id === record.id);
        const older = mapOf(this.olderStatus, phone);
        // Out of memory and not kept, where the journal answers for it: sent or beyond (or a customer's).
        const before = message ? message.status : (older.get(record.id) ?? (this.keepsOlder ? null : 'sent'));
        if (statusAfter(before, record.status) === undefined) return chat;
        if (record.status === 'pending') {
          // A retry (`guru chat retry`): a failed message goes back to the outbox.
          const offset = message ? message.offset : this.olderOffset(chat, record.id);
          if (offset === undefined) return chat;
          this.pendingOut.delete(key);
          this.pendingOut.set(key, { phone, chatId: chat.id, id: record.id, offset, since: record.time });
          if (message) {
            message.status = 'pending';
            delete message.reason;
          } else older.set(record.id, 'pending');
          return chat;
        }
        this.pendingOut.delete(key);
        if (message) {
          message.status = record.status;
          if (record.status === 'failed' && record.reason !== undefined) message.reason = record.reason;
          else delete message.reason;
        } else this.olderStatusIs(chat, record.id, record.status);
        return chat;
      }
      case 'chat.assigned':
        return this.update(record.chatId, (chat) => {
          chat.assignee = record.assignee;
          // A handover is a rodízio decision (or its absence): `chat why` tells it.
          if (record.handover) {
            chat.trail = record.trail ?? [];
            chat.trailTime = record.time;
            chat.trailCause = 'handover';
          }
          // Whoever holds it now, or whoever chose nobody, ends its wait — unless the rodízio found nobody.
          if (record.waiting === true && record.assignee === null) chat.waitingSince ??= record.time;
          else delete chat.waitingSince;
          delete chat.bot;
          remember(chat, record);
        });
      case 'bot.step':
        return this.update(record.chatId, (chat) => {
          if (record.step === 'greeted' || record.step === 'retry') chat.bot = { tries: record.tries, since: chat.bot?.since ?? record.time };
          else delete chat.bot;
          remember(chat, record);
        });
      case 'chat.closed':
        return this.update(record.chatId, (chat) => {
          chat.status = 'closed';
          chat.updatedAt = later(chat.updatedAt, record.time);
          delete chat.waitingSince;
          delete chat.bot;
        });
      case 'chat.reopened':
        return this.update(record.chatId, (chat) => {
          chat.status = 'open';
          chat.updatedAt = later(chat.updatedAt, record.time);
        });
      case 'chat.read':
        return this.update(record.chatId, (chat) => {
          chat.unread = 0;
        });
      case 'chat.renamed':
        return this.update(record.chatId, (chat) => {
          chat.name = record.name;
        });
      case 'customer.alias':
        return this.alias(phone, record.alias, record.customer);
      case 'chat.tagged':
        return this.update(record.chatId, (chat) => {
          const tags = (chat.tags ?? []).filter((id) => !record.remove.includes(id));
          for (const id of record.add) if (!tags.includes(id)) tags.push(id);
          if (tags.length > 0) chat.tags = tags;
          else delete chat.tags;
        });
      case 'media': {
        const id = record.id;
        // Where the journal answers for old messages, only those in memory keep theirs here.
        if (this.keepsOlder || this.messageChat.get(phone)?.has(id)) mapOf(this.mediaOutcomes, phone).set(id, outcomeOf(record));
        this.mediaWaiting.delete(`${phone}|${id}`);
        this.mediaHeld.delete(`${phone}|${id}`);
        return undefined; // where a file stands is not the chat's state (see MediaStatus)
      }
      // What is scheduled is not (yet) the chat's history: only the list of scheduled sends changes.
      case 'scheduled': {
        const chat = this.chats.get(record.chatId);
        if (chat) {
          const { type: _type, text, content, ...rest } = record;
          this.scheduledOut.set(`${phone}|${record.id}`, { ...rest, phone, content: recordContent({ text, content }), offset });
        }
        return undefined;
      }
      case 'scheduled.cancelled':
        this.scheduledOut.delete(`${phone}|${record.id}`);
        return undefined;
    }
  }

  /** The aliases (LIDs) WhatsApp told us stand for `customer` on `phone`. */
  aliasesOf(phone: string, customer: string): string[] {
    return [...(this.aliases.get(phone) ?? [])].filter(([, c]) => c === customer).map(([alias]) => alias);
  }

  /** The customer id an alias (LID) stands for, once WhatsApp told us. */
  resolve(phone: string, customer: string): string {
    return this.aliases.get(phone)?.get(customer) ?? customer;
  }

  private alias(phone: string, alias: string, customer: string): Chat | undefined {
    mapOf(this.aliases, phone).set(alias, customer);
    this.indexOlder();
    const aliasChat = this.forCustomer(phone, alias);
    const ownChat = this.forCustomer(phone, customer);
    if (!aliasChat || aliasChat === ownChat) return ownChat;
    const customers = mapOf(this.byCustomer, phone);
    customers.set(alias, (ownChat ?? aliasChat).id);
    if (!ownChat) {
      // Only the alias had a chat: it simply becomes the person's chat.
      aliasChat.customer = customer;
      customers.set(customer, aliasChat.id);
      return aliasChat;
    }
    // Both had one: the alias chat's messages join the person's chat in the order they arrived —
    // journal order, offsets grow with each record — as if it had been one chat all along. Not
    // by their dates: clocks disagree and step back, and a chat is read in arrival order.
    if (this.keepsOlder) this.joinOlder(ownChat, aliasChat);
    else this.joinLines(ownChat, aliasChat);
    for (const id of [aliasChat.id, ...(aliasChat.mergedIds ?? [])]) this.mergedInto.set(id, ownChat.id);
    for (const [key, id, time] of aliasChat.sendKeys ?? []) rememberKey(ownChat, key, id, time);
    ownChat.unread += aliasChat.unread;
    ownChat.name ??= aliasChat.name;
    // One person, one chat: it wears the tags either chat wore.
    if (aliasChat.tags) ownChat.tags = [...new Set([...(ownChat.tags ?? []), ...aliasChat.tags])];
    ownChat.updatedAt = later(ownChat.updatedAt, aliasChat.updatedAt);
    for (const p of this.pendingOut.values()) if (p.chatId === aliasChat.id) p.chatId = ownChat.id;
    for (const p of this.mediaWaiting.values()) if (p.chatId === aliasChat.id) p.chatId = ownChat.id;
    for (const s of this.scheduledOut.values()) if (s.phone === phone && s.chatId === aliasChat.id) s.chatId = ownChat.id;
    this.chats.delete(aliasChat.id);
    return ownChat;
  }

  /** Joins the alias chat's lines into the person's chat, keeping where each older one is. */
  private joinOlder(ownChat: Chat, aliasChat: Chat): void {
    const phone = ownChat.phone;
    const merged = [
      ...ownChat.older.map((offset, i) => ({ offset, id: ownChat.olderIds[i]!, message: undefined as StoredMessage | undefined })),
      ...aliasChat.older.map((offset, i) => ({ offset, id: aliasChat.olderIds[i]!, message: undefined as StoredMessage | undefined })),
      ...[...ownChat.messages, ...aliasChat.messages].map((message) => ({ offset: message.offset, id: message.id, message })),
    ].sort((a, b) => a.offset - b.offset);
    // Older ones stay before those in memory: only the newest run of in-memory messages is kept there.
    let split = merged.length;
    while (split > 0 && merged[split - 1]!.message) split--;
    ownChat.older = merged.slice(0, split).map((m) => m.offset);
    ownChat.olderIds = merged.slice(0, split).map((m) => m.id);
    for (const { message } of merged.slice(0, split)) if (message && message.status !== null) mapOf(this.olderStatus, phone).set(message.id, message.status);
    ownChat.messages = merged.slice(split).map((m) => m.message!);
    if (ownChat.messages.length > RECENT_MESSAGES) this.retire(ownChat, ownChat.messages.length - RECENT_MESSAGES);
    const messageChat = mapOf(this.messageChat, phone);
    for (const m of aliasChat.messages) messageChat.set(m.id, ownChat.id);
    for (const id of aliasChat.olderIds) messageChat.set(id, ownChat.id);
  }

  /**
   * `joinOlder` where the journal answers for old messages: memory keeps the newest run of lines
   * — from the latest first-in-memory line of a chat that let lines go — so that what is out of
   * memory is exactly every line of both chats before it (what `JournalLookup.lines` pages).
   */
  private joinLines(ownChat: Chat, aliasChat: Chat): void {
    const messageChat = mapOf(this.messageChat, ownChat.phone);
    for (const m of aliasChat.messages) messageChat.set(m.id, ownChat.id);
    const floor = Math.max(-1, ...[ownChat, aliasChat].filter((c) => (c.retired ?? 0) > 0).map((c) => Math.min(...c.messages.map((m) => m.offset))));
    ownChat.messages = [...ownChat.messages, ...aliasChat.messages].sort((a, b) => a.offset - b.offset);
    ownChat.retired = (ownChat.retired ?? 0) + (aliasChat.retired ?? 0);
    for (const [key, at] of this.olderAt) if (at.chatId === aliasChat.id) this.olderAt.set(key, { ...at, chatId: ownChat.id });
    ownChat.mergedIds = [...(ownChat.mergedIds ?? []), aliasChat.id, ...(aliasChat.mergedIds ?? [])];
    const below = ownChat.messages.findIndex((m) => m.offset >= floor);
    this.retire(ownChat, below < 0 ? ownChat.messages.length : below);
    if (ownChat.messages.length > RECENT_MESSAGES) this.retire(ownChat, ownChat.messages.length - RECENT_MESSAGES);
  }

  /** Moves a chat's `count` oldest in-memory messages out to the journal-only part. */
  private retire(chat: Chat, count: number): void {
    if (count <= 0) return;
    for (const m of chat.messages.splice(0, count)) {
      if (this.keepsOlder) {
        chat.older.push(m.offset);
        chat.olderIds.push(m.id);
        if (m.status !== null) mapOf(this.olderStatus, chat.phone).set(m.id, m.status);
        continue;
      }
      chat.retired = (chat.retired ?? 0) + 1;
      const messageChat = this.messageChat.get(chat.phone);
      if (messageChat?.get(m.id) === chat.id) messageChat.delete(m.id);
      this.mediaOutcomes.get(chat.phone)?.delete(m.id);
      if (m.status !== null) this.olderStatusIs(chat, m.id, m.status, m.offset);
    }
  }

  /**
   * The status of a message out of memory. Where the journal answers for old messages, only one
   * still to be sent or retried (pending, failed) is kept, with where it starts: the rest the
   * journal tells when a page is read.
   */
  private olderStatusIs(chat: Chat, id: string, status: DeliveryStatus, offset?: number): void {
    const statuses = mapOf(this.olderStatus, chat.phone);
    const key = `${chat.phone}|${id}`;
    if (this.keepsOlder || status === 'pending' || status === 'failed') statuses.set(id, status);
    else {
      statuses.delete(id);
      this.olderAt.delete(key);
    }
    if (!this.keepsOlder && offset !== undefined && statuses.has(id)) this.olderAt.set(key, { chatId: chat.id, offset });
  }

  /** Where an older message of `chat` starts in the journal, if the index knows. */
  private olderOffset(chat: Chat, id: string): number | undefined {
    if (this.keepsOlder) return chat.older[chat.olderIds.lastIndexOf(id)];
    return this.olderAt.get(`${chat.phone}|${id}`)?.offset;
  }

  /**
   * The chat a journaled record's chat id stands for now: itself, or the chat it was joined into.
   * (Where the journal answers for old messages, its records name the chat they were written in.)
   */
  chatByJournalId(chatId: string): Chat | undefined {
    return this.chats.get(chatId) ?? this.chats.get(this.mergedInto.get(chatId) ?? '');
  }

  /** Every chat id `chat`'s lines were journaled under: its own and those of chats joined into it. */
  journalIdsOf(chat: Chat): string[] {
    return [chat.id, ...(chat.mergedIds ?? [])];
  }

  /** The message last sent in `chat` under idempotency key `key`, if the chat still remembers it. */
  sentWithKey(chat: Chat, key: string): { id: string; time: string } | undefined {
    const entry = chat.sendKeys?.findLast(([k]) => k === key);
    return entry ? { id: entry[1], time: entry[2] } : undefined;
  }

  get(id: string): Chat | undefined {
    return this.chats.get(id);
  }

  forCustomer(phone: string, customer: string): Chat | undefined {
    const id = this.byCustomer.get(phone)?.get(customer);
    return id ? this.chats.get(id) : undefined;
  }

  hasMessage(phone: string, id: string): boolean {
    return this.chatOfMessage(phone, id) !== undefined;
  }

  chatOfMessage(phone: string, id: string): Chat | undefined {
    let chatId = this.messageChat.get(phone)?.get(id);
    if (chatId === undefined && this.unindexed.length > 0) {
      this.indexOlder();
      chatId = this.messageChat.get(phone)?.get(id);
    }
    return chatId ? this.chats.get(chatId) : undefined;
  }

  /** Adds up to `max` restored older ids to the dedupe map; true once none is left. */
  indexOlder(max = Infinity): boolean {
    let budget = max;
    while (this.unindexed.length > 0 && budget > 0) {
      const entry = this.unindexed.at(-1)!;
      const map = mapOf(this.messageChat, entry.phone);
      const stop = Math.min(entry.end, entry.next + budget);
      for (let i = entry.next; i < stop; i++) map.set(entry.chat.olderIds[i]!, entry.chat.id);
      budget -= stop - entry.next;
      entry.next = stop;
      if (entry.next >= entry.end) this.unindexed.pop();
    }
    return this.unindexed.length === 0;
  }

  /** The status a message out of memory has reached, if any arrived after it left memory. */
  olderStatusOf(phone: string, id: string): DeliveryStatus | undefined {
    return this.olderStatus.get(phone)?.get(id);
  }

  /** Outgoing messages still waiting for WhatsApp's confirmation: the outbox, oldest first within each chat. */
  pending(phone?: string): PendingSend[] {
    const all = [...this.pendingOut.values()].filter((p) => phone === undefined || p.phone === phone);
    return all.sort((a, b) => a.offset - b.offset);
  }

  /**
   * A number's link figures from its chats: `@lid` customers whose number WhatsApp told, sends
   * waiting to go out, and sends given up (failed, until someone retries them). Counted when
   * asked (`guru phone health`): nothing on the hot path keeps them.
   */
  linkFigures(phone: string): { aliases: number; pending: number; failed: number } {
    let failed = 0;
    // This number's chats only (by customer), not every chat of every number.
    // A Set: once an alias is known, two customer ids may name one chat.
    for (const chatId of new Set(this.byCustomer.get(phone)?.values() ?? [])) {
      for (const m of this.chats.get(chatId)?.messages ?? []) if (m.status === 'failed') failed += 1;
    }
    for (const status of this.olderStatus.get(phone)?.values() ?? []) if (status === 'failed') failed += 1;
    let pending = 0;
    for (const p of this.pendingOut.values()) if (p.phone === phone) pending += 1;
    return { aliases: this.aliases.get(phone)?.size ?? 0, pending, failed };
  }

  /** One outgoing message still waiting for WhatsApp, if it is. */
  pendingSend(phone: string, id: string): PendingSend | undefined {
    return this.pendingOut.get(`${phone}|${id}`);
  }

  /**
   * Where a message's file stands: what its latest `media` record said; else being fetched
   * (`pending`, a live message), or left on WhatsApp (`remote`, history — with why, when the
   * quota holds it back). Undefined for a message with no file. Our own sends name their file.
   */
  mediaStatus(phone: string, message: Pick<StoredMessage, 'id' | 'content' | 'media'>): MediaStatus | undefined {
    const outcome = this.mediaOutcomes.get(phone)?.get(message.id) ?? message.media;
    if (outcome) return outcome;
    const content = message.content;
    if (!isMedia(content)) return undefined;
    if (content.sha256 !== undefined) return { state: 'stored', sha256: content.sha256, size: content.size ?? 0 };
    const key = `${phone}|${message.id}`;
    if (this.mediaWaiting.has(key)) return { state: 'pending' };
    const held = this.mediaHeld.get(key);
    return held === undefined ? { state: 'remote' } : { state: 'remote', reason: held };
  }

  /** `mediaStatus` for one phone's messages, as the views take it. */
  mediaOf(phone: string): (message: StoredMessage) => MediaStatus | undefined {
    return (message) => this.mediaStatus(phone, message);
  }

  /** Live media messages whose file is still to be fetched, oldest first (all phones, or one). */
  mediaToFetch(phone?: string): PendingMedia[] {
    const all = [...this.mediaWaiting.values()].filter((p) => phone === undefined || p.phone === phone);
    return all.sort((a, b) => a.offset - b.offset);
  }

  /** One message's waiting fetch, if it has one. */
  mediaPendingOf(phone: string, id: string): PendingMedia | undefined {
    return this.mediaWaiting.get(`${phone}|${id}`);
  }

  /**
   * A live file not fetched for now (the media quota is full): it shows `remote` with `reason`
   * and is fetched when someone opens it. Not journaled: the next start tries it again.
   */
  holdMedia(phone: string, id: string, reason: string): void {
    const key = `${phone}|${id}`;
    this.mediaWaiting.delete(key);
    this.mediaHeld.set(key, reason);
  }

  /** Messages scheduled and not yet gone (all phones, or one), soonest first; equal times in journal order. */
  scheduled(phone?: string): ScheduledSend[] {
    const all = [...this.scheduledOut.values()].filter((s) => phone === undefined || s.phone === phone);
    return all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.offset - b.offset));
  }

  /** One scheduled message still to go, by its id, whichever phone it is on. */
  scheduledById(id: string): ScheduledSend | undefined {
    for (const s of this.scheduledOut.values()) if (s.id === id) return s;
    return undefined;
  }

  /** Every file a `media` record says is stored, per phone, by message id. */
  storedMedia(): { phone: string; id: string; sha256: string; size: number }[] {
    const out: { phone: string; id: string; sha256: string; size: number }[] = [];
    for (const [phone, outcomes] of this.mediaOutcomes) {
      for (const [id, outcome] of outcomes) if (outcome.state === 'stored') out.push({ phone, id, sha256: outcome.sha256, size: outcome.size });
    }
    return out;
  }

  all(): Chat[] {
    return [...this.chats.values()];
  }

  get size(): number {
    return this.chats.size;
  }

  phones(): string[] {
    return [...new Set([...this.chats.values()].map((c) => c.phone))];
  }

  /** One phone's part of the index, to be stored beside its journal and restored at start. */
  checkpoint(phone: string): IndexCheckpoint {
    return {
      chats: [...this.chats.values()].filter((c) => c.phone === phone).map(packChat),
      aliases: [...(this.aliases.get(phone) ?? [])],
      olderStatus: [...(this.olderStatus.get(phone) ?? [])],
      media: [...(this.mediaOutcomes.get(phone) ?? [])],
      mediaWaiting: [...this.mediaWaiting.values()].filter((p) => p.phone === phone).map((p) => [p.id, p.chatId, p.offset]),
      scheduled: this.scheduled(phone).map(({ phone: _phone, ...s }) => s),
      ...(this.keepsOlder
        ? {}
        : {
            olderAt: [...this.olderAt].filter(([key]) => key.startsWith(`${phone}|`)).map(([key, at]) => [key.slice(phone.length + 1), at.chatId, at.offset]),
          }),
    };
  }

  /**
   * Forgets the chats `chatIds` of `phone` and all that only they held (an erasure rewrote the
   * journal without their records), and the aliases of `customers`; every other record of the
   * phone moved to where `moved` says. What remains is what replaying the new journal would give.
   */
  erase(phone: string, chatIds: ReadonlySet<string>, customers: ReadonlySet<string>, moved: (offset: number) => number): void {
    const messageChat = this.messageChat.get(phone);
    const forgetMessage = (chatId: string, id: string) => {
      if (messageChat?.get(id) === chatId) messageChat.delete(id);
      this.olderStatus.get(phone)?.delete(id);
      this.mediaOutcomes.get(phone)?.delete(id);
      this.mediaHeld.delete(`${phone}|${id}`);
    };
    for (const id of chatIds) {
      const chat = this.chats.get(id);
      if (!chat || chat.phone !== phone) continue;
      this.routing.leave(chat);
      this.chats.delete(id);
      for (const m of chat.messages) forgetMessage(id, m.id);
      for (const older of chat.olderIds) forgetMessage(id, older);
      for (const joined of chat.mergedIds ?? []) this.mergedInto.delete(joined);
    }
    for (const [key, at] of this.olderAt) {
      if (!key.startsWith(`${phone}|`)) continue;
      if (chatIds.has(at.chatId)) {
        this.olderAt.delete(key);
        this.olderStatus.get(phone)?.delete(key.slice(phone.length + 1));
      } else at.offset = moved(at.offset);
    }
    const byCustomer = this.byCustomer.get(phone);
    for (const [customer, chatId] of byCustomer ?? []) if (chatIds.has(chatId)) byCustomer!.delete(customer);
    const aliases = this.aliases.get(phone);
    for (const [alias, customer] of aliases ?? []) if (customers.has(alias) || customers.has(customer)) aliases!.delete(alias);
    this.unindexed = this.unindexed.filter((u) => !chatIds.has(u.chat.id));
    for (const map of [this.pendingOut, this.mediaWaiting, this.scheduledOut] as Map<string, { phone: string; chatId: string; offset: number }>[]) {
      for (const [key, entry] of map) {
        if (entry.phone !== phone) continue;
        if (chatIds.has(entry.chatId)) map.delete(key);
        else entry.offset = moved(entry.offset);
      }
    }
    for (const chat of this.chats.values()) {
      if (chat.phone !== phone) continue;
      for (const m of chat.messages) m.offset = moved(m.offset);
      chat.older = chat.older.map(moved);
    }
  }

  /** Takes a phone's part of the index from a checkpoint, as if its records had been applied. */
  restore(phone: string, checkpoint: IndexCheckpoint): void {
    // Everything unpacked before anything changes: a checkpoint that does not fit throws here
    // and leaves the index as it was (the caller then replays the whole journal).
    const chats = checkpoint.chats.map(unpackChat);
    if (!Array.isArray(checkpoint.aliases) || !Array.isArray(checkpoint.olderStatus)) throw new Error('a checkpoint without aliases or statuses');
    // A checkpoint is of one kind of index: one that keeps every older message, or one whose journal answers for them.
    if (chats.some((c) => (this.keepsOlder ? (c.retired ?? 0) > 0 : c.older.length > 0))) throw new Error('a checkpoint of another kind of index');
    const olderAt = checkpoint.olderAt ?? [];
    if (!Array.isArray(olderAt) || olderAt.some((e) => !Array.isArray(e) || typeof e[0] !== 'string' || typeof e[2] !== 'number')) {
      throw new Error('a checkpoint whose older offsets are damaged');
    }
    // Checkpoints from before media was fetched have neither list: nothing of theirs is waiting.
    if ((checkpoint.media ?? []).some((e) => !Array.isArray(e)) || (checkpoint.mediaWaiting ?? []).some((e) => !Array.isArray(e))) {
      throw new Error('a checkpoint whose media lists are damaged');
    }
    // Checkpoints from before scheduled messages have no list: nothing was scheduled then.
    const scheduled = checkpoint.scheduled ?? [];
    if (!Array.isArray(scheduled) || scheduled.some((e) => typeof e?.id !== 'string' || typeof e.at !== 'string' || !looksLikeContent(e.content))) {
      throw new Error('a checkpoint whose scheduled messages are damaged');
    }
    const customers = mapOf(this.byCustomer, phone);
    const messageChat = mapOf(this.messageChat, phone);
    for (const [id, chatId, offset] of olderAt) this.olderAt.set(`${phone}|${id}`, { chatId, offset });
    for (const chat of chats) {
      this.chats.set(chat.id, chat);
      for (const joined of chat.mergedIds ?? []) this.mergedInto.set(joined, chat.id);
      this.routing.enter(chat);
      customers.set(chat.customer, chat.id);
      if (chat.olderIds.length > 0) this.unindexed.push({ phone, chat, next: 0, end: chat.olderIds.length });
      for (const m of chat.messages) {
        messageChat.set(m.id, chat.id);
        if (m.status === 'pending') this.pendingOut.set(`${phone}|${m.id}`, { phone, chatId: chat.id, id: m.id, offset: m.offset });
      }
    }
    const aliases = mapOf(this.aliases, phone);
    for (const [alias, customer] of checkpoint.aliases) {
      aliases.set(alias, customer);
      const chatId = customers.get(customer);
      if (chatId) customers.set(alias, chatId);
    }
    const outcomes = mapOf(this.mediaOutcomes, phone);
    for (const [id, outcome] of checkpoint.media ?? []) outcomes.set(id, outcome);
    for (const [id, chatId, offset] of checkpoint.mediaWaiting ?? []) this.mediaWaiting.set(`${phone}|${id}`, { phone, chatId, id, offset });
    for (const s of scheduled) this.scheduledOut.set(`${phone}|${s.id}`, { ...s, phone });
    const olderStatus = mapOf(this.olderStatus, phone);
    for (const [id, status] of checkpoint.olderStatus) {
      olderStatus.set(id, status);
      if (status === 'pending') {
        const chat = this.chats.get(messageChat.get(id) ?? this.olderAt.get(`${phone}|${id}`)?.chatId ?? '');
        const offset = chat && this.olderOffset(chat, id);
        if (chat && offset !== undefined) this.pendingOut.set(`${phone}|${id}`, { phone, chatId: chat.id, id, offset });
      }
    }
  }

  private update(chatId: string, change: (chat: Chat) => void): Chat | undefined {
    const chat = this.chats.get(chatId);
    if (chat) change(chat);
    return chat;
  }
}

/** An outgoing message waiting for WhatsApp's confirmation. */
export interface PendingSend {
  phone: string;
  chatId: string;
  id: string;
  /** Where its record starts in the phone's journal: the outbox's order (journal order). */
  offset: number;
  /**
   * When it (last) became pending: journaled, or retried. Unknown for a message restored from a
   * checkpoint, where the message's own time stands in.
   */
  since?: string;
}

/** A live media message whose file is still to be fetched. */
export interface PendingMedia {
  phone: string;
  chatId: string;
  id: string;
  /** Where its record (with the media source) starts in the phone's journal. */
  offset: number;
}

/** The journal records that are lines of a chat's history: messages, and the team's internal notes. */
export type HistoryRecord = Extract<JournalRecord, { type: 'message' | 'note' }>;

/** A journaled message (or internal note) as the index keeps it. */
export function storedMessage(record: HistoryRecord, offset: number): StoredMessage {
  if (record.type === 'note') {
    return { id: record.id, offset, direction: 'note', content: textContent(record.text), time: record.time, authorId: record.authorId, status: null };
  }
  return {
    id: record.id,
    offset,
    direction: record.direction,
    content: recordContent(record),
    time: record.time,
    authorId: record.authorId ?? null,
    status: record.status ?? null,
    ...(record.auto !== undefined ? { auto: record.auto } : {}),
  };
}

/** Records that may change whether a chat is open, whom it is with, or whether it waits. */
const ROUTING_TYPES = new Set<JournalRecord['type']>(['chat.opened', 'chat.assigned', 'chat.closed', 'chat.reopened', 'bot.step']);

/** A chat (re)opened: with the bot, waiting for the rodízio, or neither. */
function routeOpened(chat: Chat, record: Extract<JournalRecord, { type: 'chat.opened' }>): void {
  if (record.waiting === true && record.assignee === null) chat.waitingSince = record.time;
  else delete chat.waitingSince;
  if (record.held === 'bot') chat.bot = { tries: 0, since: record.time };
  else delete chat.bot;
  remember(chat, record);
}

/** Keeps a routing record for `guru chat why`, the latest ROUTING_KEPT. */
function remember(chat: Chat, record: RoutingRecord): void {
  chat.routing ??= [];
  chat.routing.push(record);
  if (chat.routing.length > ROUTING_KEPT) chat.routing.splice(0, chat.routing.length - ROUTING_KEPT);
}

/** Keeps the latest `SEND_KEYS_KEPT` keys of a chat; a key sent again (after a failure) moves to the end. */
function rememberKey(chat: Chat, key: string, id: string, time: string): void {
  chat.sendKeys ??= [];
  const keys = chat.sendKeys;
  const at = keys.findIndex(([k]) => k === key);
  if (at >= 0) keys.splice(at, 1);
  keys.push([key, id, time]);
  if (keys.length > SEND_KEYS_KEPT) keys.splice(0, keys.length - SEND_KEYS_KEPT);
}

/** A chat's last activity never goes back, whatever time a record carries. */
function later(a: string, b: string): string {
  return b > a ? b : a;
}

/**
 * The status a message moves to on a `message.status` record saying `next`, or undefined when the
 * record changes nothing: a status never goes backwards (receipts arrive out of order: read beats
 * delivered), and only a failed message goes back to pending (a retry, `guru chat retry`).
 */
export function statusAfter(before: DeliveryStatus | null, next: DeliveryStatus): DeliveryStatus | undefined {
  if (next === 'pending') return before === 'failed' ? 'pending' : undefined;
  return rank(next) < rank(before) ? undefined : next;
}

const ORDER = ['pending', 'failed', 'sent', 'delivered', 'read'];
function rank(status: string | null): number {
  return status === null ? -1 : ORDER.indexOf(status);
}
