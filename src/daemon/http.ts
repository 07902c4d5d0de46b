import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_BODY_BYTES, statusForError, VERSION_HEADER, type ApiErrorBody } from '../api/protocol.js';
import { contentDisposition } from '../api/content-disposition.js';
import type { Method, Upload } from '../api/declare.js';
import type { ByteSource, ByteStream } from '../core/bytes.js';
import { GuruError, isGuruError } from '../core/errors.js';
import type { Origin } from '../core/origin.js';
import { languageFromHeader } from '../i18n/language.js';
import { runInLanguage, t } from '../i18n/translate.js';

/**
 * HTTP plumbing for the API: a route table matched by method and path, bodies read with a size
 * cap, JSON in and out — or, on upload and download routes, raw bytes streamed in or out — and
 * every failure answered as `{error:{code,message}}` with its status.
 */
export interface Request {
  raw: IncomingMessage;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body (undefined on GET and on upload routes). */
  body: unknown;
  /** An upload route's body, read as the handler reads it, within the route's cap. */
  bytes: ByteSource;
  /** The bearer token, if any. */
  token: string | null;
  /** Which door it came through: the unix socket, or TCP from a peer's address. */
  origin: Origin;
}

export type Handler = (req: Request, res: ServerResponse) => Promise<unknown>;

/** A handler's result is sent as JSON, unless it took over the response (streams) and says so. */
export const STREAMING = Symbol('streaming');

/** How a route's request and answer travel when not as JSON. */
export interface RouteOptions {
  /** The request body is raw bytes for the handler to stream (`Request.bytes`), at most `maxBytes`. */
  upload?: Upload;
  /** The handler answers a `ByteStream`, sent as raw bytes with its headers. */
  download?: boolean;
}

interface CompiledRoute {
  method: Method;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  options: RouteOptions;
}

export class Router {
  private routes: CompiledRoute[] = [];

  constructor(private readonly version: string) {}

  add(method: Method, path: string, handler: Handler, options: RouteOptions = {}): void {
    const keys = Array.from(path.matchAll(/:(\w+)/g), (m) => m[1]!);
    const pattern = new RegExp(`^${path.replace(/:\w+/g, '([^/]+)')}$`);
    this.routes.push({ method, pattern, keys, handler, options });
  }

  /** Serves one request, in the language its caller reads (what the engine says is made in it). */
  handle(raw: IncomingMessage, res: ServerResponse, origin: Origin): Promise<void> {
    return runInLanguage(languageFromHeader(raw.headers['accept-language']), () => this.serve(raw, res, origin));
  }

  private async serve(raw: IncomingMessage, res: ServerResponse, origin: Origin): Promise<void> {
    res.setHeader(VERSION_HEADER, this.version);
    let upload: UploadBody | null = null;
    try {
      const url = requestUrl(raw.url ?? '/');
      const matches = this.routes.filter((r) => r.pattern.test(url.pathname));
      if (matches.length === 0) throw new GuruError('not_found', t`no such API route: ${raw.method} ${url.pathname}`);
      const route = matches.find((r) => r.method === raw.method);
      if (!route) {
        res.setHeader('allow', matches.map((r) => r.method).join(', '));
        return sendError(res, 405, 'usage', t`${raw.method} is not allowed on ${url.pathname}`);
      }
      const values = route.pattern.exec(url.pathname)!.slice(1);
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeSegment(values[i]!)]));
      const { upload: uploadOptions, download } = route.options;
      // An upload is not read here: the handler streams it once the caller is known. A length
      // announced over the cap is refused before anything is read or anyone authenticated.
      if (uploadOptions) upload = new UploadBody(raw, uploadOptions.maxBytes);
      const body = raw.method === 'GET' || upload ? undefined : await readJsonBody(raw);
      const auth = raw.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
      const bytes = upload ?? NO_BYTES;
      const result = await route.handler({ raw, params, query: Object.fromEntries(url.searchParams), body, bytes, token, origin }, res);
      // An answer before the whole upload was read (the handler did not need the rest).
      if (upload && !raw.complete) discardTheRest(raw, res);
      if (result === STREAMING) return;
      if (download) return await sendBytes(res, result as ByteStream);
      sendJson(res, 200, result ?? { ok: true });
    } catch (err) {
      // However the handler reported it, an upload that broke its cap or lost its sender is that.
      const failure = upload?.failure ?? err;
      // The caller hung up mid-body: nobody is left to answer, and it is not our failure.
      if (failure instanceof ClientGone) return void res.destroy();
      if (failure instanceof BodyTooLarge) {
        discardTheRest(raw, res);
        sendError(res, 413, 'invalid_input', t`request body too large (limit ${failure.limit} bytes)`);
        return;
      }
      if (upload && !raw.complete) discardTheRest(raw, res);
      if (isGuruError(err)) return sendError(res, statusForError(err.code), err.code, err.message);
      throw err; // the server logs it and answers 500
    }
  }
}

