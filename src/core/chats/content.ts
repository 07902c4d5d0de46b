import { formatNumber } from '../../i18n/format.js';
import { plural, runInLanguage, t, word } from '../../i18n/translate.js';

/**
 * What a message says: text today, and media, places, contact cards, reactions, edits and
 * deletions as WhatsApp carries them. One discriminated union from the transport to the screen
 * — never a bare string — so that a new kind of message is one more case here, not a change in
 * every layer. Media is described (type, size, duration, dimensions, name), its bytes are not
 * kept here.
 */
export type MessageContent =
  | TextContent
  | ImageContent
  | AudioContent
  | VideoContent
  | DocumentContent
  | StickerContent
  | LocationContent
  | ContactContent
  | ReactionContent
  | EditContent
  | DeleteContent;

export type ContentType = MessageContent['type'];

/** The kinds of message that carry a file. */
export type MediaContent = ImageContent | AudioContent | VideoContent | DocumentContent | StickerContent;

export function isMedia(content: MessageContent): content is MediaContent {
  return content.type === 'image' || content.type === 'audio' || content.type === 'video' || content.type === 'document' || content.type === 'sticker';
}

/** Any message that can answer another one: the id of the message it quotes. */
interface Replying {
  /** WhatsApp's id of the quoted message (a reply). */
  replyTo?: string;
}

/** What WhatsApp says about a media file it holds (the bytes are fetched separately, later). */
interface MediaInfo extends Replying {
  mimetype?: string;
  /** Bytes. */
  size?: number;
  /**
   * Guru's own copy (`MediaStore`, by sha256), when it is known as the message is written: our
   * own sends. A customer's media is described as WhatsApp sent it; its copy, once downloaded,
   * is told by a later `media` journal record (`MediaStatus`).
   */
  sha256?: string;
}

export interface TextContent extends Replying {
  type: 'text';
  text: string;
}

export interface ImageContent extends MediaInfo {
  type: 'image';
  caption?: string;
  width?: number;
  height?: number;
}

export interface AudioContent extends MediaInfo {
  type: 'audio';
  /** A voice note recorded in WhatsApp (push-to-talk), rather than an audio file. */
  voice: boolean;
  /** Seconds. */
  duration?: number;
}

export interface VideoContent extends MediaInfo {
  type: 'video';
  caption?: string;
  /** Seconds. */
  duration?: number;
  width?: number;
  height?: number;
  /** WhatsApp's looping, silent GIF. */
  gif?: boolean;
}

export interface DocumentContent extends MediaInfo {
  type: 'document';
  fileName?: string;
  caption?: string;
  pages?: number;
}

export interface StickerContent extends MediaInfo {
  type: 'sticker';
  animated?: boolean;
  width?: number;
  height?: number;
}

export interface LocationContent extends Replying {
  type: 'location';
  latitude: number;
  longitude: number;
  /** A place's name, as WhatsApp's place picker fills it. */
  name?: string;
  address?: string;
  /** A live location (shared for a while), rather than a fixed place. */
  live?: boolean;
}

/** One or several contact cards (vCards), by name and numbers. */
export interface ContactContent extends Replying {
  type: 'contact';
  contacts: ContactCard[];
}

export interface ContactCard {
  name: string;
  /** As the card spells them; `+<digits>` when WhatsApp named the account. */
  phones: string[];
}

/** A reaction to one of the chat's messages; an empty `emoji` takes a reaction back. */
export interface ReactionContent {
  type: 'reaction';
  /** WhatsApp's id of the message reacted to. */
  target: string;
  emoji: string;
}

/** The sender changed the text (or caption) of one of their messages. */
export interface EditContent {
  type: 'edit';
  target: string;
  text: string;
}

/** The sender deleted one of their messages for everyone. */
export interface DeleteContent {
  type: 'delete';
  target: string;
}

export const CONTENT_TYPES: readonly ContentType[] = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contact',
  'reaction',
  'edit',
  'delete',
];

export function textContent(text: string): TextContent {
  return { type: 'text', text };
}

