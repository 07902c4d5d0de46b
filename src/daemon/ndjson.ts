import type { ServerResponse } from 'node:http';
import { currentLanguage, runInLanguage, t } from '../i18n/translate.js';

/** Where a streaming operation writes its events; `end` finishes the response. */
export interface EventSink<E> {
  send(event: E): void;
  end(): void;
  /** Sets a response header; only before the first event. */
  header(name: string, value: string): void;
  /** Sends the response head now (the client bounds its wait for a stream's start). */
  open(): void;
  /** The last line to send if the stream is dropped for reading too slowly (it says why). */
  farewell(line: (reason: string) => E): void;
}

/** How far a reader may fall behind before its stream is dropped. */
export interface StreamBounds {
  /** Bytes written but not yet taken by the reader (the response's backlog). */
  maxBacklogBytes: number;
  /** How long the backlog may go without draining at all (a suspended terminal). */
  maxStallMs: number;
}

export const DEFAULT_MAX_BACKLOG_BYTES = 2 * 1024 * 1024;
/** How long a dropped stream's last line gets to leave before the socket is cut. */
const FAREWELL_MS = 1_000;

/**
 * An NDJSON response. Lines produced in one turn of the event loop leave in one write (a burst
 * of messages is many events; a write per line cost more than the rest of the path together).
 * Each event is encoded once for every stream it goes to (`lineOf`): turning the same text into
 * bytes per stream was, with ten watchers, the largest cost left in the profile. Headers go out
 * with the first write, or at `open()` — so a refusal before that is still a JSON error.
 */
export function ndjsonStream<E>(res: ServerResponse, bounds: StreamBounds | null = null): EventSink<E> {
  let batch: Buffer[] = [];
  let farewell: ((reason: string) => E) | null = null;
  let dropped = false;
  // Since when the backlog has not drained (null: it has, or nothing waits).
  let stalledSince: number | null = null;
  // The reader's language, from the request that opened the stream: a drop is decided while
  // some other request's event is being written, in that request's language.
  const language = currentLanguage();
  /**
   * A reader that does not keep up is dropped: what is written and not taken stays in the
   * daemon's memory, and one stuck stream would grow it without bound. Its last line says why
   * (if it ever reads again); the socket is cut soon after either way, which ends the watch.
   */
  const drop = (reason: string) => {
    dropped = true;
    batch = [];
    const last = farewell ? Buffer.from(`${JSON.stringify(farewell(reason))}\n`) : undefined;
    res.end(last);
    const cut = setTimeout(() => res.destroy(), FAREWELL_MS);
    cut.unref();
    res.once('close', () => clearTimeout(cut));
  };
  const checkBacklog = () => {
    if (!bounds) return;
    if (res.writableLength > bounds.maxBacklogBytes) {
      const kb = Math.round(bounds.maxBacklogBytes / 1024);
      return drop(runInLanguage(language, () => t`this stream fell more than ${kb} KB behind (the reader is not reading) — reconnect and reload`));
    }
    if (stalledSince !== null && Date.now() - stalledSince > bounds.maxStallMs) {
      const seconds = Math.round(bounds.maxStallMs / 1000);
      drop(runInLanguage(language, () => t`this stream took nothing for ${seconds} s (the reader is suspended) — reconnect and reload`));
    }
  };
  const open = () => {
    if (res.headersSent || res.writableEnded) return;
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    res.flushHeaders();
  };
  const flush = () => {
    if (batch.length === 0) return;
    const lines = batch.length === 1 ? batch[0]! : Buffer.concat(batch);
    batch = [];
    if (res.writableEnded) return;
    open();
    if (!res.write(lines) && stalledSince === null) {
      stalledSince = Date.now();
      res.once('drain', () => (stalledSince = null));
    }
    checkBacklog();
  };
  return {
    open,
    header(name, value) {
      if (!res.headersSent) res.setHeader(name, value);
    },
    farewell(line) {
      farewell = line;
    },
    send(event) {
      if (dropped) return;
      if (batch.length === 0) setImmediate(flush);
      batch.push(lineOf(event));
    },
    end() {
      flush();
      open();
      if (!res.writableEnded) res.end();
    },
  };
}

// An event reaches every stream in one synchronous loop, so the last one is all there is to keep.
let lastLine: { event: unknown; line: Buffer } | null = null;
function lineOf(event: unknown): Buffer {
  if (lastLine !== null && lastLine.event === event) return lastLine.line;
  const line = Buffer.from(`${JSON.stringify(event)}\n`);
  lastLine = { event, line };
  return line;
}
