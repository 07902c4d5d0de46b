import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import { notFound } from '../../core/errors.js';
import { isMediaName, MediaTooLarge, type MediaStore, type StoredMedia } from '../../core/media/ports.js';
import { t } from '../../i18n/translate.js';

/** Bytes per row: a 100 MB document is 400 rows, and never whole in memory. */
const CHUNK = 256 * 1024;

/** Chunks of an upload a crash cut short are removed this long after they were written. */
const ABANDONED_AFTER = '1 hour';

/**
 * Media in PostgreSQL: a file is a row (`guru_media`: sha256, size, blob) and its bytes are rows
 * of 256 KB (`guru_media_chunks`), written as they stream in under a blob id of their own, so
 * every daemon on the database serves every file. Once the upload is whole and hashed, its row is
 * inserted; bytes already kept (another upload of the same file) are dropped instead.
 */
export class PostgresMediaStore implements MediaStore {
  constructor(private readonly pool: Pool) {}

  async put(source: AsyncIterable<Uint8Array>, options: { maxBytes?: number } = {}): Promise<StoredMedia> {
    const blob = randomUUID();
    const hash = createHash('sha256');
    let size = 0;
    let n = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async (all: boolean) => {
      while (pendingBytes >= CHUNK || (all && pendingBytes > 0)) {
        const bytes = Buffer.concat(pending);
        const part = bytes.subarray(0, Math.min(CHUNK, bytes.length));
        const rest = bytes.subarray(part.length);
        await this.pool.query('INSERT INTO guru_media_chunks (blob, n, bytes) VALUES ($1, $2, $3)', [blob, n, part]);
        n += 1;
        pending = rest.length > 0 ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    try {
      for await (const chunk of source) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) throw new MediaTooLarge(options.maxBytes);
        hash.update(chunk);
        pending.push(Buffer.from(chunk));
        pendingBytes += chunk.byteLength;
        await flush(false);
      }
      await flush(true);
      const sha256 = hash.digest('hex');
      const { rowCount } = await this.pool.query('INSERT INTO guru_media (sha256, size, blob) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [
        sha256,
        size,
        blob,
      ]);
      if (rowCount === 0) await this.dropBlob(blob);
      return { sha256, size };
    } catch (err) {
      await this.dropBlob(blob).catch(() => undefined);
      throw err;
    }
  }

  async size(sha256: string): Promise<number | null> {
    if (!isMediaName(sha256)) return null;
    const { rows } = await this.pool.query<{ size: number }>('SELECT size FROM guru_media WHERE sha256 = $1', [sha256]);
    return rows[0]?.size ?? null;
  }

  async open(sha256: string): Promise<Readable> {
    const blob = await this.blobOf(sha256);
    const pool = this.pool;
    // One chunk at a time, as the reader asks for it.
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let n = 0; ; n++) {
        const { rows } = await pool.query<{ bytes: Buffer }>('SELECT bytes FROM guru_media_chunks WHERE blob = $1 AND n = $2', [blob, n]);
        if (!rows[0]) return;
        yield rows[0].bytes;
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async head(sha256: string, bytes: number): Promise<Buffer> {
    const blob = await this.blobOf(sha256);
    const { rows } = await this.pool.query<{ bytes: Buffer }>(
      'SELECT substring(bytes FROM 1 FOR $2) AS bytes FROM guru_media_chunks WHERE blob = $1 AND n = 0',
      [blob, Math.min(bytes, CHUNK)],
    );
    return rows[0]?.bytes ?? Buffer.alloc(0);
  }

  async remove(sha256: string): Promise<void> {
    if (!isMediaName(sha256)) return;
    const { rows } = await this.pool.query<{ blob: string }>('DELETE FROM guru_media WHERE sha256 = $1 RETURNING blob', [sha256]);
    if (rows[0]) await this.dropBlob(rows[0].blob);
  }

  async usage(): Promise<{ bytes: number; files: number }> {
    const { rows } = await this.pool.query<{ bytes: number; files: number }>(
      'SELECT coalesce(sum(size), 0)::bigint AS bytes, count(*)::integer AS files FROM guru_media',
    );
    return rows[0]!;
  }

  async *list(): AsyncIterable<StoredMedia> {
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query<StoredMedia>('SELECT sha256, size FROM guru_media WHERE sha256 > $1 ORDER BY sha256 LIMIT 1000', [after]);
      if (rows.length === 0) return;
      yield* rows;
      after = rows.at(-1)!.sha256;
    }
  }

  /** Removes the chunks of uploads a crash cut short (old enough that no upload is still writing them). */
  async removeAbandoned(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM guru_media_chunks c
       WHERE c.written_at < now() - interval '${ABANDONED_AFTER}'
         AND NOT EXISTS (SELECT 1 FROM guru_media m WHERE m.blob = c.blob)`,
    );
    return rowCount ?? 0;
  }

  private async blobOf(sha256: string): Promise<string> {
    const { rows } = isMediaName(sha256)
      ? await this.pool.query<{ blob: string }>('SELECT blob FROM guru_media WHERE sha256 = $1', [sha256])
      : { rows: [] as { blob: string }[] };
    if (!rows[0]) throw notFound(t`no media file ${sha256.slice(0, 12)}… is kept`);
    return rows[0].blob;
  }

  private async dropBlob(blob: string): Promise<void> {
    await this.pool.query('DELETE FROM guru_media_chunks WHERE blob = $1', [blob]);
  }
}
