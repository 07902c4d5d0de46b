import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, statusForError, VERSION_HEADER, type ApiErrorBody } from '../api/protocol.js';
import type { Method } from '../api/routes.js';
import { GuruError, isGuruError } from '../core/errors.js';

/**
 * HTTP plumbing for the API: a route table matched by method and path, bodies read with a size
 * cap, JSON in and out, and every failure answered as `{error:{code,message}}` with its status.
 */
export interface Request {
  raw: IncomingMessage;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** The bearer token, if any. */
  token: string | null;
}

export type Handler = (req: Request, res: ServerResponse) => Promise<unknown>;

/** A handler's result is sent as JSON, unless it took over the response (streams) and says so. */
export const STREAMING = Symbol('streaming');

interface CompiledRoute {
  method: Method;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export class Router {
  private routes: CompiledRoute[] = [];

  constructor(private readonly version: string) {}

  add(method: Method, path: string, handler: Handler): void {
    const keys: string[] = [];
    const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, key: string) => (keys.push(key), '([^/]+)'))}$`);
    this.routes.push({ method, pattern, keys, handler });
  }

  async handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader(VERSION_HEADER, this.version);
    try {
      const url = new URL(raw.url ?? '/', 'http://guru');
      const matches = this.routes.filter((r) => r.pattern.test(url.pathname));
      if (matches.length === 0) throw new GuruError('not_found', `no such API route: ${raw.method} ${url.pathname}`);
      const route = matches.find((r) => r.method === raw.method);
      if (!route) {
        res.setHeader('allow', matches.map((r) => r.method).join(', '));
        return sendError(res, 405, 'usage', `${raw.method} is not allowed on ${url.pathname}`);
      }
      const values = route.pattern.exec(url.pathname)!.slice(1);
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeSegment(values[i]!)]));
      const body = raw.method === 'GET' ? undefined : await readJsonBody(raw);
      const auth = raw.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
      const result = await route.handler({ raw, params, query: Object.fromEntries(url.searchParams), body, token }, res);
      if (result === STREAMING) return;
      sendJson(res, 200, result ?? { ok: true });
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        sendError(res, 413, 'invalid_input', `request body too large (limit ${MAX_BODY_BYTES} bytes)`);
        raw.destroy();
        return;
      }
      if (isGuruError(err)) return sendError(res, statusForError(err.code), err.code, err.message);
      throw err; // the server logs it and answers 500
    }
  }
}

class BodyTooLarge extends Error {}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GuruError('invalid_input', `malformed path segment "${segment}"`);
  }
}

/** Reads a JSON body of at most MAX_BODY_BYTES; an empty body is `undefined`. */
async function readJsonBody(raw: IncomingMessage): Promise<unknown> {
  const declared = Number(raw.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GuruError('invalid_input', `request body is not valid JSON (${(err as Error).message})`);
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
