// WhatsApp's media encryption, written out from the protocol rather than borrowed from Baileys,
// so the simulator checks Baileys against an independent implementation: a random 32-byte
// mediaKey is HKDF-SHA256-expanded (info "WhatsApp <Kind> Keys") to 112 bytes: iv (16),
// cipherKey (32), macKey (32); the file is AES-256-CBC encrypted and followed by the first 10
// bytes of HMAC-SHA256(macKey, iv ‖ ciphertext). fileSha256 hashes the plaintext, fileEncSha256
// the ciphertext with its mac. Everything streams: no file is ever whole in memory.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable } from 'node:stream';

import type { MediaKind } from './media-spec.js';

/** The HKDF info word of each kind (a sticker is keyed as an image, a voice note as audio). */
const HKDF_INFO: Record<MediaKind, string> = { image: 'Image', sticker: 'Image', audio: 'Audio', video: 'Video', document: 'Document' };

const MAC_LENGTH = 10;

export interface MediaKeys {
  iv: Buffer;
  cipherKey: Buffer;
  macKey: Buffer;
}

export function mediaKeys(mediaKey: Uint8Array, kind: MediaKind): MediaKeys {
  if (mediaKey.length !== 32) throw new Error(`a media key is 32 bytes, got ${mediaKey.length}`);
  const expanded = Buffer.from(hkdfSync('sha256', mediaKey, Buffer.alloc(0), `WhatsApp ${HKDF_INFO[kind]} Keys`, 112));
  return { iv: expanded.subarray(0, 16), cipherKey: expanded.subarray(16, 48), macKey: expanded.subarray(48, 80) };
}

export interface EncryptedMedia {
  mediaKey: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
}

/** Writes `input` encrypted under a fresh mediaKey (ciphertext, then the 10-byte mac) to `encPath`. */
export async function encryptMediaToFile(input: Readable, kind: MediaKind, encPath: string): Promise<EncryptedMedia> {
  const mediaKey = randomBytes(32);
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, kind);
  const aes = createCipheriv('aes-256-cbc', cipherKey, iv);
  const hmac = createHmac('sha256', macKey).update(iv);
  const plainHash = createHash('sha256');
  const encHash = createHash('sha256');
  const out = createWriteStream(encPath, { mode: 0o600 });
  const write = async (chunk: Buffer): Promise<void> => {
    if (chunk.length === 0) return;
    hmac.update(chunk);
    encHash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  let fileLength = 0;
  try {
    for await (const data of input) {
      const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as Uint8Array);
      fileLength += chunk.length;
      plainHash.update(chunk);
      await write(aes.update(chunk));
    }
    await write(aes.final());
    const mac = hmac.digest().subarray(0, MAC_LENGTH);
    encHash.update(mac);
    out.end(mac);
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { mediaKey, fileSha256: plainHash.digest(), fileEncSha256: encHash.digest(), fileLength };
}

/** What a media message says about its file, to check a download against. */
export interface MediaDescription {
  mediaKey: Uint8Array;
  fileSha256?: Uint8Array | null;
  fileEncSha256?: Uint8Array | null;
  fileLength?: number | Long | null;
}

type Long = { toNumber(): number };

/**
 * Reads the encrypted file at `encPath`, checks fileEncSha256 and the mac, decrypts, and checks
 * fileSha256 and fileLength against `media`. Throws naming the first check that failed.
 */
export async function decryptMediaFile(encPath: string, kind: MediaKind, media: MediaDescription): Promise<Buffer> {
  const { iv, cipherKey, macKey } = mediaKeys(media.mediaKey, kind);
  const encHash = createHash('sha256');
  const hmac = createHmac('sha256', macKey).update(iv);
  const aes = createDecipheriv('aes-256-cbc', cipherKey, iv);
  const plain: Buffer[] = [];
  // the last 10 bytes are the mac: hold back that many until the end
  let tail = Buffer.alloc(0);
  for await (const data of createReadStream(encPath)) {
    const chunk = data as Buffer;
    encHash.update(chunk);
    const joined = Buffer.concat([tail, chunk]);
    const body = joined.subarray(0, Math.max(0, joined.length - MAC_LENGTH));
    tail = joined.subarray(body.length);
    hmac.update(body);
    plain.push(aes.update(body));
  }
  if (tail.length < MAC_LENGTH) throw new Error('media file too short to carry a mac');
  if (media.fileEncSha256 && !encHash.digest().equals(Buffer.from(media.fileEncSha256))) {
    throw new Error('fileEncSha256 does not match the stored file');
  }
  if (!timingSafeEqual(hmac.digest().subarray(0, MAC_LENGTH), tail)) throw new Error('media mac does not verify (wrong mediaKey or kind)');
  plain.push(aes.final());
  const bytes = Buffer.concat(plain);
  if (media.fileSha256 && !createHash('sha256').update(bytes).digest().equals(Buffer.from(media.fileSha256))) {
    throw new Error('fileSha256 does not match the decrypted bytes');
  }
  const length = media.fileLength == null ? undefined : typeof media.fileLength === 'number' ? media.fileLength : media.fileLength.toNumber();
  if (length !== undefined && length !== bytes.length) throw new Error(`fileLength says ${length} bytes, decrypted ${bytes.length}`);
  return bytes;
}
