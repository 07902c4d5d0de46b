import { GuruError } from '../errors.js';
import type { ChatIndex } from './chat-index.js';
import { storedMessage } from './chat-index.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import { lineMessage } from './journaled-line.js';
import { normalizeCustomer } from './customer.js';
import { lineCount, type Chat, type StoredMessage } from './model.js';
import { t } from '../../i18n/translate.js';

/**
 * A search reads the journal for at most this long, then answers with what it found, marked
 * partial: the daemon serves everyone else meanwhile, and a person can narrow the words.
 */
export const SEARCH_BUDGET_MS = 2_000;

export interface SearchResult {
  chatIds: Set<string>;
  /** True when the deadline stopped the journal search: older messages may hold more. */
  partial: boolean;
}

/** Reading chats back: history and single messages from the journal, and searches. */
export class ChatReads {
  /** Who has a search running (one each). */
  private readonly searching = new Set<string>();

  private readonly index: ChatIndex;

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'journal' | 'searchBudgetMs'>,
    private readonly ledger: ChatLedger,
  ) {
    this.index = ledger.index;
  }

  /** The last `limit` messages of a chat, reading those no longer in memory from the journal. */
  async history(chat: Chat, limit: number): Promise<StoredMessage[]> {
    const recent = chat.messages.slice(-limit);
    const lookup = this.deps.journal.lookup;
    if (lookup && !this.index.keepsOlder) {
      // The journal pages them: every line of the chat (and of chats joined into it) before the first in memory.
      const count = Math.min(limit - recent.length, chat.retired ?? 0);
      if (count <= 0) return recent;
      // The earliest in memory (lines are applied in journal order, but an absorbed one may come a moment late).
      const before = Math.min(Number.MAX_SAFE_INTEGER, ...chat.messages.map((m) => m.offset));
      const lines = await lookup.lines(chat.phone, this.index.journalIdsOf(chat), before, count);
      return [...lines.map(lineMessage), ...recent];
    }
    const fromDisk = Math.min(limit - recent.length, chat.older.length);
    if (fromDisk <= 0) return recent;
    const offsets = chat.older.slice(chat.older.length - fromDisk);
    const records = await this.deps.journal.read(chat.phone, offsets);
    const older: StoredMessage[] = [];
    records.forEach((record, i) => {
      if (record.type !== 'message' && record.type !== 'note') return;
      const message = storedMessage(record, offsets[i]!);
      message.status = this.index.olderStatusOf(chat.phone, record.id) ?? message.status;
      older.push(message);
    });
    return [...older, ...recent];
  }

  /**
   * The chats among those `visible` accepts with a message containing `text` (ignoring case),
   * however old: besides the latest messages in memory (the caller looks there), the journal is
   * searched — only the phones of visible chats with older messages, and only those chats'
   * messages are parsed. One search at a time per `searcher` (a second is refused: searches are
   * the costliest read), and it stops at its deadline, saying the answer is partial.
   */
  async chatsMentioning(text: string, searcher: string, visible: (chat: Chat) => boolean): Promise<SearchResult> {
    if (this.searching.has(searcher)) throw new GuruError('limit', t`a search of yours is still running — wait for it to finish, then search again`);
    const withOlder = new Set<string>();
    for (const chat of this.index.all()) if (lineCount(chat) > chat.messages.length && visible(chat)) withOlder.add(chat.id);
    const found = new Set<string>();
    if (withOlder.size === 0) return { chatIds: found, partial: false };
    const phones = new Set([...withOlder].map((id) => this.index.get(id)!.phone));
    this.searching.add(searcher);
    try {
      const { partial } = await this.deps.journal.findMessages(
        text,
        {
          phones,
          // By message id: a LID chat merged into its person's chat lives on under the person's.
          accept: (phone, id, chatId) => {
            const chat = this.index.chatOfMessage(phone, id) ?? (chatId === undefined ? undefined : this.index.chatByJournalId(chatId));
            return chat !== undefined && withOlder.has(chat.id);
          },
          deadline: Date.now() + (this.deps.searchBudgetMs ?? SEARCH_BUDGET_MS),
        },
        (phone, record) => {
          const chat = this.index.chatOfMessage(phone, record.id) ?? this.index.chatByJournalId(record.chatId);
          if (chat && withOlder.has(chat.id)) found.add(chat.id);
        },
      );
      return { chatIds: found, partial };
    } finally {
      this.searching.delete(searcher);
    }
  }

  /** One message by id, whichever chat it is in (for WhatsApp's retry requests: `messageToResend`). */
  async message(phone: string, id: string): Promise<StoredMessage | undefined> {
    const chat = this.index.chatOfMessage(phone, id);
    const lookup = this.deps.journal.lookup;
    if (!chat && lookup && !this.index.keepsOlder) {
      const line = await lookup.line(phone, id);
      // Only a message of a chat that still is (not one being erased).
      return line && this.index.chatByJournalId(line.record.chatId) ? lineMessage(line) : undefined;
    }
    if (!chat) return undefined;
    const recent = chat.messages.find((m) => m.id === id);
    if (recent) return recent;
    const at = chat.olderIds.indexOf(id);
    if (at < 0) return undefined;
    const [record] = await this.deps.journal.read(phone, [chat.older[at]!]);
    return record?.type === 'message' || record?.type === 'note' ? storedMessage(record, chat.older[at]!) : undefined;
  }

  /**
   * Messages of `chat` by id, those of `ids` that are in it (in memory or read back from the
   * journal): what a reply or a reaction on a page quotes when its target is older than the page.
   * Only this chat's: an id naming another chat's message (a forged reply) finds nothing.
   */
  async inChat(chat: Chat, ids: Iterable<string>): Promise<Map<string, StoredMessage>> {
    const found = new Map<string, StoredMessage>();
    for (const [id, holder] of await this.ledger.locateAll(chat.phone, [...new Set(ids)])) {
      if (holder !== chat) continue;
      const message = await this.message(chat.phone, id);
      if (message) found.set(id, message);
    }
    return found;
  }

  /**
   * One of our messages for WhatsApp to encrypt again, when a device of `askedBy` failed to
   * decrypt it (a retry receipt) — only if it went to that very person's chat. The message id
   * alone would hand any customer the text sent to another: ids travel in receipts and are
   * easy to learn. `askedBy` holds the JIDs of the one asking (a LID and the phone number
   * WhatsApp maps it to); they are normalised and resolved through known aliases exactly as an
   * incoming message's sender is. A customer's own message is never sent back: only the sender
   * of a message resends it.
   */
  async messageToResend(phone: string, id: string, askedBy: readonly string[]): Promise<StoredMessage | undefined> {
    const chat = await this.ledger.locate(phone, id);
    if (!chat) return undefined;
    const isTheirs = askedBy.some((jid) => {
      let customer: string;
      try {
        customer = this.index.resolve(phone, normalizeCustomer(jid));
      } catch {
        return false; // not a person (a group, a broadcast): nobody's chat
      }
      return this.index.forCustomer(phone, customer) === chat;
    });
    if (!isTheirs) return undefined;
    const message = await this.message(phone, id);
    return message?.direction === 'out' ? message : undefined;
  }
}
