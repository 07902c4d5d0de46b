import type { Contact } from '../contacts/ports.js';
import type { State } from '../model.js';
import { tagViews, type TagView } from '../tags.js';
import { targetView, trailView, type TargetView, type TrailStepView } from '../views.js';
import { describeContent, type MessageContent } from './content.js';
import { routingStepView, type RoutingStepView } from './routing-view.js';
import {
  lineCount,
  type AutoReplyKind,
  type Chat,
  type DeliveryStatus,
  type MediaStatus,
  type MessageDirection,
  type StoredMessage,
  type TrailCause,
} from './model.js';

export interface MessageView {
  id: string;
  /** `note`: an internal note (`guru chat note`), seen by whoever sees the chat, never sent to WhatsApp; `author` wrote it. */
  direction: MessageDirection;
  /**
   * The message in plain text (`describeContent`): a text message's words, a one-line summary
   * of anything else (`📷 image · caption`). Scripts read it; `content` says exactly what it is.
   */
  text: string;
  content: MessageContent;
  time: string;
  /** Outgoing: the colleague who wrote it. */
  author: { email: string; name: string } | null;
  /** Written by Guru itself, no person: the out-of-hours reply (`hours`) or the menu bot (`bot`). */
  auto?: AutoReplyKind;
  status: DeliveryStatus | null;
  /** A failed outgoing message: why, and what to do next (`guru chat retry`, or relink). */
  reason?: string;
  /** Media messages: where Guru's copy of the file stands (`guru chat media <id>` fetches it). */
  media?: MediaStatus;
  // What later messages said about this one, folded onto it (`foldAnnotations`):
  /** Reactions to it, the latest of each side. */
  reactions?: ReactionView[];
  /** Its sender changed its words: `text` and `content` are the new ones, `original` the first. */
  edited?: true;
  original?: string;
  /** Its sender deleted it for everyone (`direction` says who: the customer, or the phone); the team still reads it. */
  deleted?: true;
  /** A reply: the message it quotes, with its words when the chat still has them. */
  replyTo?: QuotedView;
}

/** Who reacted: the customer, a colleague (an outgoing reaction sent from Guru), or someone on the phone itself. */
export type ReactionFrom = 'customer' | 'phone' | { email: string; name: string };

export interface ReactionView {
  emoji: string;
  from: ReactionFrom;
  time: string;
}

/** The message a reply quotes: its id, and its words (null when the chat no longer has it). */
export interface QuotedView {
  id: string;
  text: string | null;
}

export interface ChatView {
  id: string;
  phone: string;
  customer: string;
  /**
   * The customer's name as Guru shows it: the contact's name when someone on the team set one
   * (`guru contact set --name`), else the name the customer gave WhatsApp (`displayName`).
   */
  name: string | null;
  /** The customer's contact fields (`guru contact set --field`), when they have any. */
  fields?: Record<string, string>;
  status: 'open' | 'closed';
  assignee: TargetView | null;
  unread: number;
  lastMessage: MessageView | null;
  messageCount: number;
  openedAt: string;
  updatedAt: string;
  /** The tags it wears (`guru chat tag`), by name and colour, in the order they were put on. */
  tags: TagView[];
}

export interface ChatDetailView extends ChatView {
  messages: MessageView[];
}

/** What `guru chat new` answers: the chat, whether it is new, and the first message if one was given. */
export interface ChatStartView {
  chat: ChatView;
  /** False when a chat with this customer on this phone already existed: it was reused. */
  created: boolean;
  message: MessageView | null;
}

export interface WhyView {
  chatId: string;
  cause: TrailCause | null;
  time: string | null;
  assignee: TargetView | null;
  trail: TrailStepView[];
  /** Since when it waits for someone to take it (open, unassigned, the rodízio found nobody); null: it does not. */
  waitingSince: string | null;
  /** With the menu bot now: unknown answers so far. */
  bot: { tries: number; since: string } | null;
  /** Every routing step kept (the latest ROUTING_KEPT), oldest first. */
  steps: RoutingStepView[];
}

/** `media`: where the message's file stands, for media messages (the chat index knows). */
export function messageView(state: State, message: StoredMessage, media?: MediaStatus): MessageView {
  const author = message.authorId ? state.users.find((u) => u.id === message.authorId) : undefined;
  return {
    id: message.id,
    direction: message.direction,
    text: describeContent(message.content),
    content: message.content,
    time: message.time,
    author: author ? { email: author.email, name: author.name } : message.authorId ? { email: '', name: '(removed user)' } : null,
    status: message.status,
    ...(message.auto !== undefined ? { auto: message.auto } : {}),
    ...(message.status === 'failed' && message.reason !== undefined ? { reason: message.reason } : {}),
    ...(media ? { media } : {}),
  };
}

/** Where a message's file stands (`ChatIndex.mediaOf`), for the views that list messages. */
export type MediaLookup = (message: StoredMessage) => MediaStatus | undefined;

/** The name a customer goes by: the one the team set in their contact, else WhatsApp's (push name). */
export function displayName(chat: Pick<Chat, 'name'>, contact?: Pick<Contact, 'name'> | null): string | null {
  return contact?.name ?? chat.name;
}

/** `contact`: the customer's contact (`ContactBook.get(chat.customer)`), whose name and fields the view shows. */
export function chatView(state: State, chat: Chat, mediaOf?: MediaLookup, contact?: Pick<Contact, 'name' | 'fields'> | null): ChatView {
  const last = chat.messages.at(-1);
  return {
    id: chat.id,
    phone: chat.phone,
    customer: chat.customer,
    name: displayName(chat, contact),
    ...(contact && Object.keys(contact.fields).length > 0 ? { fields: contact.fields } : {}),
    status: chat.status,
    assignee: chat.assignee ? targetView(state, chat.assignee) : null,
    unread: chat.unread,
    lastMessage: last ? messageView(state, last, mediaOf?.(last)) : null,
    messageCount: lineCount(chat),
    openedAt: chat.openedAt,
    updatedAt: chat.updatedAt,
    tags: tagViews(state, chat.tags),
  };
}

/** A chat with the given messages (its latest ones: `ChatService.history`). */
export function chatDetailView(
  state: State,
  chat: Chat,
  messages: readonly StoredMessage[],
  mediaOf?: MediaLookup,
  contact?: Pick<Contact, 'name' | 'fields'> | null,
): ChatDetailView {
  return { ...chatView(state, chat, mediaOf, contact), messages: messages.map((m) => messageView(state, m, mediaOf?.(m))) };
}

export function whyView(state: State, chat: Chat): WhyView {
  return {
    chatId: chat.id,
    cause: chat.trailCause,
    time: chat.trailTime,
    assignee: chat.assignee ? targetView(state, chat.assignee) : null,
    trail: trailView(state, chat.trail),
    waitingSince: chat.waitingSince ?? null,
    bot: chat.bot ?? null,
    steps: (chat.routing ?? []).map((record) => routingStepView(state, record)),
  };
}
