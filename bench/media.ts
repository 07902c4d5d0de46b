import { randomBytes } from 'node:crypto';
import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon } from '../src/daemon/daemon.js';
import { samplePhoto } from '../src/demo/samples.js';
import { MediaFiles } from '../src/store/media-files.js';
import type { MemoryTransport } from '../src/whatsapp/memory-transport.js';
import { cleanup, tempDir, type Figure } from './lib.js';
import { PHONE, seedHome } from './seed.js';

const PHOTO_BYTES = 200 * 1024;
const MB = 1024 * 1024;

/**
 * 7. Media: 1,000 inbound 200 KB photos (each different: a JPEG padded with random bytes in an
 * application segment, so none is deduplicated away) through the whole daemon path — the message
 * acknowledged durably, then its file fetched from the transport, streamed into the media store
 * (hashed, fsynced, renamed) and its `media` record journaled — until every one is durable.
 * Beside it, in the same run: the same bytes written raw, one file each with write+fsync+rename
 * (before and after, averaged), and the media store alone (`put` of each file, no engine).
 */
export async function media(quick: boolean): Promise<Figure[]> {
  const total = quick ? 100 : 1_000;
  const customers = quick ? 20 : 100;
  const dir = await tempDir('guru-bench-media-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  const photos = Array.from({ length: total }, () => paddedPhoto(PHOTO_BYTES));
  const megabytes = (total * PHOTO_BYTES) / MB;
  // The raw writes run before and after the daemon's part, and the baseline is their mean: a
  // shared disk drifts over a run, and this way both sides see the same drift.
  const rawBefore = await rawWrites(join(dir, 'raw-before'), photos);
  const daemon = await Daemon.start({ home, version: '0.1.0', presenceGraceMs: 60_000, heartbeatMs: 600_000, phones: { kind: 'memory' } });
  let seconds: number;
  let ackSeconds: number;
  try {
    const transport = daemon.phones.transport(PHONE) as MemoryTransport;
    const ids = photos.map((_, i) => `BENCHPHOTO${String(i).padStart(6, '0')}`);
    const started = performance.now();
    // As WhatsApp delivers: messages one after another, each acknowledged once durable; the
    // daemon fetches the files behind them, on its own.
    for (let i = 0; i < total; i++) {
      const n = i % customers;
      await transport.inject({
        id: ids[i]!,
        from: `+55119${String(10_000_000 + n).padStart(8, '0')}`,
        pushName: `Cliente ${n}`,
        content: { type: 'image', mimetype: 'image/jpeg', size: PHOTO_BYTES, width: 320, height: 240 },
        media: photos[i]!,
      });
    }
    ackSeconds = (performance.now() - started) / 1000;
    // Durable: each file fsynced in the media store and its `media` record in the journal. The
    // daemon's own fetches are joined (asking starts none of its own for a file in course).
    for (const id of ids) {
      const status = await daemon.engine.media.fetch(PHONE, id, { waitMs: 600_000 });
      if (status.state !== 'stored') throw new Error(`photo ${id} ended ${status.state}`);
    }
    seconds = (performance.now() - started) / 1000;
    if (transport.downloads !== total) throw new Error(`${transport.downloads} downloads for ${total} photos`);
    const usage = await daemon.store.media.usage();
    if (usage.files !== total || usage.bytes !== total * PHOTO_BYTES) throw new Error(`the media store holds ${usage.files} files, ${usage.bytes} bytes`);
  } finally {
    await daemon.stop('bench done');
  }
  const rawAfter = await rawWrites(join(dir, 'raw-after'), photos);
  const raw = (rawBefore + rawAfter) / 2;
  const storeAlone = await storePuts(join(dir, 'store-alone'), photos);
  await cleanup(dir);
  const rate = total / seconds;
  return [
    {
      name: `media: ${total.toLocaleString('en')} inbound 200 KB photos until durable`,
      value: megabytes / seconds,
      unit: 'MB/s',
      baseline: { name: 'raw write+fsync, a file each', value: megabytes / raw },
      goal: { text: `≥ 0.5× raw (${(megabytes / seconds / (megabytes / raw)).toFixed(2)}×)`, met: megabytes / seconds >= 0.5 * (megabytes / raw) },
      note: `all acknowledged after ${ackSeconds.toFixed(2)} s, every file durable after ${seconds.toFixed(2)} s; raw before ${(megabytes / rawBefore).toFixed(1)} MB/s, after ${(megabytes / rawAfter).toFixed(1)} MB/s; the media store alone (put after put, no engine): ${(megabytes / storeAlone).toFixed(1)} MB/s`,
    },
    {
      name: `media: ${total.toLocaleString('en')} inbound 200 KB photos, messages/s`,
      value: rate,
      unit: 'msg/s',
      baseline: { name: 'raw write+fsync, a file each', value: total / raw },
      // A busy number gets a photo every few seconds, a burst a few a second: 100/s is ample.
      goal: { text: `≥ 100 photos/s (${(rate / (total / raw)).toFixed(2)}× raw)`, met: rate >= 100 },
    },
  ];
}

/** The demo's photo grown to `size` bytes by an APP15 segment of random bytes: a valid JPEG, unlike any other. */
export function paddedPhoto(size: number): Buffer {
  const photo = samplePhoto().bytes;
  const segments: Buffer[] = [photo.subarray(0, 2)];
  let room = size - photo.length;
  while (room > 0) {
    const body = Math.min(65_533, room - 4);
    const header = Buffer.from([0xff, 0xef, 0, 0]);
    header.writeUInt16BE(body + 2, 2);
    segments.push(header, randomBytes(Math.max(0, body)));
    room -= 4 + Math.max(0, body);
  }
  segments.push(photo.subarray(2));
  const out = Buffer.concat(segments);
  if (out.length !== size) throw new Error(`padded photo is ${out.length} bytes, not ${size}`);
  return out;
}

/** The physical limit: each file written whole and fsynced, then renamed into place, one after another (no directory fsync). */
async function rawWrites(dir: string, files: Buffer[]): Promise<number> {
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  for (let i = 0; i < files.length; i++) {
    const handle = await open(join(dir, `${i}.tmp`), 'w', 0o600);
    await handle.write(files[i]!);
    await handle.datasync();
    await handle.close();
    await rename(join(dir, `${i}.tmp`), join(dir, String(i)));
  }
  return (performance.now() - started) / 1000;
}

/** The media store on its own: each file `put` as a stream of 64 KB slices, one after another. */
async function storePuts(dir: string, files: Buffer[]): Promise<number> {
  const store = new MediaFiles(dir);
  await store.prepare();
  const started = performance.now();
  for (const file of files) {
    await store.put(
      (async function* () {
        for (let at = 0; at < file.length; at += 64 * 1024) yield file.subarray(at, at + 64 * 1024);
      })(),
    );
  }
  return (performance.now() - started) / 1000;
}
