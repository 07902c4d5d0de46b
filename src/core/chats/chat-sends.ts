import { randomBytes } from 'node:crypto';
import { conflict, GuruError, invalid, notFound } from '../errors.js';
import { KeyedQueue } from '../keyed-queue.js';
import { storedMessage } from './chat-index.js';
import type { ChatLedger, ChatServiceDeps } from './chat-ledger.js';
import type { ChatOutbox } from './chat-outbox.js';
import type { ChatReads } from './chat-reads.js';
import { contentFields, isAnnotation, isMedia, referencedId, textContent, type MessageContent } from './content.js';
import type { AutoReplyKind, Chat, JournalRecord, StoredMessage } from './model.js';
import { runInLanguage, t } from '../../i18n/translate.js';

export const MAX_TEXT_LENGTH = 65_536;

/** A text WhatsApp would take: not blank (`whenEmpty` says what to do instead), not too long. */
export function checkMessageText(text: string, whenEmpty: string): void {
  if (text.trim() === '') throw invalid(whenEmpty);
  if (text.length > MAX_TEXT_LENGTH) throw invalid(t`message too long (${text.length} characters; WhatsApp takes at most ${MAX_TEXT_LENGTH})`);
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

/**
 * What can go out: text (not blank, within WhatsApp's length), a file already kept (a media
 * content with its sha256, built by `outgoingMedia`), a reaction. Nothing else is ours to send.
 */
function checkSendable(content: MessageContent): void {
  if (content.type === 'text') return checkMessageText(content.text, t`nothing to send: the message is empty`);
  if (content.type === 'reaction') return;
  if (isMedia(content)) {
    if (content.sha256 === undefined) throw invalid(t`the ${content.type} to send names no uploaded file (its sha256) — upload the file first`);
    if ('caption' in content && content.caption !== undefined) checkMessageText(content.caption, t`the caption is empty — leave it out`);
    return;
  }
  throw invalid(t`sending ${content.type} messages is not supported — send text, a file or a reaction`);
}

/** A key is the client's own token: short printable ASCII, so it journals and logs safely. */
function checkSendKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_SEND_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalid(t`an idempotency key must be 1-${MAX_SEND_KEY_LENGTH} printable ASCII characters without spaces (a UUID does) — or leave it out`);
  }
}