/**
 * Reactions, edits and deletions are about another message rather than messages of their own:
 * they are kept in the chat, but never open or reopen one, nor count as unread.
 */
export function isAnnotation(content: MessageContent): content is ReactionContent | EditContent | DeleteContent {
  return content.type === 'reaction' || content.type === 'edit' || content.type === 'delete';
}

/** The message an annotation is about, or the one a message replies to. */
export function referencedId(content: MessageContent): string | undefined {
  return 'target' in content ? content.target : content.replyTo;
}

/**
 * The words of a message that search looks at: text, captions, file names, places, contact
 * names, edited text. Empty for what has none (a voice note, a reaction).
 */
export function searchableText(content: MessageContent): string {
  switch (content.type) {
    case 'text':
    case 'edit':
      return content.text;
    case 'image':
    case 'video':
      return content.caption ?? '';
    case 'document':
      return [content.fileName, content.caption].filter(Boolean).join('\n');
    case 'location':
      return [content.name, content.address].filter(Boolean).join('\n');
    case 'contact':
      return content.contacts.map((c) => `${c.name} ${c.phones.join(' ')}`).join('\n');
    default:
      return '';
  }
}

/** `0:12`, `3:05`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** `512 B`, `48 KB`, `1.2 MB` (`1,2 MB` in Portuguese). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? formatNumber(value, 1, false) : formatNumber(Math.round(value), 0, false)} ${units[unit]}`;
}

/** A short, one-line quote of a message's words, for "reacted to “…”" and replies. */
export function quote(text: string, max = 30): string {
  // By code point: an emoji at the cut is kept whole or left out, never split in half.
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return `“${chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('')}”`;
}

/**
 * A message as people read it, in plain text (no colour, no control characters of its own):
 * a text message is its text, anything else a one-line summary — `📷 image · caption`,
 * `🎤 voice note 0:12`, `👍 reacted to “…”`. `quoted` may name the words of the message a
 * reaction, edit or deletion is about (when the caller has it); without it they stand alone.
 * This one is in English whoever asks: it is the API's `text` field (JSON never changes with
 * the language) and what WhatsApp gets for a kind it cannot carry. Screens use
 * `describeForReader` (the same words in the reader's language) through `renderContent`.
 */
export function describeContent(content: MessageContent, quoted?: (id: string) => string | undefined): string {
  // Nearly every message is text, and this runs for each one the engine publishes.
  if (content.type === 'text') return content.text;
  return runInLanguage('en', () => describeForReader(content, quoted));
}

/** `describeContent` in the reader's language: for screens (`guru chat show`, `guru tail`, the inbox). */
export function describeForReader(content: MessageContent, quoted?: (id: string) => string | undefined): string {
  if (content.type === 'text') return content.text;
  const about = (id: string) => {
    const words = quoted?.(id);
    return words === undefined ? '' : ` ${quote(words)}`;
  };
  const withCaption = (head: string, caption: string | undefined) => (caption?.trim() ? `${head} · ${caption}` : head);
  switch (content.type) {
    case 'image':
      return withCaption(`📷 ${t`image`}`, content.caption);
    case 'audio': {
      const length = content.duration ? ` ${formatDuration(content.duration)}` : '';
      return content.voice ? `🎤 ${t`voice note`}${length}` : `🎵 ${t`audio`}${length}`;
    }
    case 'video': {
      const length = content.duration && !content.gif ? ` ${formatDuration(content.duration)}` : '';
      return withCaption(`🎬 ${content.gif ? 'GIF' : t`video`}${length}`, content.caption);
    }
    case 'document': {
      const pages = content.pages ? plural(content.pages, t`${content.pages} page`, t`${content.pages} pages`) : null;
      const details = [content.size !== undefined ? formatSize(content.size) : null, pages].filter(Boolean);
      const head = `📄 ${content.fileName?.trim() || t`document`}${details.length ? ` (${details.join(', ')})` : ''}`;
      return withCaption(head, content.caption);
    }
    case 'sticker':
      return content.animated ? `🎨 ${t`animated sticker`}` : `🎨 ${t`sticker`}`;
    case 'location': {
      const place = [content.name, content.address].filter((p) => p?.trim()).join(', ');
      const at = `${round(content.latitude)}, ${round(content.longitude)}`;
      return `📍 ${content.live ? t`live location` : t`location`} ${place ? `${place} (${at})` : at}`;
    }
    case 'contact': {
      const cards = content.contacts;
      if (cards.length === 1) return `👤 ${t`contact`} ${[cards[0]!.name, ...cards[0]!.phones].filter(Boolean).join(' ')}`;
      return `👤 ${t`${cards.length} contacts: ${cards.map((c) => c.name).join(', ')}`}`;
    }
    case 'reaction': {
      const target = about(content.target);
      if (content.emoji) return `${content.emoji} ${target ? t`reacted to${target}` : t`reacted to a message`}`;
      return target ? t`removed a reaction from${target}` : t`removed a reaction`;
    }
    case 'edit':
      return `📝 ${t`edited${about(content.target)}: ${content.text}`}`;
    case 'delete': {
      const target = about(content.target);
      return `🚫 ${target ? t`deleted${target}` : t`deleted a message`}`;
    }
    default:
      // A kind this version does not know (written by a newer one): say so rather than fail.
      return `[${String((content as { type?: unknown }).type)}]`;
  }
}