/**
 * An upload route's request body as the handler reads it: chunk by chunk as they arrive (the
 * socket is read no faster than the handler consumes), failing once more than `maxBytes` came.
 * What went wrong is kept, so the answer is a 413 (or nothing, for a caller who hung up)
 * whatever the handler made of the error.
 */
class UploadBody implements ByteSource {
  failure: BodyTooLarge | ClientGone | null = null;
  private read = false;

  constructor(
    private readonly raw: IncomingMessage,
    private readonly maxBytes: number,
  ) {
    const declared = Number(raw.headers['content-length'] ?? 0);
    if (declared > maxBytes) throw new BodyTooLarge(maxBytes);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.read) throw new Error('an upload body can be read only once');
    this.read = true;
    const stall = this.boundByProgress();
    let size = 0;
    try {
      for await (const chunk of this.raw.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        stall?.refresh();
        size += chunk.length;
        if (size > this.maxBytes) throw new BodyTooLarge(this.maxBytes);
        yield chunk;
      }
    } catch (err) {
      this.failure = err instanceof BodyTooLarge ? err : new ClientGone();
      throw this.failure;
    } finally {
      clearTimeout(stall);
    }
  }

  /**
   * A request is bounded as a whole (`boundWholeRequests`): right against a client who dribbles,
   * wrong for a 100 MB document over a slow link. The handler reads only once the caller is
   * authenticated; from then on this request is bounded by progress instead: the same time at
   * most between two chunks, or it is cut.
   */
  private boundByProgress(): NodeJS.Timeout | undefined {
    const bound = wholeRequestBounds.get(this.raw);
    if (!bound) return undefined;
    clearTimeout(bound.timer);
    return setTimeout(() => this.raw.destroy(new Error('upload stalled')), bound.ms).unref();
  }
}

/** Each request's whole-request timer, which an upload being read trades for a progress bound. */
const wholeRequestBounds = new WeakMap<IncomingMessage, { ms: number; timer: NodeJS.Timeout }>();

/**
 * Bounds every request of `server` to `ms` from its headers to its last body byte, as Node's
 * `requestTimeout` would — but as a timer of ours, because Node's cannot be lifted for one
 * request, and an authenticated upload must be bounded by its progress instead
 * (`UploadBody.boundByProgress`). Node's header timeout stays in force (it works without
 * `requestTimeout`). Past the bound: a 408, as Node answers, then the connection ends.
 */
export function boundWholeRequests(server: Server, ms: number, version: string): void {
  server.requestTimeout = 0;
  server.prependListener('request', (raw: IncomingMessage) => {
    if (raw.complete) return;
    const timer = setTimeout(() => {
      if (raw.complete) return;
      const late = Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
      answerClientError(late, raw.socket, version);
    }, ms).unref();
    const done = () => clearTimeout(timer);
    raw.once('end', done);
    raw.once('close', done);
    wholeRequestBounds.set(raw, { ms, timer });
  });
}

/** `Request.bytes` of a route that takes no upload: a bug to read. */
const NO_BYTES: ByteSource = {
  [Symbol.asyncIterator]() {
    throw new Error('this route takes no upload body');
  },
};

/**
 * A download: its headers, then the bytes as they are read (backpressure from the socket; the
 * source is closed when the caller hangs up). A source failing midway cuts the connection, so
 * the caller sees a short body against its content-length, never a complete-looking one.
 */
async function sendBytes(res: ServerResponse, file: ByteStream): Promise<void> {
  res.writeHead(200, {
    'content-type': safeContentType(file.contentType),
    'content-length': file.size,
    'content-disposition': contentDisposition(file.fileName),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  });
  try {
    await pipeline(file.body, res);
  } catch (err) {
    res.destroy();
    // The caller went away: theirs to retry, not a failure of ours.
    if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' || res.socket === null || res.socket.destroyed) return;
    throw err;
  }
}