/** An outgoing message's id, as WhatsApp Web spells its own. */
export function newMessageId(): string {
  return `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
}

/**
 * A message Guru writes by itself (the out-of-hours reply, the menu bot): outgoing, pending for
 * the outbox like any send, with no author — the chat shows it as automatic (`auto`).
 */
export function automaticMessage(chatId: string, text: string, auto: AutoReplyKind, time: string): Extract<JournalRecord, { type: 'message' }> {
  return { type: 'message', id: newMessageId(), chatId, direction: 'out', ...contentFields(textContent(text)), time, status: 'pending', auto };
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
   * permission and visibility; a text or caption already carries the signature, a file was
   * checked by `outgoingMedia`. A reply (`replyTo`) and a reaction must name a message of this
   * chat.
   *
   * `key`, chosen by the client once per message it means to send, makes a retry harmless: a
   * send with a key this chat remembers (journaled with the message, so a restart keeps it) is
   * answered with that message, sent once — unless it failed, when it is sent again.
   */
  async send(chat: Chat, authorId: string, content: MessageContent, key?: string): Promise<SendResult> {
    checkSendable(content);
    if (referencedId(content) !== undefined) await this.checkReference(chat, content);
    if (key === undefined) return { message: await this.sendNew(chat, authorId, content), repeated: false };
    checkSendKey(key);
    // One send per key at a time: a retry arriving while the first try is still out waits for it.
    return this.perSendKey.run(`${chat.id}|${key}`, async () => {
      const earlier = await this.sentWithKey(chat, key);
      if (earlier && earlier.status !== 'failed') {
        const same = earlier.direction === 'out' && JSON.stringify(earlier.content) === JSON.stringify(content);
        if (!same) throw conflict(t`idempotency key "${key}" was already used for a different message in this chat — use a new key for a new message`);
        return { message: earlier, repeated: true };
      }
      return { message: await this.sendNew(chat, authorId, content, key), repeated: false };
    });
  }

  /** A reply quotes, and a reaction is about, a message of this very chat (never an annotation). */
  private async checkReference(chat: Chat, content: MessageContent): Promise<void> {
    const id = referencedId(content)!;
    const target = (await this.ledger.locate(chat.phone, id))?.id === chat.id ? await this.reads.message(chat.phone, id) : undefined;
    const reacting = content.type === 'reaction';
    if (!target) {
      throw notFound(
        reacting
          ? t`no message ${id} in chat ${chat.id} to react to — \`guru chat show ${chat.id}\` lists its message ids`
          : t`no message ${id} in chat ${chat.id} to reply to — \`guru chat show ${chat.id}\` lists its message ids`,
      );
    }
    // Quoting a note would hand its words to WhatsApp (a reply carries what it quotes).
    if (target.direction === 'note') {
      throw invalid(
        reacting
          ? t`message ${id} is an internal note: it never leaves the team, so it cannot be reacted to — pick a message of the conversation`
          : t`message ${id} is an internal note: it never leaves the team, so it cannot be replied to — pick a message of the conversation`,
      );
    }
    if (isAnnotation(target.content)) {
      const kind = target.content.type;
      throw invalid(
        reacting
          ? t`message ${id} is itself a ${kind}: react to the message it is about instead`
          : t`message ${id} is itself a ${kind}: reply to the message it is about instead`,
      );
    }
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
    const record = this.outgoing(chat, authorId, content, key === undefined ? {} : { sendKey: key });
    const { id } = record;
    const [offset] = await this.ledger.commit(chat.phone, [record]);
    const { status, reason } = await this.outbox.queued(chat.phone, id);
    if (status === 'failed') {
      throw new GuruError(
        'internal',
        t`the message was not sent: ${reason ?? t`WhatsApp refused it`} — it is kept as failed: send it again with \`guru chat retry ${id}\``,
      );
    }
    return { ...storedMessage(record, offset!), status };
  }

  /**
   * A scheduled message now due (`ChatScheduler`): journaled pending with `scheduledId` — which
   * ends the schedule in the same record, so it can never go twice — and its id as the send key.
   * The outbox sends it when the phone is connected (on reconnect, if it is not now). A phone
   * that cannot send until someone acts (logged out, unlinked) gets it journaled failed at once,
   * with why, for `guru chat retry`: a schedule is never left hanging.
   */
  async sendScheduled(chat: Chat, authorId: string, content: MessageContent, scheduledId: string): Promise<StoredMessage> {
    checkSendable(content);
    let blocked: string | null = null;
    try {
      this.outbox.admit(chat.phone);
    } catch (err) {
      if (!(err instanceof GuruError)) throw err;
      blocked = err.message;
    }
    const record = this.outgoing(chat, authorId, content, { sendKey: scheduledId, scheduledId });
    const { id, time } = record;
    const failed: JournalRecord[] = blocked === null ? [] : [{ type: 'message.status', id, chatId: chat.id, status: 'failed', time, reason: blocked }];
    const [offset] = await this.ledger.commit(chat.phone, [record, ...failed]);
    if (blocked === null) void this.outbox.queued(chat.phone, id);
    return { ...storedMessage(record, offset!), status: blocked === null ? 'pending' : 'failed' };
  }

  /**
   * A message Guru writes by itself (`auto`: the menu bot, the out-of-hours reply), with no
   * author: its records — pending, or failed at once with why when the phone cannot send until
   * someone acts — for the caller to journal with its own, and `sent` to call once they are:
   * the outbox sends it then.
   */
  autoReply(phone: string, chatId: string, text: string, auto: AutoReplyKind): { records: JournalRecord[]; sent: () => void } {
    checkMessageText(text, t`nothing to send: the message is empty`);
    let blocked: string | null = null;
    try {
      // Journaled: in English, whoever's message made Guru answer.
      runInLanguage('en', () => this.outbox.admit(phone));
    } catch (err) {
      if (!(err instanceof GuruError)) throw err;
      blocked = err.message;
    }
    const record = automaticMessage(chatId, text, auto, this.ledger.now());
    const failed: JournalRecord[] =
      blocked === null ? [] : [{ type: 'message.status', id: record.id, chatId, status: 'failed', time: record.time, reason: blocked }];
    return {
      records: [record, ...failed],
      sent: () => {
        if (blocked === null) void this.outbox.queued(phone, record.id);
      },
    };
  }

  /** A new outgoing message's record, pending; its id is fixed here, once: every try of it uses it. */
  private outgoing(
    chat: Chat,
    authorId: string,
    content: MessageContent,
    extra: Pick<Extract<JournalRecord, { type: 'message' }>, 'sendKey' | 'scheduledId'>,
  ): Extract<JournalRecord, { type: 'message' }> {
    return {
      type: 'message',
      id: newMessageId(),
      chatId: chat.id,
      direction: 'out',
      ...contentFields(content),
      time: this.ledger.now(),
      authorId,
      status: 'pending',
      ...extra,
    };
  }

  /**
   * Puts a failed message of ours back in the outbox, under its own id (a copy WhatsApp did take
   * meanwhile is not shown twice). Refused, with what to do, while the phone cannot send.
   */
  async retry(chat: Chat, id: string): Promise<StoredMessage> {
    const message = await this.reads.message(chat.phone, id);
    const status = message ? (this.ledger.index.olderStatusOf(chat.phone, id) ?? message.status) : null;
    if (message?.direction !== 'out' || (message.authorId === null && message.auto === undefined))
      throw invalid(t`message ${id} is not one Guru sent in chat ${chat.id}`);
    if (status !== 'failed') {
      throw conflict(
        status === undefined
          ? t`message ${id} is not an outgoing message: only a failed message can be retried`
          : t`message ${id} is ${status}: only a failed message can be retried`,
      );
    }
    this.outbox.admit(chat.phone);
    await this.ledger.commit(chat.phone, [{ type: 'message.status', id, chatId: chat.id, status: 'pending', time: this.ledger.now() }]);
    const outcome = await this.outbox.queued(chat.phone, id);
    if (outcome.status === 'failed') throw new GuruError('internal', t`the message was not sent: ${outcome.reason ?? t`WhatsApp refused it`}`);
    return { ...message, status: outcome.status };
  }
}
