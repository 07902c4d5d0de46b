import { parentPort } from 'node:worker_threads';

/**
 * Draws thumbnails off the inbox's thread: loading `terminal-image` and its pure-JS decoder
 * (~170 modules) and decoding a photo take a second or more, during which the keyboard would
 * freeze. Requests and answers are matched by `id`. The colour depth comes in `FORCE_COLOR`
 * (set by the inbox, which knows the terminal; a worker's stdout is no terminal).
 */
export interface ThumbnailRequest {
  id: number;
  bytes: Uint8Array;
  columns: number;
  rows: number;
}

export type ThumbnailAnswer = { id: number; rows: string[] } | { id: number; error: string };

parentPort?.on('message', (request: ThumbnailRequest) => {
  void (async (): Promise<ThumbnailAnswer> => {
    try {
      const { default: terminalImage } = await import('terminal-image');
      const drawn = await terminalImage.buffer(request.bytes, {
        width: request.columns,
        height: request.rows,
        preserveAspectRatio: true,
        preferNativeRender: false,
      });
      return { id: request.id, rows: drawn.split('\n').filter((line) => line.length > 0) };
    } catch (err) {
      return { id: request.id, error: err instanceof Error ? err.message : String(err) };
    }
  })().then((answer) => parentPort?.postMessage(answer));
});
