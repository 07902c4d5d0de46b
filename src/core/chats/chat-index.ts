import type { Chat, JournalRecord, StoredMessage } from './model.js';

/**
 * Every chat and message, in memory, as the journal's records add up to. Applying the same
 * journal always yields the same index, which is what makes the journal the only truth.
 */
export class ChatIndex {
  private chats = new Map<string, Chat>();
  /** `${phone}|${customer}` → chat id. */
  private byCustomer = new Map<string, string>();
  /** `${phone}|${messageId}` → chat id, for every message seen: WhatsApp redelivers after reconnects. */
  private messageChat = new Map<string, string>();
  /** `${phone}|lid:…` → `+…` once known. */
  private aliases = new Map<string, string>();

  apply(phone: string, record: JournalRecord): Chat | undefined {
    switch (record.type) {
      case 'chat.opened': {
        const existing = this.chats.get(record.chatId);
        if (existing) {
          existing.status = 'open';
          existing.assignee = record.assignee;
          existing.trail = record.trail;
          existing.trailTime = record.time;
          existing.trailCause = record.cause;
          existing.updatedAt = record.time;
          if (record.name) existing.name = record.name;
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
        };
        this.chats.set(chat.id, chat);
        this.byCustomer.set(`${phone}|${record.customer}`, chat.id);
        return chat;
      }
      case 'message': {
        const chat = this.chats.get(record.chatId);
        if (!chat) return undefined;
        const message: StoredMessage = {
          id: record.id,
          direction: record.direction,
          text: record.text,
          time: record.time,
          authorId: record.authorId ?? null,
          status: record.status ?? null,
        };
        chat.messages.push(message);
        this.messageChat.set(`${phone}|${record.id}`, chat.id);
        if (record.time > chat.updatedAt) chat.updatedAt = record.time;
        if (record.direction === 'in' && !record.history) chat.unread += 1;
        if (record.direction === 'out') chat.unread = 0; // answering reads the chat
        return chat;
      }
      case 'message.status': {
        const chat = this.chats.get(record.chatId);
        const message = chat?.messages.findLast((m) => m.id === record.id);
        if (message && rank(record.status) >= rank(message.status)) message.status = record.status;
        return chat;
      }
      case 'chat.assigned':
        return this.update(record.chatId, (chat) => {
          chat.assignee = record.assignee;
        });
      case 'chat.closed':
        return this.update(record.chatId, (chat) => {
          chat.status = 'closed';
          chat.updatedAt = record.time;
        });
      case 'chat.reopened':
        return this.update(record.chatId, (chat) => {
          chat.status = 'open';
          chat.updatedAt = record.time;
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
    }
  }

  /** The customer id an alias (LID) stands for, once WhatsApp told us. */
  resolve(phone: string, customer: string): string {
    return this.aliases.get(`${phone}|${customer}`) ?? customer;
  }

  private alias(phone: string, alias: string, customer: string): Chat | undefined {
    this.aliases.set(`${phone}|${alias}`, customer);
    const aliasChat = this.forCustomer(phone, alias);
    const ownChat = this.forCustomer(phone, customer);
    if (!aliasChat || aliasChat === ownChat) return ownChat;
    this.byCustomer.set(`${phone}|${alias}`, (ownChat ?? aliasChat).id);
    if (!ownChat) {
      // Only the alias had a chat: it simply becomes the person's chat.
      aliasChat.customer = customer;
      this.byCustomer.set(`${phone}|${customer}`, aliasChat.id);
      return aliasChat;
    }
    // Both had one: the alias chat's messages join the person's chat, in time order.
    ownChat.messages = [...ownChat.messages, ...aliasChat.messages].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    ownChat.unread += aliasChat.unread;
    ownChat.name ??= aliasChat.name;
    if (aliasChat.updatedAt > ownChat.updatedAt) ownChat.updatedAt = aliasChat.updatedAt;
    for (const m of aliasChat.messages) this.messageChat.set(`${phone}|${m.id}`, ownChat.id);
    this.chats.delete(aliasChat.id);
    return ownChat;
  }

  get(id: string): Chat | undefined {
    return this.chats.get(id);
  }

  forCustomer(phone: string, customer: string): Chat | undefined {
    const id = this.byCustomer.get(`${phone}|${customer}`);
    return id ? this.chats.get(id) : undefined;
  }

  hasMessage(phone: string, id: string): boolean {
    return this.messageChat.has(`${phone}|${id}`);
  }

  chatOfMessage(phone: string, id: string): Chat | undefined {
    const chatId = this.messageChat.get(`${phone}|${id}`);
    return chatId ? this.chats.get(chatId) : undefined;
  }

  all(): Chat[] {
    return [...this.chats.values()];
  }

  get size(): number {
    return this.chats.size;
  }

  private update(chatId: string, change: (chat: Chat) => void): Chat | undefined {
    const chat = this.chats.get(chatId);
    if (chat) change(chat);
    return chat;
  }
}

// Receipts can arrive out of order; a status never goes backwards (read beats delivered).
const ORDER = ['pending', 'failed', 'sent', 'delivered', 'read'];
function rank(status: string | null): number {
  return status === null ? -1 : ORDER.indexOf(status);
}
