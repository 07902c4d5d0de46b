#!/usr/bin/env node
// Makes the demo's sample photo and voice note (src/demo/sample-files.ts) from nothing: the photo
// is drawn here (a parcel box with a dented corner, as the demo's Rafael complains of) and
// encoded by libjpeg's `cjpeg`; the voice note is a wordless voice-like hum synthesised here
// (vowels over a falling pitch) and encoded by `opusenc` (opus-tools). Both are ours, free of
// any licence, and small enough to ship inside the package. The tools are needed only to run
// this again (Debian: `apt-get install libjpeg-turbo-progs opus-tools`); nothing else uses them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../src/demo/sample-files.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'guru-samples-'));

// A deterministic pseudo-random sequence: the same files every run.
let seed = 20261202;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

// --- the photo -------------------------------------------------------------------------------
const W = 320;
const H = 240;
const pixels = Buffer.alloc(W * H * 3);
const inside = (px, py, poly) => {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
};
const front = [
  [90, 100],
  [230, 100],
  [230, 200],
  [90, 200],
];
const top = [
  [90, 100],
  [120, 70],
  [260, 70],
  [230, 100],
];
const side = [
  [230, 100],
  [260, 70],
  [260, 170],
  [230, 200],
];
for (let y = 0; y < H; y++) {
  for (let x = 0; x < W; x++) {
    let rgb;
    if (y < 150) {
      const shade = 215 - y * 0.2; // a wall, lit from above
      rgb = [shade, shade - 4, shade - 12];
    } else {
      const grain = Math.sin(x * 0.09 + Math.sin(y * 0.3) * 2) * 10; // a wooden floor
      rgb = [150 + grain, 110 + grain * 0.8, 72 + grain * 0.5];
      const shadow = Math.hypot((x - 185) / 95, (y - 203) / 14); // the box's shadow
      if (shadow < 1) rgb = rgb.map((c) => c * (0.55 + 0.45 * shadow));
    }
    if (inside(x, y, top)) rgb = [205, 160, 108];
    else if (inside(x, y, side)) rgb = [138, 98, 60];
    else if (inside(x, y, front)) {
      rgb = [178, 130, 82];
      // the dent: a crumpled corner, darker towards its crease
      const d = Math.hypot((x - 205) / 30, (y - 125) / 24);
      if (d < 1) rgb = rgb.map((c) => c * (0.62 + 0.38 * d));
      if (d < 1 && Math.abs(y - 125 - (x - 205) * 0.6) < 1.5) rgb = [95, 66, 38];
    }
    // brown tape over the top and down the front
    if ((inside(x, y, top) && Math.abs(x - 175 + (y - 70) * 1) < 9) || (inside(x, y, front) && Math.abs(x - 160) < 9 && y < 140)) {
      rgb = [196, 168, 120];
    }
    const noise = (random() - 0.5) * 10; // a phone camera's grain
    const at = (y * W + x) * 3;
    for (let c = 0; c < 3; c++) pixels[at + c] = Math.max(0, Math.min(255, Math.round(rgb[c] + noise)));
  }
}
writeFileSync(join(dir, 'photo.ppm'), Buffer.concat([Buffer.from(`P6\n${W} ${H}\n255\n`), pixels]));
execFileSync('cjpeg', ['-quality', '60', '-optimize', '-outfile', join(dir, 'photo.jpg'), join(dir, 'photo.ppm')]);

// --- the voice note ----------------------------------------------------------------------------
const RATE = 16_000;
// [vowel formants (Hz), seconds, pitch from → to (Hz)]: "oi … tudo … bem?" as vowels, a pause between
const SYLLABLES = [
  [[500, 900, 2400], 0.22, 150, 140],
  [[300, 2300, 3000], 0.26, 140, 125],
  null,
  [[320, 800, 2250], 0.2, 135, 128],
  [[500, 900, 2400], 0.24, 128, 118],
  null,
  [[450, 1900, 2550], 0.45, 120, 165],
];
const samples = [];
let phase = 0;
for (const syllable of SYLLABLES) {
  if (!syllable) {
    for (let i = 0; i < RATE * 0.14; i++) samples.push(0);
    continue;
  }
  const [formants, seconds, from, to] = syllable;
  const n = Math.round(RATE * seconds);
  for (let i = 0; i < n; i++) {
    const t = i / n;
    const f0 = from + (to - from) * t + Math.sin((i / RATE) * 2 * Math.PI * 5.5) * 2;
    phase += (2 * Math.PI * f0) / RATE;
    let v = 0;
    for (let k = 1; k * f0 < 4000; k++) {
      const f = k * f0;
      const gain = formants.reduce((g, F, j) => g + (1 - j * 0.25) / (1 + ((f - F) / 90) ** 2), 0) / Math.sqrt(k);
      v += gain * Math.sin(k * phase);
    }
    const envelope = Math.min(1, (t * n) / (RATE * 0.03), ((1 - t) * n) / (RATE * 0.06));
    samples.push((v * 0.18 + (random() - 0.5) * 0.02) * envelope);
  }
}
const pcm = Buffer.alloc(samples.length * 2);
for (let i = 0; i < samples.length; i++) pcm.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(samples[i] * 12000))), i * 2);
const wav = Buffer.alloc(44);
wav.write('RIFF', 0);
wav.writeUInt32LE(36 + pcm.length, 4);
wav.write('WAVEfmt ', 8);
wav.writeUInt32LE(16, 16);
wav.writeUInt16LE(1, 20); // PCM
wav.writeUInt16LE(1, 22); // mono
wav.writeUInt32LE(RATE, 24);
wav.writeUInt32LE(RATE * 2, 28);
wav.writeUInt16LE(2, 32);
wav.writeUInt16LE(16, 34);
wav.write('data', 36);
wav.writeUInt32LE(pcm.length, 40);
writeFileSync(join(dir, 'voice.wav'), Buffer.concat([wav, pcm]));
execFileSync('opusenc', [
  '--quiet',
  '--bitrate',
  '16',
  '--padding',
  '0',
  '--serial',
  '20261202',
  '--title',
  'Guru demo voice note',
  join(dir, 'voice.wav'),
  join(dir, 'voice.ogg'),
]);

const photo = readFileSync(join(dir, 'photo.jpg'));
const voice = readFileSync(join(dir, 'voice.ogg'));
const seconds = Math.round((samples.length / RATE) * 100) / 100;
rmSync(dir, { recursive: true, force: true });

const wrap = (b64) =>
  b64
    .match(/.{1,120}/g)
    .map((l) => `  '${l}'`)
    .join(',\n');
writeFileSync(
  OUT,
  `// Made by scripts/make-demo-samples.mjs (run it again to change them; do not edit by hand).
// Drawn and synthesised by Guru's authors: no third party's work, no licence attached.

/** A ${W}×${H} JPEG photo of a parcel box with a dented corner (${photo.length} bytes). */
export const PHOTO_JPEG_BASE64 = [
${wrap(photo.toString('base64'))},
].join('');

export const PHOTO_SIZE = { width: ${W}, height: ${H} };

/** A ${seconds} s Ogg Opus voice note (mono, 16 kbit/s): a wordless, voice-like hum (${voice.length} bytes). */
export const VOICE_OGG_BASE64 = [
${wrap(voice.toString('base64'))},
].join('');

export const VOICE_SECONDS = ${seconds};
`,
);
process.stdout.write(`${OUT}: photo ${photo.length} bytes, voice note ${voice.length} bytes (${seconds} s)\n`);
