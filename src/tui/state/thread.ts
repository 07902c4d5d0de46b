import { foldAnnotations } from '../../core/chats/annotations.js';
import { describeForReader, formatDuration, formatSize, type MessageContent } from '../../core/chats/content.js';
import type { MediaStatus } from '../../core/chats/model.js';
import type { MessageView, ReactionFrom } from '../../core/chats/views.js';
import { plural, t } from '../../i18n/translate.js';

/**
 * The open chat's messages as the conversation shows them: reactions, edits and deletions folded
 * onto the message they are about (`foldAnnotations`, the engine's own rules). What the daemon
 * sends is folded already; what arrives live afterwards is folded here, on top. A reply's quoted
 * words the daemon found on an older page are kept.
 */
export function foldThread(messages: readonly MessageView[]): MessageView[] {
  const quoted = new Map<string, string>();
  for (const m of messages) if (m.replyTo?.text != null) quoted.set(m.replyTo.id, m.replyTo.text);
  return foldAnnotations(messages, (id) => quoted.get(id));
}

/** Who reacted, by name: the customer's, a colleague's, or "from the phone". */
export function reactorName(from: ReactionFrom, customer: string): string {
  if (from === 'customer') return customer;
  return from === 'phone' ? t`from the phone` : from.name;
}

const ICONS: Record<string, string> = { image: '📷', audio: '🎵', voice: '🎤', video: '🎬', gif: '🎬', document: '📄', sticker: '🎨' };

/**
 * A file attached to a message on one line: icon, type, size or duration, name, caption — and,
 * when Guru's copy is not (yet) there, why. Null for messages without a file.
 */
export function attachmentLine(m: { content: MessageContent; media?: MediaStatus | undefined }): string | null {
  const c = m.content;
  let kind: string;
  let length: string | null = null;
  let name: string | null = null;
  let caption: string | undefined;
  switch (c.type) {
    case 'image':
      kind = 'image';
      caption = c.caption;
      if (c.width && c.height) length = `${c.width}×${c.height}`;
      break;
    case 'audio':
      kind = c.voice ? 'voice' : 'audio';
      length = c.duration ? formatDuration(c.duration) : null;
      break;
    case 'video':
      kind = c.gif ? 'gif' : 'video';
      caption = c.caption;
      length = c.duration && !c.gif ? formatDuration(c.duration) : null;
      break;
    case 'document':
      kind = 'document';
      caption = c.caption;
      name = c.fileName?.trim() || null;
      length = c.pages ? plural(c.pages, t`${c.pages} page`, t`${c.pages} pages`) : null;
      break;
    case 'sticker':
      kind = 'sticker';
      break;
    default:
      return null;
  }
  const size = c.size ?? (m.media?.state === 'stored' ? m.media.size : undefined);
  const label = kindLabel(kind, c.type === 'sticker' && c.animated === true);
  const parts = [
    `${ICONS[kind]} ${label}`,
    // Voice notes and videos are measured by their length; the rest by their size.
    (kind === 'voice' || kind === 'audio' || kind === 'video') && length ? length : size !== undefined ? formatSize(size) : null,
    kind === 'image' || kind === 'document' ? length : null,
    name,
    caption?.trim() ? caption.trim() : null,
    mediaState(m.media),
  ];
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}

/** What kind of file, in words: `voice note`, `GIF`, `animated sticker`, `image`… */
function kindLabel(kind: string, animated: boolean): string {
  switch (kind) {
    case 'image':
      return t`image`;
    case 'audio':
      return t`audio`;
    case 'voice':
      return t`voice note`;
    case 'video':
      return t`video`;
    case 'gif':
      return t`GIF`;
    case 'document':
      return t`document`;
    default:
      return animated ? t`animated sticker` : t`sticker`;
  }
}

/** Where Guru's copy of the file stands, when it is not simply there. */
function mediaState(media: MediaStatus | undefined): string | null {
  switch (media?.state) {
    case undefined:
    case 'stored':
      return null;
    case 'pending':
      return t`downloading…`;
    case 'remote':
      return t`on WhatsApp (fetched when opened)`;
    case 'pruned':
      return t`removed from this server (pruned)`;
    case 'unavailable':
      return t`media unavailable: ${media.reason}`;
  }
}

/** The body of a message below its header: the attachment line, or its words. */
export function bodyText(m: MessageView): string {
  return attachmentLine(m) ?? describeForReader(m.content);
}
