import type { Readable } from 'node:stream';

/** A file Guru keeps: named by the sha256 of its bytes (lowercase hex), so the same bytes are kept once. */
export interface StoredMedia {
  sha256: string;
  /** Bytes. */
  size: number;
}

/**
 * The media files of an installation (photos, voice notes, documents…), content-addressed: a
 * message's content names its file by sha256, and a file is kept once however many messages
 * (or redeliveries) carry it. Bytes always travel as streams — a 100 MB document is never whole
 * in memory. `src/store` implements it over files (`media/`, 0600); a database implementation
 * would keep them as large objects, so nothing here is a path.
 *
 * Erasing a person's data (LGPD) is: find their messages in the journal, collect the sha256 of
 * their media, and `remove` each one no other person's message still names.
 */
export interface MediaStore {
  /**
   * Streams `source` in, hashing it on the way; resolves once the file is durable (fsynced).
   * Bytes already kept are not written twice. Over `maxBytes` it rejects with `MediaTooLarge`
   * and keeps nothing; a failing source also keeps nothing.
   */
  put(source: AsyncIterable<Uint8Array>, options?: { maxBytes?: number }): Promise<StoredMedia>;
  /** The size of a kept file, or null when there is none by that name (also for a malformed name). */
  size(sha256: string): Promise<number | null>;
  /** The file's bytes as a stream; `not_found` when it is not kept. */
  open(sha256: string): Promise<Readable>;
  /** Up to the first `bytes` bytes (to tell a file's type by its content); `not_found` when not kept. */
  head(sha256: string, bytes: number): Promise<Buffer>;
  /** Forgets a file (nothing happens when it is not kept). */
  remove(sha256: string): Promise<void>;
  /** What all kept files add up to. */
  usage(): Promise<{ bytes: number; files: number }>;
  /** Every kept file, in no particular order. */
  list(): AsyncIterable<StoredMedia>;
}

/** `put` stopped: the bytes went over the caller's limit. Nothing was kept. */
export class MediaTooLarge extends Error {
  override readonly name = 'MediaTooLarge';
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Whether `name` can be a kept file's name: 64 lowercase hex digits (never a path). */
export function isMediaName(name: string): boolean {
  return SHA256.test(name);
}
