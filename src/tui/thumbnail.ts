/**
 * Small pictures of images in the conversation, drawn with half blocks (`▄`, a cell holds two
 * pixels: the background colour on top, the foreground below), which every colour terminal
 * shows. Graphics protocols (kitty, iTerm2) are not used: they draw outside the text Ink lays
 * out, so each redraw of the inbox would leave the picture behind or paint over it.
 *
 * `terminal-image` (with its pure-JS decoder, jimp) is loaded only when a picture is drawn, and
 * in a worker thread (thumbnail-worker.ts): the inbox's cold start does not pay for it, and the
 * keyboard does not wait while a photo is decoded.
 */
import { Worker } from 'node:worker_threads';
import type { ThumbnailAnswer, ThumbnailRequest } from './thumbnail-worker.js';

/** The largest image the inbox fetches to draw: the client may hold only small files whole. */
export const THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;
/** Columns and text rows of a thumbnail (rows hold two pixels each). */
export const THUMBNAIL_COLUMNS = 24;
export const THUMBNAIL_ROWS = 8;

/**
 * Whether this terminal can show thumbnails. `GURU_THUMBNAILS=0` turns them off, `=1` on;
 * otherwise they need a terminal (not a pipe) with at least 256 colours — half blocks in 16
 * colours are noise — and no `NO_COLOR`.
 */
export function thumbnailsWanted(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): boolean {
  if (env.GURU_THUMBNAILS === '0') return false;
  if (env.GURU_THUMBNAILS === '1') return true;
  if (!isTTY || env.NO_COLOR !== undefined || env.TERM === 'dumb') return false;
  return /^(truecolor|24bit)$/i.test(env.COLORTERM ?? '') || /256|direct|kitty|truecolor/i.test(env.TERM ?? '');
}

/** Colours a thumbnail uses: 24-bit where the terminal says it has them, else 256. */
export function colourDepth(env: NodeJS.ProcessEnv = process.env): '2' | '3' {
  return /^(truecolor|24bit)$/i.test(env.COLORTERM ?? '') || /direct|truecolor/i.test(env.TERM ?? '') ? '3' : '2';
}

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (rows: string[]) => void; reject: (err: Error) => void }>();

/** The drawing thread, started at the first picture and kept for the next ones (it never holds the process open). */
function drawer(): Worker {
  if (worker) return worker;
  // The worker's own environment decides its colours (its stdout is no terminal for chalk to ask):
  // a 256-colour terminal, or one that says it has 24-bit colour.
  const truecolor = colourDepth() === '3';
  const env = { TERM: 'xterm-256color', FORCE_COLOR: truecolor ? '3' : '2', ...(truecolor ? { COLORTERM: 'truecolor' } : {}) };
  const w = new Worker(new URL('./thumbnail-worker.js', import.meta.url), { env });
  w.unref();
  w.on('message', (answer: ThumbnailAnswer) => {
    const pending = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ('error' in answer) pending?.reject(new Error(answer.error));
    else pending?.resolve(answer.rows);
  });
  const fail = (err: Error) => {
    worker = null;
    for (const pending of waiting.values()) pending.reject(err);
    waiting.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the thumbnail drawer stopped (exit ${code})`)));
  worker = w;
  return w;
}

/**
 * Draws `bytes` (a PNG, JPEG, GIF's first frame, BMP…) as at most `columns` × `rows` cells.
 * Each row is colour escapes and half blocks (`PictureRow` checks it before printing it
 * unsanitised). Rejects what is not an image.
 */
export async function drawThumbnail(bytes: Uint8Array, columns = THUMBNAIL_COLUMNS, rows = THUMBNAIL_ROWS): Promise<string[]> {
  const id = nextId++;
  return new Promise<string[]>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    drawer().postMessage({ id, bytes, columns, rows } satisfies ThumbnailRequest);
  });
}

/** Stops the drawing thread (tests; the inbox leaves it to end with the process). */
export async function stopThumbnails(): Promise<void> {
  const w = worker;
  worker = null;
  await w?.terminate();
}
