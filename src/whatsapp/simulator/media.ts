// Media in the simulator, as WhatsApp and a customer's phone handle it: the `media_conn` iq
// (which host to upload to, with which token), a contact sending a photo, voice note, video,
// document or sticker (encrypted under a fresh mediaKey, uploaded to the media host, then the
// matching message), a contact decrypting what the linked device sent, and the phone answering
// a re-upload request for a link that expired (`receipt type=server-error` → `mediaretry`).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { request } from 'node:https';
import { Readable } from 'node:stream';
import { extractMessageContent, proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { FakeContact } from './contact.js';
import { deliver, sendMessage } from './delivery.js';
import { decryptMediaFile, encryptMediaToFile } from './media-crypto.js';
import type { MediaKind, MediaSpec } from './media-spec.js';
import type { MediaServer } from './media-server.js';
import type { Conn, SentMedia, SimulatorState } from './state.js';
import { S_WHATSAPP_NET, bytes, child, now, type HistoryBatch } from './stanzas.js';

/** The `media_conn` element of the `w:m` iq's answer: the simulator's media host and its token. */
export function mediaConnNode(media: MediaServer): BinaryNode {
  return {
    tag: 'media_conn',
    attrs: { auth: media.auth, ttl: '300', auth_ttl: '21600', max_buckets: '12' },
    content: [{ tag: 'host', attrs: { hostname: media.host, maxContentLengthBytes: String(media.maxBytes) } }],
  };
}

const UPLOAD_TYPE: Record<MediaKind, string> = { image: 'image', sticker: 'image', audio: 'audio', video: 'video', document: 'document' };

/**
 * `FakeWhatsApp.sendMedia`: encrypts the file, uploads it to the media host over HTTPS (with the
 * media_conn token, as a phone does) and sends the message describing it. Returns its id.
 */
export async function sendMedia(
  sim: SimulatorState,
  from: FakeContact,
  spec: MediaSpec,
  options: { id?: string; viaLid?: boolean; pushName?: string; time?: number; to?: string } = {},
): Promise<string> {
  const { message, sent } = await uploadMedia(sim, spec);
  const id = await sendMessage(sim, from, message, options);
  sim.sentMedia.set(id, sent);
  return id;
}

/**
 * `FakeWhatsApp.sendHistory` with media: each history message with `media` gets its file
 * uploaded and its `message` set to the matching media message (the phone's copy, re-uploadable).
 */
export async function withHistoryMedia(sim: SimulatorState, batches: HistoryBatch[]): Promise<HistoryBatch[]> {
  const out: HistoryBatch[] = [];
  for (const batch of batches) {
    const chats: HistoryBatch['chats'] = [];
    for (const chat of batch.chats) {
      const messages: HistoryBatch['chats'][number]['messages'] = [];
      for (const m of chat.messages) {
        if (!m.media) {
          messages.push(m);
          continue;
        }
        const { message, sent } = await uploadMedia(sim, m.media);
        sim.sentMedia.set(m.id, sent);
        messages.push({ ...m, message });
      }
      chats.push({ ...chat, messages });
    }
    out.push({ ...batch, chats });
  }
  return out;
}

/** Encrypts a file under a fresh mediaKey, uploads it, and builds the message describing it. */
async function uploadMedia(sim: SimulatorState, spec: MediaSpec): Promise<{ message: proto.IMessage; sent: SentMedia }> {
  if (!UPLOAD_TYPE[spec.type]) throw new Error(`FakeWhatsApp: unknown media type ${String(spec.type)}`);
  const media = sim.media;
  const encPath = await media.scratchPath();
  try {
    const input = spec.bytes instanceof Uint8Array ? Readable.from([Buffer.from(spec.bytes)]) : createReadStream(spec.bytes.path);
    const enc = await encryptMediaToFile(input, spec.type, encPath);
    const { url, direct_path: directPath } = await upload(media, UPLOAD_TYPE[spec.type], encPath, enc.fileEncSha256);
    const fields = {
      url,
      directPath,
      mediaKey: enc.mediaKey,
      fileSha256: enc.fileSha256,
      fileEncSha256: enc.fileEncSha256,
      fileLength: enc.fileLength,
      mimetype: spec.mimetype,
      mediaKeyTimestamp: Math.floor(Date.now() / 1000),
    };
    return { message: messageFor(spec, fields), sent: { kind: spec.type, mediaKey: enc.mediaKey, directPath } };
  } finally {
    await unlink(encPath).catch(() => undefined);
  }
}

function messageFor(spec: MediaSpec, fields: Record<string, unknown>): proto.IMessage {
  const size = spec.width && spec.height ? { width: spec.width, height: spec.height } : {};
  switch (spec.type) {
    case 'image':
      return { imageMessage: { ...fields, ...size, ...(spec.caption ? { caption: spec.caption } : {}) } };
    case 'sticker':
      return { stickerMessage: { ...fields, ...size } };
    case 'video':
      return { videoMessage: { ...fields, ...size, seconds: spec.seconds ?? 0, ...(spec.caption ? { caption: spec.caption } : {}) } };
    case 'audio':
      return { audioMessage: { ...fields, seconds: spec.seconds ?? 0, ptt: spec.ptt ?? false } };
    case 'document':
      return {
        documentMessage: { ...fields, fileName: spec.fileName ?? 'file', title: spec.fileName ?? 'file', ...(spec.caption ? { caption: spec.caption } : {}) },
      };
  }
}

/** POSTs the encrypted file to the media host, trusting only its certificate. */
async function upload(media: MediaServer, type: string, encPath: string, encSha256: Buffer): Promise<{ url: string; direct_path: string }> {
  const hash = encSha256.toString('base64url');
  const path = `/mms/${type}/${hash}?auth=${encodeURIComponent(media.auth)}&token=${hash}`;
  return new Promise((resolve, reject) => {
    const req = request(
      `https://${media.host}${path}`,
      { method: 'POST', ca: media.certPem, agent: false, headers: { 'Content-Type': 'application/octet-stream' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`FakeWhatsApp: media upload refused (${res.statusCode}): ${body}`));
          resolve(JSON.parse(body) as { url: string; direct_path: string });
        });
      },
    );
    req.on('error', reject);
    createReadStream(encPath).on('error', reject).pipe(req);
  });
}

