import { afterAll, describe, expect, it } from 'vitest';
// The built module: the drawing runs in a worker thread, which loads the compiled worker file.
const BUILT: string = '../../dist/tui/thumbnail.js';
const { drawThumbnail, stopThumbnails, thumbnailsWanted } = (await import(BUILT)) as typeof import('../../src/tui/thumbnail.js');
import { makePng } from '../helpers/png.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: reading the colours back out of the escapes
const BACKGROUNDS = /\u001b\[48;(?:5;(\d+)|2;(\d+;\d+;\d+))m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the colour escapes are what is taken out
const SGR = /\u001b\[[0-9;]*m/g;
/** xterm-256's red and blue, or the same in 24-bit colour (when the terminal running the tests says it has it). */
const RED = ['196', '255;0;0'];
const BLUE = ['21', '0;0;255'];

describe('thumbnails', () => {
  afterAll(() => stopThumbnails());

  it('draws a picture as rows of half blocks in its colours, within the size asked', async () => {
    // Left half red, right half blue.
    const png = makePng(64, 32, (x) => (x < 32 ? [255, 0, 0] : [0, 0, 255]));
    const rows = await drawThumbnail(png, 16, 8);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(8);
    for (const row of rows) {
      expect(row.replace(SGR, '')).toMatch(/^▄{1,16}$/);
      const colours = [...row.matchAll(BACKGROUNDS)].map((m) => m[1] ?? m[2]);
      expect(RED).toContain(colours[0]);
      expect(BLUE).toContain(colours.at(-1));
    }
  });

  it('refuses what is not an image, saying so', async () => {
    await expect(drawThumbnail(Buffer.from('%PDF-1.4 not a picture'))).rejects.toThrow(/mime|image|unsupported|decode/i);
  });

  it('are on in a 256-colour terminal, off in a pipe, with NO_COLOR, TERM=dumb or GURU_THUMBNAILS=0', () => {
    expect(thumbnailsWanted({ TERM: 'xterm-256color' }, true)).toBe(true);
    expect(thumbnailsWanted({ TERM: 'xterm', COLORTERM: 'truecolor' }, true)).toBe(true);
    expect(thumbnailsWanted({ TERM: 'xterm' }, true)).toBe(false);
    expect(thumbnailsWanted({ TERM: 'xterm-256color' }, false)).toBe(false);
    expect(thumbnailsWanted({ TERM: 'xterm-256color', NO_COLOR: '1' }, true)).toBe(false);
    expect(thumbnailsWanted({ TERM: 'dumb' }, true)).toBe(false);
    expect(thumbnailsWanted({ TERM: 'xterm-256color', GURU_THUMBNAILS: '0' }, true)).toBe(false);
    expect(thumbnailsWanted({ TERM: 'dumb', GURU_THUMBNAILS: '1' }, false)).toBe(true);
  });
});