/**
 * A message for a screen (`guru chat show`, `guru tail`, the inbox), in the reader's language:
 * `describeForReader`, with a first line `↪ “…”` naming what a reply answers. `quoted` finds the
 * words of another message of the chat by id, when the caller has them; what it cannot find is
 * left unquoted.
 */
export function renderContent(content: MessageContent, quoted?: (id: string) => string | undefined): string {
  const body = describeForReader(content, quoted);
  if (!('replyTo' in content) || content.replyTo === undefined) return body;
  const words = quoted?.(content.replyTo);
  return `↪ ${words === undefined ? word(t`quoted message|reply`) : quote(words)}\n${body}`;
}

/**
 * A message's one-line summary for a screen (list previews), in the reader's language. The
 * daemon quoted what an annotation (reaction, edit, deletion) is about in the view's `text`,
 * having the words at hand: that quote is kept.
 */
export function summaryForReader(m: { content: MessageContent; text: string }): string {
  if (m.content.type === 'text') return m.text;
  const about = /“([^”]*)”/.exec(m.text)?.[1];
  return describeForReader(m.content, about === undefined ? undefined : () => about);
}

/** `quoted` for `renderContent` over the messages a screen holds (their plain text, by id). */
export function quotesFrom(messages: readonly { id: string; text: string }[]): (id: string) => string | undefined {
  const byId = new Map(messages.map((m) => [m.id, m.text]));
  return (id) => byId.get(id);
}

function round(degrees: number): string {
  return String(Math.round(degrees * 1e5) / 1e5);
}

/**
 * How a journal record carries content, compactly: plain text as its `text` field (as every
 * record did before content existed, so old journals read unchanged and a text message costs
 * nothing more), anything else as a `content` object.
 */
export function contentFields(content: MessageContent): { text: string } | { content: MessageContent } {
  return content.type === 'text' && content.replyTo === undefined ? { text: content.text } : { content };
}

/** The content of a journal record written by `contentFields` (or by a version before content). */
export function recordContent(record: { text?: string; content?: MessageContent }): MessageContent {
  return record.content ?? textContent(record.text ?? '');
}

/** A cheap shape check for content handed to the engine (the full validation is `messageContentSchema`). */
export function looksLikeContent(value: unknown): value is MessageContent {
  return typeof value === 'object' && value !== null && CONTENT_TYPES.includes((value as { type?: unknown }).type as ContentType);
}

/** Who wrote an automatic message, as people read it (a chat's line, the inbox): the out-of-hours reply, the menu bot. */
export function automaticAuthor(auto: 'hours' | 'bot'): string {
  return auto === 'hours' ? t`🤖 automatic reply (out of hours)` : t`🤖 menu bot`;
}
