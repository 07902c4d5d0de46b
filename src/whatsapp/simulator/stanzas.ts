// Stanzas of the WhatsApp simulator: binary-node helpers and the nodes it builds (history sync
// notifications, prekey bundles). Pure functions; the server (server.ts) decides when to send them.
import { randomBytes, randomInt } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { KEY_BUNDLE_TYPE, encodeBigEndian, jidDecode, proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { FakeContact, PreKeyBundle } from './contact.js';
import type { MediaSpec } from './media-spec.js';

export const S_WHATSAPP_NET = 's.whatsapp.net';
export const now = (): string => String(Math.floor(Date.now() / 1000));
export const newId = (): string => `3EB0${randomBytes(8).toString('hex').toUpperCase()}`;
export const randomDigits = (n: number): string => {
  let s = String(randomInt(1, 10));
  while (s.length < n) s += String(randomInt(0, 10));
  return s;
};
export const children = (node: BinaryNode | undefined): BinaryNode[] => (Array.isArray(node?.content) ? node.content : []);
export const child = (node: BinaryNode | undefined, tag: string): BinaryNode | undefined => children(node).find((c) => c.tag === tag);
export const bytes = (node: BinaryNode | undefined): Buffer | undefined => {
  const c = node?.content;
  if (c instanceof Uint8Array) return Buffer.from(c);
  if (typeof c === 'string') return Buffer.from(c, 'utf8');
  return undefined;
};
export const uint = (buf: Buffer | undefined): number => {
  let v = 0;
  for (const b of buf ?? []) v = v * 256 + b;
  return v;
};

export interface HistoryBatch {
  progress: number;
  /** default RECENT */
  syncType?: proto.HistorySync.HistorySyncType;
  chats: {
    contact: FakeContact;
    /** use the LID as chat id (with pnJid set) */
    viaLid?: boolean;
    messages: {
      id: string;
      text: string;
      time: number;
      fromMe?: boolean;
      /** a photo, voice note, document…: uploaded to the media host by `sendHistory` (text is ignored) */
      media?: MediaSpec;
      /** any WhatsApp message instead of the text (`sendHistory` sets it for `media`) */
      message?: proto.IMessage;
    }[];
  }[];
}

/** A HISTORY_SYNC_NOTIFICATION from the phone (`category=peer`) with the history inline. */
export function historyNode(
  account: { number: string },
  syncType: proto.HistorySync.HistorySyncType,
  progress: number,
  chunkOrder: number,
  chats: HistoryBatch['chats'],
): BinaryNode {
  const history = proto.HistorySync.encode({
    syncType,
    progress,
    chunkOrder,
    conversations: chats.map(({ contact, messages, viaLid }) => {
      const chatId = viaLid ? contact.lidJid : contact.jid;
      const last = messages.reduce((m, x) => Math.max(m, x.time), 0);
      return {
        id: chatId,
        ...(viaLid ? { pnJid: contact.jid } : { lidJid: contact.lidJid }),
        name: contact.name,
        conversationTimestamp: last,
        unreadCount: messages.filter((m) => !m.fromMe).length,
        messages: messages.map((m) => ({
          message: {
            key: { remoteJid: chatId, fromMe: !!m.fromMe, id: m.id },
            message: m.message ?? { conversation: m.text },
            messageTimestamp: m.time,
            pushName: m.fromMe ? undefined : contact.name,
            status: m.fromMe ? proto.WebMessageInfo.Status.DELIVERY_ACK : undefined,
          },
        })),
      };
    }),
    pushnames: chats.map(({ contact }) => ({ id: contact.jid, pushname: contact.name })),
    phoneNumberToLidMappings: chats.map(({ contact }) => ({ pnJid: contact.jid, lidJid: contact.lidJid })),
  }).finish();
  const message = proto.Message.encode({
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
      historySyncNotification: {
        syncType,
        progress,
        chunkOrder,
        initialHistBootstrapInlinePayload: deflateSync(history),
      },
    },
  }).finish();
  return {
    tag: 'message',
    attrs: { from: `${account.number}@${S_WHATSAPP_NET}`, id: newId(), t: now(), type: 'text', category: 'peer' },
    content: [{ tag: 'plaintext', attrs: {}, content: message }],
  };
}

/** True for a history sync notification built by `historyNode`. */
export const isHistoryNode = (node: BinaryNode): boolean => node.tag === 'message' && node.attrs.category === 'peer';

export const jidNormalized = (jid: string): string => {
  const d = jidDecode(jid);
  return d?.user ? `${d.user}@${d.server}` : jid;
};

export const bundleNode = (jid: string, b: PreKeyBundle): BinaryNode => ({
  tag: 'user',
  attrs: { jid },
  content: [
    { tag: 'registration', attrs: {}, content: encodeBigEndian(b.registrationId, 4) },
    { tag: 'type', attrs: {}, content: KEY_BUNDLE_TYPE },
    { tag: 'identity', attrs: {}, content: b.identityKey },
    {
      tag: 'skey',
      attrs: {},
      content: [
        { tag: 'id', attrs: {}, content: encodeBigEndian(b.signedPreKey.keyId, 3) },
        { tag: 'value', attrs: {}, content: b.signedPreKey.publicKey },
        { tag: 'signature', attrs: {}, content: b.signedPreKey.signature },
      ],
    },
    ...(b.preKey
      ? [
          {
            tag: 'key',
            attrs: {},
            content: [
              { tag: 'id', attrs: {}, content: encodeBigEndian(b.preKey.keyId, 3) },
              { tag: 'value', attrs: {}, content: b.preKey.publicKey },
            ],
          },
        ]
      : []),
  ],
});

/** Compact view of a node for debug logs. */
export const summarize = (node: BinaryNode): unknown => ({
  tag: node.tag,
  attrs: node.attrs,
  content: Array.isArray(node.content) ? node.content.map(summarize) : node.content instanceof Uint8Array ? `<${node.content.length} bytes>` : node.content,
});