/** The one media field of a message (under any wrapper: ephemeral, view once, document with caption…). */
export function mediaOf(message: proto.IMessage): { kind: MediaKind; media: proto.Message.IImageMessage & { directPath?: string | null } } {
  const content = extractMessageContent(message) ?? message;
  const fields: [keyof proto.IMessage, MediaKind][] = [
    ['imageMessage', 'image'],
    ['stickerMessage', 'sticker'],
    ['videoMessage', 'video'],
    ['ptvMessage', 'video'],
    ['audioMessage', 'audio'],
    ['documentMessage', 'document'],
  ];
  for (const [field, kind] of fields) {
    const media = content[field] as (proto.Message.IImageMessage & { directPath?: string | null }) | null | undefined;
    if (media) return { kind, media };
  }
  throw new Error(`FakeWhatsApp: not a media message (${Object.keys(content).join(', ')})`);
}

/**
 * `FakeWhatsApp.downloadMedia`: what the contact's phone sees of a media message the linked
 * device sent: the stored file, checked against fileEncSha256 and its mac, decrypted with the
 * message's mediaKey and checked against fileSha256 and fileLength. The bytes, whole.
 */
export async function downloadMedia(sim: SimulatorState, message: proto.IMessage): Promise<Buffer> {
  const { kind, media } = mediaOf(message);
  if (!media.mediaKey) throw new Error('FakeWhatsApp: the media message has no mediaKey');
  const where = media.directPath ?? media.url;
  if (!where) throw new Error('FakeWhatsApp: the media message has neither directPath nor url');
  if (media.url && !media.url.startsWith(`https://${sim.media.host}/`)) {
    throw new Error(`FakeWhatsApp: the media url ${media.url} is not this simulator's media host (${sim.media.host})`);
  }
  const stored = sim.media.lookup(where);
  if (!stored?.present) throw new Error(`FakeWhatsApp: no media stored at ${where}`);
  return decryptMediaFile(stored.file, kind, {
    mediaKey: media.mediaKey,
    fileSha256: media.fileSha256,
    fileEncSha256: media.fileEncSha256,
    fileLength: media.fileLength as number | null | undefined,
  });
}

const retryKey = (mediaKey: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', mediaKey, Buffer.alloc(0), 'WhatsApp Media Retry Notification', 32));

/**
 * The device asks the phone to upload a media message again (`receipt type=server-error`, its
 * link expired): the phone answers with a `mediaretry` notification carrying, encrypted under the
 * message's mediaKey, a new direct path, or NOT_FOUND when the file is gone for good.
 */
export function onMediaRetryRequest(sim: SimulatorState, conn: Conn, receipt: BinaryNode): void {
  const id = receipt.attrs.id ?? '';
  const account = conn.account;
  const rmr = child(receipt, 'rmr');
  if (!account || !rmr) return void sim.errors.push(`malformed media re-upload request ${id}`);
  const sent = sim.sentMedia.get(id);
  const attrs = { from: `${account.number}@${S_WHATSAPP_NET}`, type: 'mediaretry', id, t: now() };
  if (!sent) {
    deliver(sim, account, { tag: 'notification', attrs, content: [{ ...rmr }, { tag: 'error', attrs: { code: '2', text: 'not found' } }] });
    return;
  }
  const key = retryKey(sent.mediaKey);
  // the request names the message it is about, encrypted the same way: check it, as the phone does
  const encrypt = child(receipt, 'encrypt');
  try {
    const p = bytes(child(encrypt, 'enc_p')) ?? Buffer.alloc(0);
    const decipher = createDecipheriv('aes-256-gcm', key, bytes(child(encrypt, 'enc_iv')) ?? Buffer.alloc(12));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(p.subarray(p.length - 16));
    const asked = proto.ServerErrorReceipt.decode(Buffer.concat([decipher.update(p.subarray(0, p.length - 16)), decipher.final()]));
    if (asked.stanzaId !== id) throw new Error(`names ${asked.stanzaId}`);
  } catch (err) {
    sim.errors.push(`media re-upload request ${id} does not decrypt: ${String(err)}`);
    return;
  }
  const renewed = sim.media.renew(sent.directPath);
  if (renewed) sent.directPath = renewed;
  const result = renewed
    ? { stanzaId: id, directPath: renewed, result: proto.MediaRetryNotification.ResultType.SUCCESS }
    : { stanzaId: id, result: proto.MediaRetryNotification.ResultType.NOT_FOUND };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id));
  const plain = proto.MediaRetryNotification.encode(result).finish();
  const enc = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  deliver(sim, account, {
    tag: 'notification',
    attrs,
    content: [
      { ...rmr },
      {
        tag: 'encrypt',
        attrs: {},
        content: [
          { tag: 'enc_p', attrs: {}, content: enc },
          { tag: 'enc_iv', attrs: {}, content: iv },
        ],
      },
    ],
  });
}