/** A MIME type as a header may carry it; whatever else a sender claimed becomes octet-stream. */
function safeContentType(type: string): string {
  return /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=[\w.+-]+)*$/.test(type) ? type : 'application/octet-stream';
}

/**
 * The request target as a URL. `new URL` reads a target starting with `//` as an authority
 * (`//x/y` is host "x") and throws on one it cannot parse (`//`): that is the caller's mistake,
 * a 400, not a 500.
 */
function requestUrl(target: string): URL {
  // `new URL` resolves dot segments, encoded ones too: `/v1/users/%2E%2E/logout` would become
  // `/v1/logout` and be answered as that. A path means what it says, or it is refused.
  const path = target.split(/[?#]/, 1)[0]!;
  if (path.split('/').some((segment) => DOT_SEGMENT.test(segment))) {
    throw new GuruError('invalid_input', t`malformed request target "${target.slice(0, 200)}": "." and ".." are not path segments here`);
  }
  try {
    return new URL(target, 'http://guru');
  } catch {
    throw new GuruError('invalid_input', t`malformed request target "${target.slice(0, 200)}"`);
  }
}

/** `.` or `..`, also percent-encoded (`%2e`, `%2E%2e`, `.%2E`…). */
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;

class BodyTooLarge extends Error {
  constructor(readonly limit: number = MAX_BODY_BYTES) {
    super(`request body too large (limit ${limit} bytes)`);
  }
}
class ClientGone extends Error {}

/** How long a refused upload may keep sending after its 413 before the connection is cut. */
const LINGER_MS = 1_000;

/**
 * After a 413 the client is usually still sending its body. Closing the connection at once
 * makes its next write fail (EPIPE), and clients then drop the 413 they have not read yet —
 * under load, most of them did. So: discard what still arrives, end our side once the answer
 * is out (the client reads the 413, then end of stream), and cut the connection shortly after.
 */
function discardTheRest(raw: IncomingMessage, res: ServerResponse): void {
  raw.resume();
  res.once('finish', () => {
    raw.socket.end();
    setTimeout(() => raw.socket.destroy(), LINGER_MS).unref();
  });
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GuruError('invalid_input', t`malformed path segment "${segment}"`);
  }
}

/** Reads a JSON body of at most MAX_BODY_BYTES; an empty body is `undefined`. */
async function readJsonBody(raw: IncomingMessage): Promise<unknown> {
  const declared = Number(raw.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // destroyOnReturn: false — leaving the loop early (too large) must not destroy the
    // request, and with it the socket the 413 is about to be written to.
    for await (const chunk of raw.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof BodyTooLarge) throw err;
    // Reading the request only fails when its connection does ("aborted"): a half-sent
    // request is the client's doing, not a 500 and an error in the daemon's log.
    throw new ClientGone();
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GuruError('invalid_input', t`request body is not valid JSON (${(err as Error).message})`);
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return void res.end();
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendError(res: ServerResponse, status: number, code: ApiErrorBody['error']['code'], message: string): void {
  sendJson(res, status, { error: { code, message } } satisfies ApiErrorBody);
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (a malformed request line,
 * headers over the size limit, headers that never finish arriving, a body cut short) get the
 * API's error format and version header, not Node's bare status line. Like Node's default
 * handler, nothing is written once a response to this socket has started.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, version: string): void {
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (err.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
    const [status, message] =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, t`request headers too large`]
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, t`the request did not arrive in time`]
          : [400, err.code ? t`malformed HTTP request (${err.code})` : t`malformed HTTP request`];
    socket.write(rawError(status, message, version));
  }
  socket.destroy();
}

/** `CONNECT` is not an API method; without this, Node would drop the connection unanswered. */
export function refuseConnect(socket: Duplex, version: string): void {
  if (socket.writable) socket.write(rawError(405, t`CONNECT is not allowed`, version));
  socket.destroy();
}

function rawError(status: number, message: string, version: string): string {
  const body = JSON.stringify({ error: { code: 'usage', message } } satisfies ApiErrorBody);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n${VERSION_HEADER}: ${version}\r\n\r\n${body}`
  );
}
