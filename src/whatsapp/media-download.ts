// Downloading an inbound message's media through Baileys, and asking the sender's phone to upload
// it again once WhatsApp's link expired. Failures are sorted the way the engine's fetcher acts on
// them (MediaFetchError: expired → re-upload, transient → later, permanent → unavailable).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { WAMessage, WASocket } from '@whiskeysockets/baileys';
import { MediaFetchError } from '../core/media/remote.js';
import { downloadType, mediaFields, parseMediaSource, withLink } from './media-source.js';

type Baileys = typeof import('@whiskeysockets/baileys');

/** How long the sender's phone gets to answer a re-upload request (Baileys itself waits forever). */
export const REUPLOAD_TIMEOUT_MS = 30_000;

/**
 * The decrypted file as it streams in, checked at its end against the SHA-256 the sender put in
 * the message: a host (or a man in the middle) serving other bytes makes the stream throw, so
 * what reads it keeps nothing.
 */
export async function downloadMedia(baileys: Baileys, text: string, dispatcher: { options?: Record<string, unknown> }): Promise<AsyncIterable<Uint8Array>> {
  const source = parseMediaSource(text);
  let stream: Readable;
  try {
    stream = (await baileys.downloadContentFromMessage(mediaFields(source), downloadType(source), dispatcher)) as Readable;
  } catch (err) {
    throw classify(err);
  }
  return checked(stream, source.fileSha256);
}

async function* checked(stream: Readable, expected: string | undefined): AsyncIterable<Uint8Array> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      yield chunk;
    }
  } catch (err) {
    throw classify(err);
  } finally {
    stream.destroy();
  }
  if (expected !== undefined && hash.digest('base64') !== expected) {
    throw new MediaFetchError('transient', 'the downloaded file is not the one the sender sent (its SHA-256 differs)');
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
