import type { KeyedQueue } from '../keyed-queue.js';
import type { ChatLedger } from './chat-ledger.js';
import { chatIdFor } from './customer.js';
import type { Chat } from './model.js';

export interface StartResult {
  chat: Chat;
  /** False when a chat with this customer on this phone already existed and was reused. */
  created: boolean;
}

/**
 * Conversations a colleague starts (`guru chat new`): the customer has not written, so there is
 * no rodízio — the chat goes to whoever starts it. Runs in the same per-customer queue as the
 * customer's own messages, so a start and a first message arriving together make one chat.
 */
export class ChatStarts {
  constructor(
    private readonly ledger: ChatLedger,
    private readonly perCustomer: KeyedQueue,
  ) {}

  /**
   * The chat with `customer` (normalised, aliases resolved) on `phone`: an open one is reused
   * as it is (a colleague's conversation is not taken from them); a closed one is opened again
   * and, like a new one, assigned to the starter. `mayUse` is asked about an existing chat
   * before anything is written, and refuses by throwing (one the starter may not see).
   */
  start(phone: string, customer: string, starter: { userId: string }, mayUse: (chat: Chat) => void): Promise<StartResult> {
    return this.perCustomer.run(`${phone}|${customer}`, async () => {
      const existing = this.ledger.index.forCustomer(phone, customer);
      if (existing) mayUse(existing);
      if (existing?.status === 'open') return { chat: existing, created: false };
      const chatId = existing?.id ?? chatIdFor(phone, customer);
      await this.ledger.commit(phone, [
        {
          type: 'chat.opened',
          chatId,
          customer,
          name: existing?.name ?? null,
          time: this.ledger.now(),
          assignee: { type: 'user', userId: starter.userId },
          trail: [],
          cause: 'started',
        },
      ]);
      return { chat: this.ledger.index.get(chatId)!, created: existing === undefined };
    });
  }
}
