// Small files of each kind an agent sends, made here (nothing downloaded, no licence): real
// headers — what a detector reads — followed by random bytes up to the size asked for, so that
// limits can be crossed by one byte and the bytes a customer decrypts are checked exactly.
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** Header + random filler to `size` bytes (never shorter than the header). */
function padded(header: Buffer, size: number): Buffer {
  return size <= header.length ? header : Buffer.concat([header, randomBytes(size - header.length)]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 2x2 PNG (decodable), padded after IEND when `size` is larger. */
export function png(size = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const pixels = deflateSync(Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]));
  const file = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return padded(file, size);
}

export function jpeg(size = 2_000): Buffer {
  return padded(Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), size);
}

/** A WebP (sticker); `animated` sets VP8X's animation flag, as animated stickers have. */
export function webp(size = 4_000, animated = false): Buffer {
  const header = animated
    ? Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8X'), Buffer.from([10, 0, 0, 0, 0x12, 0, 0, 0]), Buffer.alloc(6)])
    : Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(4)]);
  const file = padded(header, size);
  file.writeUInt32LE(file.length - 8, 4);
  return file;
}

/** An MP4 (`ftyp isom`). */
export function mp4(size = 50_000): Buffer {
  return padded(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2')]), size);
}

/** An Ogg stream whose first page is an OpusHead: what WhatsApp records voice notes in. */
export function opus(size = 8_000): Buffer {
  const head = Buffer.concat([Buffer.from('OpusHead'), Buffer.from([1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0])]);
  const page = Buffer.concat([
    Buffer.from('OggS'),
    Buffer.from([0, 0x02]),
    Buffer.alloc(8), // granule position
    Buffer.from([1, 0, 0, 0]), // serial
    Buffer.alloc(4), // page sequence
    Buffer.alloc(4), // crc (not checked by detectors)
    Buffer.from([1, head.length]),
    head,
  ]);
  return padded(page, size);
}

/** An MP3 (an MPEG-1 layer III frame header first). */
export function mp3(size = 6_000): Buffer {
  return padded(Buffer.from('fffb9064', 'hex'), size);
}

export function pdf(size = 3_000): Buffer {
  return padded(Buffer.from('%PDF-1.4\n%âãÏÓ\n', 'latin1'), size);
}
