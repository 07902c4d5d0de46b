import type { ServerResponse } from 'node:http';

/** Where a streaming operation writes its events; `end` finishes the response. */
export interface EventSink<E> {
  send(event: E): void;
  end(): void;
  /** Sets a response header; only before the first event. */
  header(name: string, value: string): void;
  /** Sends the response head now (the client bounds its wait for a stream's start). */
  open(): void;
}

/**
 * An NDJSON response. Lines produced in one turn of the event loop leave in one write (a burst
 * of messages is many events; a write per line cost more than the rest of the path together).
 * Each event is encoded once for every stream it goes to (`lineOf`): turning the same text into
 * bytes per stream was, with ten watchers, the largest cost left in the profile. Headers go out
 * with the first write, or at `open()` — so a refusal before that is still a JSON error.
 */
export function ndjsonStream<E>(res: ServerResponse): EventSink<E> {
  let batch: Buffer[] = [];
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
    res.write(lines);
  };
  return {
    open,
    header(name, value) {
      if (!res.headersSent) res.setHeader(name, value);
    },
    send(event) {
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
