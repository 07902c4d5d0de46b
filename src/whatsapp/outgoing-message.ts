import type { Readable } from 'node:stream';
import type { AnyMessageContent, proto, WAMessage } from '@whiskeysockets/baileys';
import { describeContent, type MediaContent, type MessageContent } from '../core/chats/content.js';
import type { SendContext } from '../core/chats/ports.js';
import { GuruError } from '../core/errors.js';

/** What Baileys' `sendMessage` is given for one of our messages: the content, and the message it quotes. */
export interface OutgoingMessage {
  content: AnyMessageContent;
  quoted?: WAMessage;
  /** The file being sent, to close should the send end before Baileys read it all. */
  file?: Readable;
}

/**
 * One of our messages as Baileys sends it: text, a file (streamed from the media store: Baileys
 * encrypts and uploads it as it reads), or a reaction; a reply carries the quoted message, which
 * WhatsApp shows above it (Baileys builds its `contextInfo` from `quoted`).
 */
export async function toBaileys(toJid: string, content: MessageContent, context: SendContext = {}): Promise<OutgoingMessage> {
  const quoted = 'replyTo' in content && content.replyTo !== undefined ? quotedMessage(toJid, content.replyTo, context) : undefined;
  const withQuote = (message: AnyMessageContent, file?: Readable): OutgoingMessage => ({
    content: message,
    ...(quoted ? { quoted } : {}),
    ...(file ? { file } : {}),
  });
  switch (content.type) {
    case 'text':
      return withQuote({ text: content.text });
    case 'reaction':
      // The key names the message reacted to: ours (fromMe) or the customer's.
      return { content: { react: { text: content.emoji, key: { remoteJid: toJid, id: content.target, fromMe: context.about?.fromMe ?? false } } } };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      if (!context.file) throw new GuruError('internal', `the ${content.type} has no file to send`);
      const file = await context.file();
      return withQuote(mediaMessage(content, { stream: file }), file);
    }
    default:
      throw new GuruError('invalid_input', `sending ${content.type} messages is not supported`);
  }
}

/** A file's message as Baileys takes it; Baileys encrypts and uploads `media` as it reads it. */
function mediaMessage(content: MediaContent, media: { stream: Readable }): AnyMessageContent {
  const mimetype = content.mimetype ? { mimetype: content.mimetype } : {};
  const caption = 'caption' in content && content.caption ? { caption: content.caption } : {};
  switch (content.type) {
    case 'image':
      return { image: media, ...mimetype, ...caption };
    case 'video':
      return { video: media, ...mimetype, ...caption };
    case 'audio':
      // ptt: a voice note, played inline with a waveform, as if recorded in WhatsApp.
      return { audio: media, ptt: content.voice, ...mimetype, ...(content.duration ? { seconds: content.duration } : {}) };
    case 'document':
      return {
        document: media,
        mimetype: content.mimetype ?? 'application/octet-stream',
        ...(content.fileName ? { fileName: content.fileName } : {}),
        ...caption,
      };
    case 'sticker':
      return { sticker: media, ...mimetype, ...(content.animated ? { isAnimated: true } : {}) };
  }
}

/** The message a reply quotes, as WhatsApp carries it: its key, and its content (shown above the reply). */
function quotedMessage(toJid: string, id: string, context: SendContext): WAMessage {
  const about = context.about?.id === id ? context.about : undefined;
  return {
    key: { remoteJid: toJid, id, fromMe: about?.fromMe ?? false },
    message: about ? quotedContent(about.content) : { conversation: '' },
  };
}

/** Enough of a message for the quote WhatsApp shows: its words, or its kind of file and caption. */
export function quotedContent(content: MessageContent): proto.IMessage {
  switch (content.type) {
    case 'text':
      return { conversation: content.text };
    case 'image':
      return { imageMessage: { mimetype: content.mimetype ?? null, caption: content.caption ?? null } };
    case 'video':
      return { videoMessage: { mimetype: content.mimetype ?? null, caption: content.caption ?? null } };
    case 'audio':
      return { audioMessage: { mimetype: content.mimetype ?? null, ptt: content.voice, seconds: content.duration ?? null } };
    case 'document':
      return { documentMessage: { mimetype: content.mimetype ?? null, fileName: content.fileName ?? null, caption: content.caption ?? null } };
    case 'sticker':
      return { stickerMessage: { mimetype: content.mimetype ?? null } };
    case 'location':
      return {
        locationMessage: {
          degreesLatitude: content.latitude,
          degreesLongitude: content.longitude,
          name: content.name ?? null,
          address: content.address ?? null,
        },
      };
    default:
      return { conversation: describeContent(content) };
  }
}
