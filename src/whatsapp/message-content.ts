import type { proto } from '@whiskeysockets/baileys';
import type { ContactCard, MessageContent } from '../core/chats/content.js';

/** `proto.Message.ProtocolMessage.Type` values Guru reads (checked against WAProto in the tests). */
export const PROTOCOL = { REVOKE: 0, MESSAGE_EDIT: 14 } as const;

/**
 * What a WhatsApp message says, as Guru's `MessageContent`: text, media (described — its bytes
 * stay on WhatsApp's servers until something downloads them), places, contact cards, reactions,
 * replies, edits and deletions for everyone. Null for what is not a message to a person
 * (protocol noise: keys, receipts, history notifications, polls and the like Guru does not show).
 */
export function messageContent(message: proto.IMessage | null | undefined): MessageContent | null {
  const m = unwrapMessage(message);
  if (!m) return null;
  if (m.conversation) return { type: 'text', text: m.conversation };
  if (m.extendedTextMessage?.text) return { type: 'text', text: m.extendedTextMessage.text, ...replyTo(m.extendedTextMessage.contextInfo) };
  if (m.imageMessage) {
    const i = m.imageMessage;
    return {
      type: 'image',
      ...media(i),
      ...opt('caption', i.caption || undefined),
      ...opt('width', count(i.width)),
      ...opt('height', count(i.height)),
      ...replyTo(i.contextInfo),
    };
  }
  if (m.audioMessage) {
    const a = m.audioMessage;
    return { type: 'audio', voice: a.ptt === true, ...media(a), ...opt('duration', count(a.seconds)), ...replyTo(a.contextInfo) };
  }
  if (m.videoMessage || m.ptvMessage) {
    const v = (m.videoMessage ?? m.ptvMessage)!;
    return {
      type: 'video',
      ...media(v),
      ...opt('caption', v.caption || undefined),
      ...opt('duration', count(v.seconds)),
      ...opt('width', count(v.width)),
      ...opt('height', count(v.height)),
      ...(v.gifPlayback ? { gif: true } : {}),
      ...replyTo(v.contextInfo),
    };
  }
  if (m.documentMessage) {
    const d = m.documentMessage;
    return {
      type: 'document',
      ...media(d),
      ...opt('fileName', d.fileName || d.title || undefined),
      ...opt('caption', d.caption || undefined),
      ...opt('pages', count(d.pageCount)),
      ...replyTo(d.contextInfo),
    };
  }
  if (m.stickerMessage) {
    const s = m.stickerMessage;
    return {
      type: 'sticker',
      ...media(s),
      ...(s.isAnimated ? { animated: true } : {}),
      ...opt('width', count(s.width)),
      ...opt('height', count(s.height)),
      ...replyTo(s.contextInfo),
    };
  }
  if (m.locationMessage || m.liveLocationMessage) {
    const live = !m.locationMessage || m.locationMessage.isLive === true;
    const l = (m.locationMessage ?? m.liveLocationMessage)!;
    if (typeof l.degreesLatitude !== 'number' || typeof l.degreesLongitude !== 'number') return null;
    const place = m.locationMessage ?? {};
    return {
      type: 'location',
      latitude: l.degreesLatitude,
      longitude: l.degreesLongitude,
      ...opt('name', ('name' in place && place.name) || undefined),
      ...opt('address', ('address' in place && place.address) || undefined),
      ...(live ? { live: true } : {}),
      ...replyTo(l.contextInfo),
    };
  }
  if (m.contactMessage) return { type: 'contact', contacts: [contactCard(m.contactMessage)], ...replyTo(m.contactMessage.contextInfo) };
  if (m.contactsArrayMessage?.contacts?.length) {
    return { type: 'contact', contacts: m.contactsArrayMessage.contacts.map(contactCard), ...replyTo(m.contactsArrayMessage.contextInfo) };
  }
  if (m.reactionMessage?.key?.id) return { type: 'reaction', target: m.reactionMessage.key.id, emoji: m.reactionMessage.text ?? '' };
  const p = m.protocolMessage;
  if (p?.key?.id) {
    if (p.type === PROTOCOL.REVOKE) return { type: 'delete', target: p.key.id };
    if (p.type === PROTOCOL.MESSAGE_EDIT) {
      const edited = messageContent(p.editedMessage);
      const text = edited?.type === 'text' ? edited.text : edited && 'caption' in edited ? (edited.caption ?? '') : null;
      if (text !== null) return { type: 'edit', target: p.key.id, text };
    }
  }
  return null;
}

/** The message inside WhatsApp's wrappers: disappearing, view-once, a document with a caption, an edit. */
export function unwrapMessage(message: proto.IMessage | null | undefined): proto.IMessage | null {
  let m = message ?? null;
  for (let i = 0; m && i < 5; i++) {
    const inner =
      m.ephemeralMessage ?? m.viewOnceMessage ?? m.viewOnceMessageV2 ?? m.viewOnceMessageV2Extension ?? m.documentWithCaptionMessage ?? m.editedMessage;
    if (!inner?.message) break;
    m = inner.message;
  }
  return m;
}

function media(m: { mimetype?: string | null; fileLength?: number | Long | null }): { mimetype?: string; size?: number } {
  return { ...opt('mimetype', m.mimetype || undefined), ...opt('size', count(m.fileLength)) };
}

function replyTo(context: proto.IContextInfo | null | undefined): { replyTo?: string } {
  return context?.stanzaId ? { replyTo: context.stanzaId } : {};
}

/** A vCard as a name and its numbers (`+<digits>` where WhatsApp says which account it is). */
function contactCard(card: proto.Message.IContactMessage): ContactCard {
  const vcard = card.vcard ?? '';
  const phones: string[] = [];
  for (const line of vcard.split(/\r?\n/)) {
    if (!/^(item\d+\.)?TEL[;:]/i.test(line)) continue;
    const waid = /waid=(\d+)/i.exec(line)?.[1];
    const value = line.slice(line.indexOf(':') + 1).trim();
    const phone = waid ? `+${waid}` : value;
    if (phone) phones.push(phone);
  }
  const fullName = /^FN[;:](?:.*:)?(.*)$/im.exec(vcard)?.[1]?.trim();
  return { name: card.displayName?.trim() || fullName || phones[0] || 'contact', phones };
}

type Long = { toNumber(): number };

/** Protobuf numbers arrive as numbers or Longs; a missing or absurd one is left out. */
function count(value: number | Long | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : typeof value.toNumber === 'function' ? value.toNumber() : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
