import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MediaTooLarge, type MediaStore } from '../../src/core/media/ports.js';
import { MediaFiles } from '../../src/store/media-files.js';
import { MemoryMediaStore } from '../../src/store/media-memory.js';
import { mountSmallFs } from '../helpers/small-fs.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Bytes in several chunks, as a download hands them over. */
const chunked = (bytes: Buffer, size = 7000) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));
const collect = async (stream: AsyncIterable<Uint8Array>) => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
};

async function filesStore(): Promise<{ store: MediaFiles; dir: string }> {
  const dir = join(await mkdtemp(join(tmpdir(), 'guru-media-')), 'media');
  return { store: await new MediaFiles(dir).prepare(), dir };
}

const stores: [string, () => Promise<MediaStore>][] = [
  ['files', async () => (await filesStore()).store],
  ['memory', async () => new MemoryMediaStore()],
];

describe.each(stores)('media store (%s)', (_, make) => {
  it('keeps bytes under their sha256 and gives them back whole', async () => {
    const store = await make();
    const bytes = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 31) % 256));
    const kept = await store.put(chunked(bytes));
    expect(kept).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(await store.size(kept.sha256)).toBe(bytes.length);
    expect((await collect(await store.open(kept.sha256))).equals(bytes)).toBe(true);
    expect((await store.head(kept.sha256, 4)).equals(bytes.subarray(0, 4))).toBe(true);
  });

  it('keeps the same bytes once', async () => {
    const store = await make();
    const bytes = Buffer.from('a photo, sent twice');
    const [a, b] = await Promise.all([store.put(chunked(bytes, 3)), store.put(chunked(bytes, 5))]);
    expect(a).toEqual(b);
    expect(await store.usage()).toEqual({ bytes: bytes.length, files: 1 });
    await store.put(chunked(bytes));
    expect(await store.usage()).toEqual({ bytes: bytes.length, files: 1 });
  });

  it('refuses what goes over the limit and keeps nothing of it', async () => {
    const store = await make();
    await expect(store.put(chunked(Buffer.alloc(10_001, 1), 1000), { maxBytes: 10_000 })).rejects.toBeInstanceOf(MediaTooLarge);
    expect(await store.usage()).toEqual({ bytes: 0, files: 0 });
    const exact = await store.put(chunked(Buffer.alloc(10_000, 1), 1000), { maxBytes: 10_000 });
    expect(exact.size).toBe(10_000);
  });

  it('answers a missing or malformed name as missing, never as a path', async () => {
    const store = await make();
    expect(await store.size('0'.repeat(64))).toBeNull();
    expect(await store.size('../../state.json')).toBeNull();
    await expect(store.open('../../state.json')).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.head('f'.repeat(64), 10)).rejects.toMatchObject({ code: 'not_found' });
    await store.remove('../../state.json'); // nothing to do, nothing thrown
  });

  it('forgets a removed file and lists the others', async () => {
    const store = await make();
    const a = await store.put(chunked(Buffer.from('first')));
    const b = await store.put(chunked(Buffer.from('second file')));
    await store.remove(a.sha256);
    expect(await store.size(a.sha256)).toBeNull();
    const listed = [];
    for await (const file of store.list()) listed.push(file);
    expect(listed).toEqual([b]);
    expect(await store.usage()).toEqual({ bytes: b.size, files: 1 });
  });
});

describe('media files on disk', () => {
  it('writes 0600 files in 0700 folders, named by sha256', async () => {
    const { store, dir } = await filesStore();
    const kept = await store.put(chunked(Buffer.from('voice note')));
    const file = join(dir, kept.sha256.slice(0, 2), kept.sha256);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, kept.sha256.slice(0, 2)))).mode & 0o777).toBe(0o700);
    expect(await readFile(file, 'utf8')).toBe('voice note');
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('keeps nothing of a source that fails midway', async () => {
    const { store, dir } = await filesStore();
    async function* broken() {
      yield Buffer.from('half a photo');
      throw new Error('connection reset');
    }
    await expect(store.put(broken())).rejects.toThrow('connection reset');
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await store.usage()).toEqual({ bytes: 0, files: 0 });
  });

  it('clears half-written files a crash left behind, and counts what is kept', async () => {
    const { store, dir } = await filesStore();
    const kept = await store.put(chunked(Buffer.from('a document')));
    await writeFile(join(dir, 'tmp', '999.deadbeef'), 'half');
    const reopened = await new MediaFiles(dir).prepare();
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    expect(await reopened.usage()).toEqual({ bytes: kept.size, files: 1 });
  });
});

describe('media files on a full disk', () => {
  it('refuse a file the disk cannot hold with "disk full" and the next step, keeping nothing half-written', async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), 'guru-media-full-'));
    const mount = await mountSmallFs(join(dir, 'disk'), 1024 * 1024);
    if (!mount.ok) return ctx.skip();
    try {
      const store = await new MediaFiles(join(mount.dir, 'media')).prepare();
      const chunks = (async function* () {
        for (let i = 0; i < 64; i++) yield Buffer.alloc(64 * 1024, i);
      })();
      const refused = await store.put(chunks).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toMatchObject({ code: 'store_unwritable' });
      expect((refused as Error).message).toMatch(
        /^disk full: no space left on the disk holding \S+\/media\/tmp \(writing \S+\) — the file was not kept; free disk space and try again$/,
      );
      expect(await readdir(join(mount.dir, 'media', 'tmp'))).toEqual([]);
    } finally {
      await mount.unmount();
    }
  });
});
