import { request, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What came back from the daemon for one raw request. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Resolve as soon as the status line arrives and hang up (NDJSON streams never end). */
  headersOnly?: boolean;
  /** Fail (rather than hang) when no complete answer arrives within this many ms. */
  timeoutMs?: number;
}

/** The daemon's network door: TLS trusting `ca` (the served certificate), or plain HTTP with `ca: null`. */
export interface NetTarget {
  host: string;
  port: number;
  ca: string | null;
  /** The source address to connect from (127.0.0.2 … are other "machines" on one host). */
  localAddress?: string;
  /**
   * Reuse connections (one keep-alive agent per target): for suites of thousands of requests
   * whose subject is the answers, not the connections — a TLS handshake per request multiplied
   * the authorisation matrix's time by ~2.5. Tests of connection caps leave it off.
   */
  keepAlive?: boolean;
}

const agents = new Map<string, HttpsAgent>();
function keepAliveAgent(target: NetTarget): HttpsAgent {
  const key = `${target.host}:${target.port}:${target.localAddress ?? ''}:${target.ca ?? ''}`;
  const agent = agents.get(key) ?? new HttpsAgent({ keepAlive: true, maxSockets: 16, ...(target.ca ? { ca: target.ca } : {}) });
  agents.set(key, agent);
  return agent;
}

/**
 * One HTTP request over the daemon's unix socket (a path) or its network door, exactly as
 * given: no JSON encoding, no version header, no retries — for requests the typed client would
 * never send.
 */
export function rawRequest(target: string | NetTarget, req: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const timeoutMs = req.timeoutMs ?? 10_000;
    const common = { method: req.method, path: req.path, headers: req.headers, agent: false as const };
    const send = (cb: (res: IncomingMessage) => void) => {
      if (typeof target === 'string') return request({ ...common, socketPath: target }, cb);
      const where = { ...common, host: target.host, port: target.port, localAddress: target.localAddress };
      if (target.ca === null) return request(where, cb);
      return httpsRequest({ ...where, ca: target.ca, ...(target.keepAlive ? { agent: keepAliveAgent(target) } : {}) }, cb);
    };
    const r = send((res) => {
      const headers = res.headers as RawResponse['headers'];
      if (req.headersOnly) {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers, text: '' });
        r.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const timer = setTimeout(() => {
      r.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${req.method} ${req.path.slice(0, 200)}`));
    }, timeoutMs);
    r.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    r.end(req.body);
  });
}

/**
 * Runs `tasks` with at most `limit` in flight; results in input order. After a failure no new
 * task starts, and it rejects only once those in flight have ended — so a failed test leaves
 * nothing running into the next one.
 */
export async function boundedAll<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = await tasks[i]!();
      } catch (err) {
        next = tasks.length;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return results;
}
