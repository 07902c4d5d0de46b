// Downloading an inbound message's media through Baileys, and asking the sender's phone to upload
// it again once WhatsApp's link expired. Failures are sorted the way the engine's fetcher acts on
// them (MediaFetchError: expired → re-upload, transient → later, permanent → unavailable).
import { createDecipheriv, createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { get, type Agent as HttpsAgent } from 'node:https';
import type { WAMessage, WASocket } from '@whiskeysockets/baileys';
import { MediaFetchError } from '../core/media/remote.js';
import { downloadType, mediaFields, parseMediaSource, withLink } from './media-source.js';

type Baileys = typeof import('@whiskeysockets/baileys');

/** How long the sender's phone gets to answer a re-upload request (Baileys itself waits forever). */
export const REUPLOAD_TIMEOUT_MS = 30_000;

/** WhatsApp's default media host, when a message names a direct path and no URL. */
const MEDIA_HOST = 'mmg.whatsapp.net';
/** The origin WhatsApp Web sends with media requests (Baileys does the same). */
const ORIGIN = 'https://web.whatsapp.com';
/** WhatsApp's media file: AES-256-CBC ciphertext, then the first 10 bytes of an HMAC-SHA256 over iv + ciphertext. */
const MAC_LENGTH = 10;

/**
 * The decrypted file as it streams in. Baileys' own downloader goes through fetch and web streams
 * and copies every chunk again to align it; this reads the HTTPS response with node:https (the
 * `agent` trusting the simulator's media host, or the system's CAs), decrypts each chunk as it
 * comes, and checks at the end the file's MAC (WhatsApp's) and the SHA-256 the sender put in the
 * message — so a host, or a man in the middle, serving other bytes makes the stream throw, and
 * what reads it keeps nothing. Memory: a chunk or two, whatever the file's size.
 */
export async function downloadMedia(baileys: Baileys, text: string, agent?: HttpsAgent): Promise<AsyncIterable<Uint8Array>> {
  const source = parseMediaSource(text);
  const fields = mediaFields(source);
  const keys = await baileys.getMediaKeys(fields.mediaKey, downloadType(source));
  const url = fields.directPath ? `https://${hostOf(fields.url) ?? MEDIA_HOST}${fields.directPath}` : fields.url!;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = get(url, { ...(agent ? { agent } : {}), headers: { Origin: ORIGIN } }, resolve);
    req.on('error', (err) => reject(classify(err)));
    req.setTimeout(60_000, () => req.destroy(new Error('the media host stopped answering')));
  });
  const status = response.statusCode ?? 0;
  if (status !== 200) {
    response.resume();
    throw classify({ output: { statusCode: status } });
  }
  return decrypted(response, keys, source.fileSha256);
}

async function* decrypted(
  response: IncomingMessage,
  keys: { cipherKey: Uint8Array; iv: Uint8Array; macKey?: Uint8Array },
  expected: string | undefined,
): AsyncIterable<Uint8Array> {
  const decipher = createDecipheriv('aes-256-cbc', keys.cipherKey, keys.iv);
  const mac = keys.macKey ? createHmac('sha256', keys.macKey).update(keys.iv) : null;
  const hash = createHash('sha256');
  // The last MAC_LENGTH bytes seen so far: the file's MAC once the response ends, ciphertext otherwise.
  let tail: Buffer = Buffer.alloc(0);
  const take = (ciphertext: Buffer): Buffer => {
    mac?.update(ciphertext);
    return decipher.update(ciphertext);
  };
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      let out: Buffer;
      if (chunk.length >= MAC_LENGTH) {
        const before = tail.length > 0 ? take(tail) : null;
        const body = take(chunk.subarray(0, chunk.length - MAC_LENGTH));
        out = before && before.length > 0 ? Buffer.concat([before, body]) : body;
        tail = chunk.subarray(chunk.length - MAC_LENGTH);
      } else {
        const joined = Buffer.concat([tail, chunk]);
        out = take(joined.subarray(0, Math.max(0, joined.length - MAC_LENGTH)));
        tail = joined.subarray(Math.max(0, joined.length - MAC_LENGTH));
      }
      if (out.length > 0) {
        hash.update(out);
        yield out;
      }
    }
    if (!response.complete) throw new MediaFetchError('transient', 'the download was cut short');
    if (mac && !mac.digest().subarray(0, MAC_LENGTH).equals(tail)) {
      throw new MediaFetchError('transient', 'the downloaded file does not match its MAC (damaged on the way)');
    }
    const last = decipher.final();
    if (last.length > 0) {
      hash.update(last);
      yield last;
    }
  } catch (err) {
    throw classify(err);
  } finally {
    response.destroy();
  }
  if (expected !== undefined && hash.digest('base64') !== expected) {
    throw new MediaFetchError('transient', 'the downloaded file is not the one the sender sent (its SHA-256 differs)');
  }
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * Asks the phone that sent the message to upload its file again (WhatsApp's media retry
 * receipt), and returns the source with the new link. Baileys rebuilds the link on the host of
 * the last `media_conn`, so that is refreshed first.
 */
export async function reuploadMedia(sock: WASocket, text: string, timeoutMs = REUPLOAD_TIMEOUT_MS): Promise<string> {
  const source = parseMediaSource(text);
  const message = { key: source.key, message: { [source.kind]: mediaFields(source) } } as unknown as WAMessage;
  let timer: NodeJS.Timeout | undefined;
  try {
    await sock.refreshMediaConn(false);
    await Promise.race([
      sock.updateMediaMessage(message),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new MediaFetchError('transient', 'the sender’s phone did not answer the re-upload request in time')), timeoutMs);
      }),
    ]);
  } catch (err) {
    if (err instanceof MediaFetchError) throw err;
    const text = (err as Error)?.message ?? String(err);
    const status = (err as { output?: { statusCode?: number } })?.output?.statusCode;
    // The phone's answer: the file is gone (NOT_FOUND, 404) or cannot be sent again (DECRYPTION_ERROR, 412).
    const refused = /re-upload failed by device \(([A-Z_]+)\)/.exec(text)?.[1] ?? (/Failed to re-upload media/.test(text) ? String(status) : undefined);
    if (refused === 'NOT_FOUND' || refused === '404')
      throw new MediaFetchError('permanent', 'the file expired on WhatsApp and the sender’s phone no longer has it');
    if (refused === 'DECRYPTION_ERROR' || refused === '412') {
      throw new MediaFetchError(
        'permanent',
        'the file expired on WhatsApp and the sender’s phone could not upload it again (it could not decrypt the request)',
      );
    }
    throw new MediaFetchError('transient', `the re-upload request failed: ${text}`);
  } finally {
    if (timer) clearTimeout(timer);
  }
  const media = (message.message as Record<string, { directPath?: string | null; url?: string | null }>)[source.kind]!;
  return withLink(source, media);
}

/** A Baileys download error as the fetcher acts on it. */
function classify(err: unknown): MediaFetchError {
  if (err instanceof MediaFetchError) return err;
  const status = (err as { output?: { statusCode?: number } })?.output?.statusCode;
  // WhatsApp answers 404 or 410 for a link past its time (some hosts 403): the sender's phone can upload it again.
  if (status === 404 || status === 410 || status === 403) return new MediaFetchError('expired', `WhatsApp’s link to the file has expired (HTTP ${status})`);
  const message = (err as Error)?.message ?? String(err);
  return new MediaFetchError('transient', status ? `the media host answered HTTP ${status}` : `the download failed: ${message}`);
}
