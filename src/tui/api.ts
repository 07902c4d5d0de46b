import { createReadStream } from 'node:fs';
import type { DaemonStatus, WatchEvent } from '../api/protocol.js';
import type { DaemonClient, WatchHandle } from '../client/http.js';
import type { ByteStream } from '../core/bytes.js';
import type { ChatDetailView, ChatStartView, ChatView, MessageView } from '../core/chats/views.js';
import type { ChatListFilter } from '../core/ops/chats.js';
import type { ScheduledView } from '../core/chats/scheduled-views.js';
import type { NoteResult } from '../core/ops/notes.js';
import type { QuickReplyView } from '../core/ops/quick-replies.js';
import type { StatusChoice, StatusView } from '../core/ops/status.js';
import type { FilledQuickReply } from '../core/quick-replies.js';
import type { PhoneHealth } from '../core/phone-health.js';
import type { TeamPanel } from '../core/reports/team-panel.js';
import { t } from '../i18n/translate.js';

/**
 * What the inbox needs from the daemon, as the logged-in user. The container talks only to
 * this, so tests can hand it a fake; `daemonInboxApi` is the real one.
 */
export interface InboxApi {
  list(filter: ChatListFilter): Promise<ChatView[]>;
  show(id: string, limit: number): Promise<ChatDetailView>;
  /**
   * `key`: the composed message's idempotency key (the same for each try at sending it);
   * `replyTo`: the message it quotes.
   */
  send(id: string, text: string, options?: { key?: string; replyTo?: string }): Promise<MessageView>;
  /** Sends a file uploaded before (`upload`), its caption and the message it quotes. */
  sendFile(id: string, file: { sha256: string; fileName: string; caption?: string; replyTo?: string; key?: string }): Promise<MessageView>;
  /** Streams a file of this machine to the daemon, which keeps it by its sha256. */
  upload(path: string): Promise<{ sha256: string; size: number; mimetype: string }>;
  /** An internal note in the chat (never sent); its `@names` are told. */
  note(id: string, text: string): Promise<NoteResult>;
  /** Reacts to a message of the chat; an empty emoji takes the reaction back. */
  react(messageId: string, emoji: string): Promise<MessageView>;
  /** A media message's file, streamed (the daemon fetches it from WhatsApp first when it has no copy yet). */
  media(messageId: string): Promise<ByteStream>;
  /** Starts a conversation with a customer's number (checked on WhatsApp first); `phone` only when there are several. */
  start(number: string, text: string | undefined, options: { phone?: string; key?: string }): Promise<ChatStartView>;
  assign(id: string, to: { user?: string; dept?: string }): Promise<ChatView>;
  close(id: string): Promise<ChatView>;
  reopen(id: string): Promise<ChatView>;
  /** A failed message of ours back into the outbox, under its own id. */
  retry(messageId: string): Promise<MessageView>;
  markRead(id: string): Promise<ChatView>;
  /** The messages I scheduled (`guru chat send --at`) still to go, soonest first. */
  scheduled(): Promise<ScheduledView[]>;
  /** Takes a scheduled message back. */
  unschedule(id: string): Promise<ScheduledView>;
  /** Puts tags on the chat and takes others off, by name. */
  tag(id: string, changes: { add?: string[]; remove?: string[] }): Promise<ChatView>;
  /** The team's tags, to pick from. */
  tags(): Promise<{ name: string; colour: string }[]>;
  users(): Promise<{ email: string; name: string; active: boolean }[]>;
  departments(): Promise<{ name: string }[]>;
  status(): Promise<DaemonStatus>;
  /** The team panel's figures (reports.view). */
  panel(): Promise<TeamPanel>;
  /** Each number's link health (reports.view). */
  phoneHealth(): Promise<PhoneHealth[]>;
  /** My own status (online, busy, away; whether the inbox set it), and the account's away time. */
  myStatus(): Promise<StatusView>;
  /** Says I am online, busy or away; `auto`: the inbox's own guess (see `status.set`). */
  setStatus(status: StatusChoice, options?: { auto?: boolean }): Promise<StatusView>;
  /** The quick replies I may use (everyone's, my departments', my own). */
  quickReplies(): Promise<QuickReplyView[]>;
  /** A quick reply (by id) filled in by the daemon for a chat: `{cliente}`, `{agente}`. */
  quickReply(chatId: string, ref: string): Promise<FilledQuickReply>;
  watch(onEvent: (event: WatchEvent) => void): Promise<WatchHandle>;
  /** What to do when the daemon stays away (it differs for a server on another machine). */
  lostHint?: string;
}

export function daemonInboxApi(client: DaemonClient): InboxApi {
  const ops = client.operations();
  return {
    list: (filter) => ops.chats.list(filter),
    show: (id, limit) => ops.chats.show(id, { limit }),
    send: (id, text, options = {}) => ops.chats.send(id, text, options),
    sendFile: (id, { sha256, fileName, caption, replyTo, key }) =>
      ops.chats.send(
        id,
        { file: { sha256, fileName, ...(caption === undefined ? {} : { caption }) } },
        { ...(replyTo ? { replyTo } : {}), ...(key ? { key } : {}) },
      ),
    // Streamed from the file as it is read: never whole in memory.
    upload: (path) => ops.chats.upload(createReadStream(path)),
    note: (id, text) => ops.notes.add(id, text),
    react: (messageId, emoji) => ops.chats.react(messageId, emoji),
    media: (messageId) => ops.chats.media(messageId),
    start: (number, text, options) => ops.chats.start(number, text, options),
    assign: (id, to) => ops.chats.assign(id, to),
    close: (id) => ops.chats.close(id),
    reopen: (id) => ops.chats.reopen(id),
    retry: (messageId) => ops.chats.retry(messageId),
    markRead: (id) => ops.chats.markRead(id),
    scheduled: () => ops.scheduled.list({ mine: true }),
    unschedule: (id) => ops.scheduled.cancel(id),
    tag: (id, changes) => ops.chats.tag(id, changes),
    tags: () => ops.tags.list(),
    users: () => ops.users.list(),
    departments: () => ops.departments.list(),
    status: () => client.status(),
    panel: () => ops.reports.panel(),
    phoneHealth: () => client.phoneHealth(),
    myStatus: () => ops.status.show(),
    setStatus: (status, options = {}) => ops.status.set(status, options),
    quickReplies: () => ops.quickReplies.list(),
    quickReply: (chatId, ref) => ops.chats.quickReply(chatId, ref),
    watch: (onEvent) => client.watch(onEvent),
    lostHint: client.options.server
      ? t`if it does not come back: check your network, and ask the admin of ${client.where} whether its daemon runs`
      : t`if it does not come back: \`guru daemon start\``,
  };
}

/** The error's message for the error line: the engine's refusals are meant to be read. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
