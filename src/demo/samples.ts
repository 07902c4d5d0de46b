import { PHOTO_JPEG_BASE64, PHOTO_SIZE, VOICE_OGG_BASE64, VOICE_SECONDS } from './sample-files.js';

/**
 * The files the demo's customers send: a photo, a voice note and a PDF, all made by Guru's
 * authors (the photo and voice note by scripts/make-demo-samples.mjs, the PDF here), so the demo
 * and the benchmarks carry nobody else's work. Each call returns fresh bytes (callers may keep them).
 */
export interface SampleFile {
  bytes: Buffer;
  mimetype: string;
}

/** A 320×240 JPEG of a parcel box with a dented corner. */
export function samplePhoto(): SampleFile & { width: number; height: number } {
  return { bytes: Buffer.from(PHOTO_JPEG_BASE64, 'base64'), mimetype: 'image/jpeg', ...PHOTO_SIZE };
}

/** A short Ogg Opus voice note (a wordless hum), as WhatsApp records them. */
export function sampleVoiceNote(): SampleFile & { seconds: number } {
  return { bytes: Buffer.from(VOICE_OGG_BASE64, 'base64'), mimetype: 'audio/ogg; codecs=opus', seconds: Math.ceil(VOICE_SECONDS) };
}

/**
 * A one-page PDF with `title` and `lines` in Helvetica: a real document any viewer opens (objects,
 * cross-reference table and trailer at their byte offsets). Text is in the font's WinAnsi encoding
 * (Latin-1 and typographic quotes and dashes); characters outside it become `?`.
 */
export function samplePdf(title: string, lines: readonly string[]): SampleFile {
  const text = (s: string) =>
    `(${Array.from(s, (c) => WIN_ANSI[c] ?? (c.charCodeAt(0) > 0xff ? '?' : c))
      .join('')
      .replace(/[\\()]/g, (c) => `\\${c}`)})`;
  const stream = ['BT /F1 20 Tf 56 770 Td', `${text(title)} Tj`, '/F1 12 Tf 0 -36 Td 16 TL', ...lines.map((line) => `${text(line)} Tj T*`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = objects.map((object, i) => {
    const at = Buffer.byteLength(body, 'latin1');
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { bytes: Buffer.from(body, 'latin1'), mimetype: 'application/pdf' };
}

/** WinAnsi's characters beyond Latin-1 (PDF 1.7, annex D), by their code there. */
const WIN_ANSI: Record<string, string> = Object.fromEntries(
  Object.entries({ '€': 0x80, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99 }).map(([c, code]) => [
    c,
    String.fromCharCode(code),
  ]),
);
