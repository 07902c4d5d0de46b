import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Origin } from '../core/origin.js';

/** How much of a request target the log keeps: enough to recognise the route, never a flood. */
const MAX_PATH_CHARS = 120;
const SUMMARY_MS = 60_000;
/** Requests that come on a timer from every open client (heartbeat acknowledgements). */
const ROUTINE = /^\/v1\/watch\/[^/]+\/alive$/;

/**
 * What the daemon writes about requests. A request whose caller proved who they are gets one
 * line (method, path without its query, status, time). Anyone else — no token, a wrong one —
 * could otherwise make the daemon write as fast as they can send, so theirs are only counted,
 * and once a minute one line says how many were refused.
 */
export class RequestLog {
  private readonly authenticated = new WeakSet<IncomingMessage>();
  private refused = 0;
  private answered = 0;
  private byStatus = new Map<number, number>();
  /** Unexpected failures of unauthenticated requests logged in this window (at most one). */
  private failuresLogged = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly summaryMs = SUMMARY_MS,
  ) {}

  /** The request's caller proved their identity (called by the API's authentication). */
  markAuthenticated(req: IncomingMessage): void {
    this.authenticated.add(req);
  }

  /** A request was answered (over the network, the line names the peer's address). */
  finished(req: IncomingMessage, status: number, ms: number, origin?: Origin): void {
    if (this.authenticated.has(req)) {
      const path = pathOf(req.url);
      // Every open inbox acknowledges each heartbeat: at info level they would crowd out the rest.
      const level = status < 400 && ROUTINE.test(path) ? 'debug' : 'info';
      const from = origin?.kind === 'tcp' ? { from: origin.address } : {};
      this.logger[level]({ method: req.method, path, status, ms, ...from }, 'request');
      return;
    }
    this.count(status);
  }

  /** A handler threw something unexpected (answered 500). */
  failed(req: IncomingMessage, err: unknown): void {
    // The failure is ours, so it is worth a line — but not one per unauthenticated request.
    if (this.authenticated.has(req) || this.failuresLogged++ < 1) {
      this.logger.error({ err, method: req.method, path: pathOf(req.url) }, 'request failed');
    }
  }

  /** Writes out the pending summary (on stop). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.summarise();
  }

  private count(status: number): void {
    if (status >= 400) this.refused++;
    else this.answered++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.summarise();
      }, this.summaryMs);
      this.timer.unref();
    }
  }

  private summarise(): void {
    if (this.refused === 0 && this.answered === 0) return;
    const byStatus = Object.fromEntries([...this.byStatus].map(([status, n]) => [String(status), n]));
    const minutes = this.summaryMs / 60_000;
    const window = minutes === 1 ? 'the last minute' : `the last ${Math.round(this.summaryMs / 1000)} s`;
    this.logger.warn(
      { refused: this.refused, answered: this.answered, byStatus },
      `${this.refused} unauthenticated request${this.refused === 1 ? '' : 's'} refused in ${window}${this.answered ? ` (${this.answered} answered, e.g. logins)` : ''}`,
    );
    this.refused = 0;
    this.answered = 0;
    this.byStatus = new Map();
    this.failuresLogged = 0;
  }
}

/** The path, cut to a bounded length, without the query (it may carry search text). */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0]!;
  return path.length <= MAX_PATH_CHARS ? path : `${path.slice(0, MAX_PATH_CHARS)}…`;
}
