import { describe, expect, it } from 'vitest';
import { samplePdf, samplePhoto, sampleVoiceNote } from '../../src/demo/samples.js';

/**
 * The demo's sample files are what they claim to be, checked the way a decoder reads them: the
 * JPEG's markers and frame size, the Ogg pages' checksums and the Opus stream's headers and
 * length, the PDF's cross-reference offsets.
 */
describe("the demo's sample files", () => {
  it('the photo is a baseline JPEG of the size it says', () => {
    const { bytes, mimetype, width, height } = samplePhoto();
    expect(mimetype).toBe('image/jpeg');
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    let at = 2;
    let frame: { width: number; height: number; components: number } | null = null;
    while (at < bytes.length && !frame) {
      expect(bytes[at], `a marker at ${at}`).toBe(0xff);
      const marker = bytes[at + 1]!;
      const length = bytes.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xc2) {
        frame = { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7), components: bytes[at + 9]! };
      }
      at += 2 + length;
    }
    expect(frame).toEqual({ width, height, components: 3 });
    expect(bytes.length).toBeLessThan(16 * 1024);
  });

  it('the voice note is a well-formed Ogg Opus stream (page checksums, OpusHead, OpusTags, packets) of the length it says', () => {
    const { bytes, mimetype, seconds } = sampleVoiceNote();
    expect(mimetype).toBe('audio/ogg; codecs=opus');
    const pages = oggPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(new Set(pages.map((p) => p.serial)).size).toBe(1);
    expect(pages.map((p) => p.sequence)).toEqual(pages.map((_, i) => i));
    expect(pages[0]!.flags & 2).toBe(2); // beginning of stream
    expect(pages.at(-1)!.flags & 4).toBe(4); // end of stream
    const packets = pages.flatMap((p) => p.packets);
    const head = packets[0]!;
    expect(head.subarray(0, 8).toString('latin1')).toBe('OpusHead');
    expect(head[8]).toBe(1); // version
    expect(head[9]).toBe(1); // mono, as WhatsApp's voice notes
    const preSkip = head.readUInt16LE(10);
    expect(packets[1]!.subarray(0, 8).toString('latin1')).toBe('OpusTags');
    // Each audio packet's TOC byte says how long it plays; together they cover the last granule.
    const audio = packets.slice(2);
    expect(audio.length).toBeGreaterThan(10);
    const played = audio.reduce((n, packet) => n + opusPacketSamples(packet), 0);
    const granule = Number(pages.at(-1)!.granule);
    expect(played).toBeGreaterThanOrEqual(granule);
    expect(played - granule).toBeLessThan(48_000 * 0.12);
    const length = (granule - preSkip) / 48_000;
    expect(Math.ceil(length)).toBe(seconds);
    expect(length).toBeGreaterThan(1);
  });

  it('the PDF has every object at the offset its cross-reference table gives, and the text it was given', () => {
    const { bytes, mimetype } = samplePdf('Order #7788 (confirmed)', ['Ship to: 5th Avenue 100', 'Total: \\ 42 — paid ✓']);
    expect(mimetype).toBe('application/pdf');
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const table = /xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(text.slice(startxref))!;
    const entries = table[2]!.split('\n').filter(Boolean);
    expect(entries).toHaveLength(Number(table[1]));
    entries.slice(1).forEach((entry, i) => {
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset).startsWith(`${i + 1} 0 obj\n`), `object ${i + 1}`).toBe(true);
    });
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)![1]);
    const streamAt = text.indexOf('stream\n') + 'stream\n'.length;
    expect(text.slice(streamAt + length)).toMatch(/^\nendstream/);
    // parentheses and backslashes escaped; an em dash in WinAnsi's code (0x97), a check mark (not in it) '?'
    expect(text).toContain('(Order #7788 \\(confirmed\\)) Tj');
    expect(text).toContain('(Total: \\\\ 42 \x97 paid ?) Tj');
  });
});

interface OggPage {
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  packets: Buffer[];
}

/** Ogg pages (RFC 3533), each checked against its CRC; packets joined across pages. */
function oggPages(bytes: Buffer): OggPage[] {
  const pages: OggPage[] = [];
  let at = 0;
  let partial: Buffer[] = [];
  while (at < bytes.length) {
    expect(bytes.subarray(at, at + 4).toString('latin1'), `capture pattern at ${at}`).toBe('OggS');
    expect(bytes[at + 4]).toBe(0);
    const segments = bytes[at + 26]!;
    const lacing = [...bytes.subarray(at + 27, at + 27 + segments)];
    const size = 27 + segments + lacing.reduce((a, b) => a + b, 0);
    const page = Buffer.from(bytes.subarray(at, at + size));
    const crc = page.readUInt32LE(22);
    page.writeUInt32LE(0, 22);
    expect(oggCrc(page), `CRC of page at ${at}`).toBe(crc);
    const packets: Buffer[] = [];
    let data = at + 27 + segments;
    for (const lace of lacing) {
      partial.push(bytes.subarray(data, data + lace));
      data += lace;
      if (lace < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    pages.push({
      flags: bytes[at + 5]!,
      granule: bytes.readBigUInt64LE(at + 6),
      serial: bytes.readUInt32LE(at + 14),
      sequence: bytes.readUInt32LE(at + 18),
      packets,
    });
    at += size;
  }
  expect(partial).toEqual([]);
  return pages;
}

function oggCrc(page: Buffer): number {
  let crc = 0;
  for (const byte of page) {
    crc ^= byte << 24;
    for (let i = 0; i < 8; i++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

/** Samples (at 48 kHz) one Opus packet plays, from its TOC byte (RFC 6716 §3.1). */
function opusPacketSamples(packet: Buffer): number {
  const toc = packet[0]!;
  const config = toc >> 3;
  const frameMs = config < 12 ? [10, 20, 40, 60][config % 4]! : config < 16 ? [10, 20][config % 2]! : [2.5, 5, 10, 20][config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? packet[1]! & 0x3f : 2;
  expect(frames).toBeGreaterThan(0);
  return frames * frameMs * 48;
}
