import { randomBytes } from 'node:crypto';
import { conflict, GuruError, invalid } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import { storedMessage } from './chat-index.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { ChatOutbox } from './chat-outbox.js';
import type { ChatReads } from './chat-reads.js';
import { contentFields, type MessageContent } from './content.js';
import type { Chat, JournalRecord, StoredMessage } from './model.js';

export const MAX_TEXT_LENGTH = 65_536;

/** A text WhatsApp would take: not blank (`whenEmpty` says what to do instead), not too long. */
export function checkMessageText(text: string, whenEmpty: string): void {
  if (text.trim() === '') throw invalid(whenEmpty);
  if (text.length > MAX_TEXT_LENGTH) throw invalid(`message too long (${text.length} characters; WhatsApp takes at most ${MAX_TEXT_LENGTH})`);
}

/** How long a send key is honoured: retries come within minutes; a day covers a client left asleep. */
export const SEND_KEY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_SEND_KEY_LENGTH = 128;

export interface SendResult {
  /** The message as committed, with its status once WhatsApp took it. */
  message: StoredMessage;
  /** True when this was a retry of a send already made under the same key: nothing was sent. */
  repeated: boolean;
}

/** A key is the client's own token: short printable ASCII, so it journals and logs safely. */
function checkSendKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_SEND_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalid(`an idempotency key must be 1-${MAX_SEND_KEY_LENGTH} printable ASCII characters without spaces (a UUID does) — or leave it out`);
  }
}

/** Our messages out to WhatsApp: journaled pending into the outbox, which sends them; retries by key sent once. */
export class ChatSends {
  private readonly perSendKey = new KeyedQueue();

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'clock'>,
    private readonly ledger: ChatLedger,
    private readonly reads: ChatReads,
    private readonly outbox: ChatOutbox,
  ) {}

  /**
   * Journals an outgoing message as pending — from then on the outbox (`ChatOutbox`) sends it,
   * now or once the phone is connected — and answers with the message as committed (not looked
   * up among the chat's latest: under concurrent sends it may already have left memory), its
   * status after the first try when the phone is connected, else `pending`. Refused only when
   * the phone cannot send until someone acts (logged out, unlinked). Callers have checked
   * permission and visibility; a text already carries the signature. Only text can be sent so
   * far (files come with media storage).
   *
   * `key`, chosen by the client once per message it means to send, makes a retry harmless: a
   * send with a key this chat remembers (journaled with the message, so a restart keeps it) is
   * answered with that message, sent once — unless it failed, when it is sent again.
   */
  async send(chat: Chat, authorId: string, content: MessageContent, key?: string): Promise<SendResult> {
    if (content.type !== 'text') throw invalid(`sending ${content.type} messages is not supported yet — send text`);
    const { text } = content;
    checkMessageText(text, 'nothing to send: the message is empty');
    if (key === undefined) return { message: await this.sendNew(chat, authorId, content), repeated: false };
    checkSendKey(key);
    // One send per key at a time: a retry arriving while the first try is still out waits for it.
    return this.perSendKey.run(`${chat.id}|${key}`, async () => {
      const earlier = await this.sentWithKey(chat, key);
      if (earlier && earlier.status !== 'failed') {
        const same = earlier.direction === 'out' && earlier.content.type === 'text' && earlier.content.text === text;
        if (!same) throw conflict(`idempotency key "${key}" was already used for a different message in this chat — use a new key for a new message`);
        return { message: earlier, repeated: true };
      }
      return { message: await this.sendNew(chat, authorId, content, key), repeated: false };
    });
  }

  /** The message sent in `chat` under `key` within `SEND_KEY_TTL_MS`, with its latest status. */
  private async sentWithKey(chat: Chat, key: string): Promise<StoredMessage | undefined> {
    const entry = this.ledger.index.sentWithKey(chat, key);
    if (!entry || this.deps.clock.now().getTime() - Date.parse(entry.time) > SEND_KEY_TTL_MS) return undefined;
    const message = await this.reads.message(chat.phone, entry.id);
    if (!message) return undefined;
    return { ...message, status: this.ledger.index.olderStatusOf(chat.phone, message.id) ?? message.status };
  }

  private async sendNew(chat: Chat, authorId: string, content: MessageContent, key?: string): Promise<StoredMessage> {
    this.outbox.admit(chat.phone);
    // The id is fixed here, once: every try of this message, after a drop or a restart, uses it.
    const id = `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
    const record: Extract<JournalRecord, { type: 'message' }> = {
      type: 'message',
      id,
      chatId: chat.id,
      direction: 'out',
      ...contentFields(content),
      time: this.ledger.now(),
      authorId,
      status: 'pending',
      ...(key === undefined ? {} : { sendKey: key }),
    };
    const [offset] = await this.ledger.commit(chat.phone, [record]);
    const { status, reason } = await this.outbox.queued(chat.phone, id);
    if (status === 'failed') {
      throw new GuruError(
        'internal',
        `the message was not sent: ${reason ?? 'WhatsApp refused it'} — it is kept as failed: send it again with \`guru chat retry ${id}\``,
      );
    }
    return { ...storedMessage(record, offset!), status };
  }

  /**
   * Puts a failed message of ours back in the outbox, under its own id (a copy WhatsApp did take
   * meanwhile is not shown twice). Refused, with what to do, while the phone cannot send.
   */
  async retry(chat: Chat, id: string): Promise<StoredMessage> {
    const message = await this.reads.message(chat.phone, id);
    const status = message ? (this.ledger.index.olderStatusOf(chat.phone, id) ?? message.status) : null;
    if (message?.direction !== 'out' || message.authorId === null) throw invalid(`message ${id} is not one Guru sent in chat ${chat.id}`);
    if (status !== 'failed') throw conflict(`message ${id} is ${status ?? 'not an outgoing message'}: only a failed message can be retried`);
    this.outbox.admit(chat.phone);
    await this.ledger.commit(chat.phone, [{ type: 'message.status', id, chatId: chat.id, status: 'pending', time: this.ledger.now() }]);
    const outcome = await this.outbox.queued(chat.phone, id);
    if (outcome.status === 'failed') throw new GuruError('internal', `the message was not sent: ${outcome.reason ?? 'WhatsApp refused it'}`);
    return { ...message, status: outcome.status };
  }
}
