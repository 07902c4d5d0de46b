import type { proto } from '@whiskeysockets/baileys';

/**
 * The text of a WhatsApp message for the inbox: the words for text and captions, a short
 * bracketed label for media we do not render, null for protocol noise (receipts, reactions…).
 */
export function messageText(message: proto.IMessage | null | undefined): string | null {
  if (!message) return null;
  if (message.conversation) return message.conversation;
  if (message.extendedTextMessage?.text) return message.extendedTextMessage.text;
  if (message.ephemeralMessage?.message) return messageText(message.ephemeralMessage.message);
  if (message.viewOnceMessage?.message) return messageText(message.viewOnceMessage.message);
  if (message.imageMessage) return message.imageMessage.caption ? `[image] ${message.imageMessage.caption}` : '[image]';
  if (message.videoMessage) return message.videoMessage.caption ? `[video] ${message.videoMessage.caption}` : '[video]';
  if (message.documentMessage) return `[document] ${message.documentMessage.fileName ?? ''}`.trim();
  if (message.audioMessage) return '[audio]';
  if (message.stickerMessage) return '[sticker]';
  if (message.locationMessage) return '[location]';
  if (message.contactMessage) return `[contact] ${message.contactMessage.displayName ?? ''}`.trim();
  return null;
}
