import type { proto, WAMessageKey } from '@whiskeysockets/baileys';
import { MediaFetchError } from '../core/media/remote.js';
import { unwrapMessage } from './message-content.js';

/** The media messages WhatsApp carries files in, and the name Baileys' key derivation knows each by. */
const MEDIA_KINDS = {
  imageMessage: 'image',
  audioMessage: 'audio',
  videoMessage: 'video',
  ptvMessage: 'ptv',
  documentMessage: 'document',
  stickerMessage: 'sticker',
} as const;

export type MediaKind = keyof typeof MEDIA_KINDS;

/**
 * What a message's `mediaSource` holds (JSON; opaque to the engine): the message key — the
 * re-upload request names it — and the fields of the media message Baileys downloads and
 * decrypts with. Bytes as base64. `v` versions the shape.
 */
export interface MediaSource {
  v: 1;
  key: { remoteJid: string; fromMe: boolean; id: string; participant?: string };
  kind: MediaKind;
  mediaKey: string;
  directPath?: string;
  url?: string;
  /** SHA-256 of the decrypted file, as the sender computed it: what the download is checked against. */
  fileSha256?: string;
  fileEncSha256?: string;
}

type MediaFields = {
  mediaKey?: Uint8Array | null;
  directPath?: string | null;
  url?: string | null;
  fileSha256?: Uint8Array | null;
  fileEncSha256?: Uint8Array | null;
};

/** The source of a message's media file, or undefined when it carries none Guru can fetch. */
export function mediaSourceOf(key: WAMessageKey, message: proto.IMessage | null | undefined): string | undefined {
  const m = unwrapMessage(message);
  if (!m || !key.id || !key.remoteJid) return undefined;
  for (const kind of Object.keys(MEDIA_KINDS) as MediaKind[]) {
    const media = m[kind] as MediaFields | null | undefined;
    if (!media) continue;
    if (!media.mediaKey?.length || (!media.directPath && !media.url)) return undefined;
    const source: MediaSource = {
      v: 1,
      key: { remoteJid: key.remoteJid, fromMe: key.fromMe === true, id: key.id, ...(key.participant ? { participant: key.participant } : {}) },
      kind,
      mediaKey: b64(media.mediaKey),
      ...(media.directPath ? { directPath: media.directPath } : {}),
      ...(media.url ? { url: media.url } : {}),
      ...(media.fileSha256?.length ? { fileSha256: b64(media.fileSha256) } : {}),
      ...(media.fileEncSha256?.length ? { fileEncSha256: b64(media.fileEncSha256) } : {}),
    };
    return JSON.stringify(source);
  }
  return undefined;
}

/** Reads a source back; a source that does not parse can never be fetched (a permanent failure). */
export function parseMediaSource(text: string): MediaSource {
  let source: Partial<MediaSource>;
  try {
    source = JSON.parse(text) as Partial<MediaSource>;
  } catch {
    throw new MediaFetchError('permanent', 'the message’s media reference is damaged (not JSON)');
  }
  if (source?.v !== 1 || typeof source.mediaKey !== 'string' || !source.key?.id || !source.kind || !(source.kind in MEDIA_KINDS)) {
    throw new MediaFetchError('permanent', 'the message’s media reference is damaged or from a newer Guru');
  }
  if (!source.directPath && !source.url) throw new MediaFetchError('permanent', 'WhatsApp gave no link to the file');
  return source as MediaSource;
}

/** Baileys' name of the kind, for its key derivation (`downloadContentFromMessage`'s type). */
export function downloadType(source: MediaSource): (typeof MEDIA_KINDS)[MediaKind] {
  return MEDIA_KINDS[source.kind];
}

/** The fields of the media message, as Baileys' download and re-upload want them (bytes as Buffers). */
export function mediaFields(source: MediaSource): { mediaKey: Buffer; directPath?: string; url?: string; fileSha256?: Buffer; fileEncSha256?: Buffer } {
  return {
    mediaKey: Buffer.from(source.mediaKey, 'base64'),
    ...(source.directPath ? { directPath: source.directPath } : {}),
    ...(source.url ? { url: source.url } : {}),
    ...(source.fileSha256 ? { fileSha256: Buffer.from(source.fileSha256, 'base64') } : {}),
    ...(source.fileEncSha256 ? { fileEncSha256: Buffer.from(source.fileEncSha256, 'base64') } : {}),
  };
}

/** The same source with the link a re-upload gave. */
export function withLink(source: MediaSource, link: { directPath?: string | null; url?: string | null }): string {
  const next: MediaSource = { ...source };
  if (link.directPath) next.directPath = link.directPath;
  if (link.url) next.url = link.url;
  return JSON.stringify(next);
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
