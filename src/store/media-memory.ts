import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { notFound } from '../core/errors.js';
import { isMediaName, MediaTooLarge, type MediaStore, type StoredMedia } from '../core/media/ports.js';
import { t } from '../i18n/translate.js';

/** Media kept in this process only (tests, throwaway engines): the same contract as `MediaFiles`. */
export class MemoryMediaStore implements MediaStore {
  private readonly files = new Map<string, Buffer>();

  async put(source: AsyncIterable<Uint8Array>, options: { maxBytes?: number } = {}): Promise<StoredMedia> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (options.maxBytes !== undefined && size > options.maxBytes) throw new MediaTooLarge(options.maxBytes);
      chunks.push(Buffer.from(chunk));
    }
    const bytes = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.files.has(sha256)) this.files.set(sha256, bytes);
    return { sha256, size };
  }

  async size(sha256: string): Promise<number | null> {
    return this.files.get(sha256)?.length ?? null;
  }

  async open(sha256: string): Promise<Readable> {
    return Readable.from([this.bytesOf(sha256)]);
  }

  async head(sha256: string, bytes: number): Promise<Buffer> {
    return this.bytesOf(sha256).subarray(0, bytes);
  }

  async remove(sha256: string): Promise<void> {
    this.files.delete(sha256);
  }

  async usage(): Promise<{ bytes: number; files: number }> {
    let bytes = 0;
    for (const file of this.files.values()) bytes += file.length;
    return { bytes, files: this.files.size };
  }

  async *list(): AsyncIterable<StoredMedia> {
    for (const [sha256, bytes] of [...this.files]) yield { sha256, size: bytes.length };
  }

  private bytesOf(sha256: string): Buffer {
    const bytes = isMediaName(sha256) ? this.files.get(sha256) : undefined;
    if (!bytes) throw notFound(t`no media file ${sha256.slice(0, 12)}… is kept`);
    return bytes;
  }
}
