import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import { buildPath, type AnyDeclaration, type DeclaredArgs, type DeclaredResult, type Method, type Wire } from '../api/declare.js';
import { ENGINE_OPERATIONS, SERVICE_OPERATIONS, type ServiceName, type ServiceOperationTable } from '../api/operations.js';
import {
  ACT_AS_HEADER,
  HEARTBEAT_HEADER,
  VERSION_HEADER,
  WATCH_ID_HEADER,
  type ApiErrorBody,
  type DaemonStatus,
  type WatchEvent,
  type WhoAmI,
} from '../api/protocol.js';
import { GuruError, type ErrorCode } from '../core/errors.js';
import type { LinkEvent } from '../core/link.js';
import type { ForgotResult } from '../core/recovery.js';
import type { LoginResult } from '../core/sessions.js';
import { clientFrom, type Client } from './client.js';
import { serverKey } from './server-address.js';
import { connectServer, type ServerEndpoint } from './tls-connect.js';

/**
 * Where the daemon is: its unix socket on this machine, or a server over TLS whose certificate
 * is pinned (or trusted by the system's CA store) — see `tls-connect.ts`.
 */
export type DaemonEndpoint = { socket: string; server?: undefined } | { server: ServerEndpoint; socket?: undefined };

export type DaemonClientOptions = DaemonEndpoint & {
  /** Bearer token: the owner token or a login session's. */
  token: string | null;
  version: string;
  /** Called once per client when the daemon runs a different version. */
  onVersionMismatch?: (daemonVersion: string) => void;
  /** With the owner token: act as this user's email (scripts' `--as`). */
  actAs?: string;
  /** How long a request may go unanswered before it fails (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
};

/**
 * A daemon that accepted the connection but never answers (a stuck event loop) must not hang a
 * script forever. Generous: the slowest legitimate request is far below it.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface WatchHandle {
  close(): void;
  /** Resolves when the stream ends (daemon stopped, or `close()`). */
  done: Promise<void>;
  /** A watch stream's id, for acknowledging its heartbeats. */
  id?: string;
  /** Set when the stream was cut because the daemon went silent past its heartbeat. */
  error?: GuruError;
}

// Only failures to connect at all mean "no daemon": after a reset mid-request the daemon may
// have applied the change, so that is reported, never retried elsewhere.
const NOT_LISTENING = new Set(['ENOENT', 'ECONNREFUSED']);

/** The typed client of the daemon's API: one method per route, errors back as GuruErrors. */
export class DaemonClient {
  private warned = false;

  constructor(readonly options: DaemonClientOptions) {}

  /** Every engine operation, derived from its declaration (so `client.users.add(...)` is `POST /v1/users`). */
  operations(): Client {
    const table: Record<string, AnyDeclaration> = ENGINE_OPERATIONS;
    return clientFrom((noun, verb, args) => {
      const declaration = table[`${noun}.${verb}`];
      if (!declaration) throw new Error(`unknown operation ${noun}.${verb}`);
      return this.send(declaration, args);
    });
  }

  status(): Promise<DaemonStatus> {
    return this.call('status');
  }

  async shutdown(): Promise<void> {
    await this.call('shutdown');
  }

  login(email: string, password: string): Promise<LoginResult> {
    return this.call('login', email, password);
  }

  /** Redeems an invite code: sets the password chosen and logs in. */
  redeemInvite(email: string, code: string, password: string): Promise<LoginResult> {
    return this.call('redeemInvite', email, code, password);
  }

  async logout(): Promise<void> {
    await this.call('logout');
  }

  /** Asks for a password recovery code by email (no credentials needed). */
  forgotPassword(email: string): Promise<ForgotResult> {
    return this.call('forgotPassword', email);
  }

  /** A recovery code and a new password: a new session, as a login's. */
  resetPassword(email: string, code: string, password: string): Promise<LoginResult> {
    return this.call('resetPassword', email, code, password);
  }

  whoami(): Promise<WhoAmI> {
    return this.call('whoami');
  }

  /**
   * Opens `GET /v1/watch`; `onEvent` gets each NDJSON line, the snapshot first. Each heartbeat
   * read is acknowledged: the daemon counts the user online only while that happens, so a
   * process that stops reading (suspended, wedged) stops counting even though its socket stays.
   */
  async watch(onEvent: (event: WatchEvent) => void): Promise<WatchHandle> {
    let id: string | undefined;
    const handle = await this.open('watch', [], (event) => {
      if (event.type === 'heartbeat' && id) this.call('watchAlive', id).catch(() => undefined);
      onEvent(event);
    });
    id = handle.id;
    return handle;
  }

  /** Links a phone: `onEvent` gets QR codes, progress and the outcome; closing cancels it. */
  link(phone: string, pairingCode: boolean, onEvent: (event: LinkEvent) => void): Promise<WatchHandle> {
    return this.open('link', [phone, pairingCode], onEvent);
  }

  /** Unlinks a phone; `loggedOut` says whether WhatsApp was told (only over a live connection). */
  unlink(phone: string): Promise<{ ok: true; loggedOut: boolean }> {
    return this.call('unlink', phone);
  }

  /** One of the daemon's own operations, as its declaration says. */
  private call<K extends ServiceName>(name: K, ...args: DeclaredArgs<ServiceOperationTable[K]>): Promise<DeclaredResult<ServiceOperationTable[K]>> {
    return this.send(SERVICE_OPERATIONS[name], args) as Promise<DeclaredResult<ServiceOperationTable[K]>>;
  }

  private open<K extends ServiceName>(
    name: K,
    args: DeclaredArgs<ServiceOperationTable[K]>,
    onEvent: (event: DeclaredResult<ServiceOperationTable[K]>) => void,
  ): Promise<WatchHandle> {
    const { method, path, body } = wireOf(SERVICE_OPERATIONS[name], args);
    return this.stream(method, path, body, onEvent);
  }

  private send(declaration: AnyDeclaration, args: readonly unknown[]): Promise<unknown> {
    const { method, path, body } = wireOf(declaration, args);
    return this.request(method, path, body);
  }

  /** An NDJSON response, one callback per line. */
  private stream<E>(method: Method, path: string, body: unknown, onEvent: (event: E) => void): Promise<WatchHandle> {
    return new Promise((resolve, reject) => {
      // A stream may run for hours, but its start (the response head) is bounded like any request.
      const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
      const timer = setTimeout(() => {
        reject(noAnswer(method, path, timeoutMs));
        exchange.cancel();
      }, timeoutMs);
      const exchange = this.exchange(method, path, body, (res) => {
        clearTimeout(timer);
        this.checkVersion(res.headers[VERSION_HEADER]);
        if ((res.statusCode ?? 500) >= 400) {
          collect(res).then((text) => reject(this.toError(res.statusCode ?? 500, text)), reject);
          return;
        }
        const req = exchange.req;
        let buffer = '';
        res.setEncoding('utf8');
        const id = res.headers[WATCH_ID_HEADER];
        const handle: WatchHandle = { close: () => req.destroy(), done: Promise.resolve(), ...(typeof id === 'string' ? { id } : {}) };
        const watchdog = heartbeatWatchdog(res.headers[HEARTBEAT_HEADER], () => {
          handle.error = silentStream(path, Number(res.headers[HEARTBEAT_HEADER]));
          req.destroy();
        });
        res.on('data', (chunk: string) => {
          watchdog?.refresh();
          buffer += chunk;
          for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line.trim()) onEvent(JSON.parse(line) as E);
          }
        });
        handle.done = new Promise<void>((r) => {
          res.on('close', () => r());
          res.on('error', () => r());
        }).finally(() => clearTimeout(watchdog));
        resolve(handle);
      });
      exchange.req.on('error', (err) => {
        clearTimeout(timer);
        reject(this.connectionError(err));
      });
    });
  }

  request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
      // One bound for the whole exchange (connect, handshake, send, answer), not per socket read.
      const timer = setTimeout(() => {
        reject(noAnswer(method, path, timeoutMs));
        exchange.cancel();
      }, timeoutMs);
      const settle =
        <A>(fn: (arg: A) => void) =>
        (arg: A) => {
          clearTimeout(timer);
          fn(arg);
        };
      const exchange = this.exchange(method, path, body, (res) => {
        this.checkVersion(res.headers[VERSION_HEADER]);
        collect(res).then(
          settle((text: string) => {
            const status = res.statusCode ?? 500;
            if (status >= 400) return reject(this.toError(status, text));
            resolve((text ? JSON.parse(text) : undefined) as T);
          }),
          settle(reject),
        );
      });
      exchange.req.on(
        'error',
        settle((err: NodeJS.ErrnoException) => reject(this.connectionError(err))),
      );
    });
  }

  /**
   * Sends one HTTP request on a connection of its own: the unix socket, or a TLS connection
   * that is handed to HTTP only once the server proved to be the trusted one. `cancel` also
   * stops a handshake still under way.
   */
  private exchange(method: Method, path: string, body: unknown, onResponse: (res: IncomingMessage) => void): { req: ClientRequest; cancel: () => void } {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = this.headers();
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    const handshake = new AbortController();
    const req = httpRequest({ ...this.route(handshake.signal), path, method, headers }, onResponse);
    req.end(payload);
    return {
      req,
      cancel: () => {
        handshake.abort();
        req.destroy();
      },
    };
  }

  /** How node's http reaches the daemon: a connection per request, never a pooled one. */
  private route(signal: AbortSignal): RequestOptions {
    const { server } = this.options;
    if (!server) return { socketPath: this.options.socket, agent: false };
    // http asks for the connection and waits for it (the callback form; no agent, or the
    // agent's own connect would be used): nothing is written until `connectServer` resolved,
    // which it does only for the pinned or CA-trusted certificate.
    const createConnection = (_options: unknown, done: (err: Error | null, socket?: Socket) => void) => {
      connectServer(server, signal).then(
        (socket) => done(null, socket),
        (err: Error) => done(err),
      );
      return undefined;
    };
    return { host: server.host, port: server.port, createConnection: createConnection as unknown as RequestOptions['createConnection'] };
  }

  /** Where the daemon is, for messages: the socket's path or the server's host:port. */
  get where(): string {
    return this.options.server ? serverKey(this.options.server) : this.options.socket;
  }

  /** The daemon's refusal; a remote one's "log in with `guru login`" names the server to log in to. */
  private toError(status: number, text: string): GuruError {
    const err = toError(status, text);
    if (!this.options.server || err.code !== 'unauthenticated') return err;
    return new GuruError(err.code, err.message.replaceAll('`guru login`', `\`guru login --server ${this.where}\``));
  }

  private connectionError(err: NodeJS.ErrnoException): GuruError {
    // Refusals of the connection itself (untrusted certificate, no server) are already ours.
    if (err instanceof GuruError) return err;
    return connectionError(this.where, err, this.options.server !== undefined);
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { [VERSION_HEADER]: this.options.version };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (this.options.actAs) headers[ACT_AS_HEADER] = this.options.actAs;
    return headers;
  }

  private checkVersion(theirs: string | string[] | undefined): void {
    if (typeof theirs !== 'string' || theirs === this.options.version || this.warned) return;
    this.warned = true;
    this.options.onVersionMismatch?.(theirs);
  }
}

/** A call as the request its declaration makes of it. */
function wireOf(declaration: AnyDeclaration, args: readonly unknown[]): { method: Method; path: string; body: unknown } {
  const wire = (declaration.encode as (...a: readonly unknown[]) => Wire)(...args);
  return { method: declaration.method, path: buildPath(declaration.path, wire.params, wire.query), body: wire.body };
}

function collect(res: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}

function toError(status: number, text: string): GuruError {
  try {
    const body = JSON.parse(text) as ApiErrorBody;
    if (body.error?.message) return new GuruError(body.error.code as ErrorCode, body.error.message);
  } catch {
    // not our error format: fall through
  }
  return new GuruError('internal', `the daemon answered ${status}: ${text.slice(0, 200)}`);
}

/** True when the failure means "no daemon there", so callers may fall back to the local path. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof GuruError && err.code === 'daemon_unreachable';
}

function connectionError(where: string, err: NodeJS.ErrnoException, remote: boolean): GuruError {
  if (!remote && err.code && NOT_LISTENING.has(err.code)) {
    return new GuruError('daemon_unreachable', `the Guru daemon is not running (no answer on ${where}) — start it with \`guru daemon start\``);
  }
  // The socket is the data dir owner's (mode 0600): nothing was sent, so nothing was applied.
  if (!remote && (err.code === 'EACCES' || err.code === 'EPERM')) {
    return new GuruError(
      'permission_denied',
      `permission denied connecting to the Guru daemon on ${where} — the socket belongs to another user; run guru as the data dir's owner, or choose your own data dir with --home`,
    );
  }
  const check = remote ? `\`guru --server ${where} whoami\`` : '`guru daemon status`';
  return new GuruError(
    'internal',
    `the connection to the daemon on ${where} broke (${err.code ?? err.message}) — the change may or may not have been applied; check with ${check} and a read`,
  );
}

/** A request the daemon accepted but never answered within the bound. */
function noAnswer(method: Method, path: string, timeoutMs: number): GuruError {
  const outcome = method === 'GET' ? 'nothing was changed' : 'the change may or may not have been applied; check with a read once it answers again';
  return new GuruError(
    'internal',
    `the daemon did not answer within ${seconds(timeoutMs)} s (${method} ${path.split('?')[0]}) — ${outcome}; see \`guru daemon status\` and the daemon log (daemon.log in the data dir)`,
  );
}

/**
 * A stream that announces heartbeats (its header says how often) is cut when nothing arrives
 * for two of them and a margin: the daemon is gone or stuck, and the reader should know.
 */
function heartbeatWatchdog(header: string | string[] | undefined, onSilence: () => void): NodeJS.Timeout | undefined {
  const every = Number(header);
  if (typeof header !== 'string' || !Number.isFinite(every) || every <= 0) return undefined;
  const timer = setTimeout(onSilence, 2 * every + 5_000);
  timer.unref();
  return timer;
}

function silentStream(path: string, every: number): GuruError {
  return new GuruError(
    'internal',
    `the daemon sent nothing on ${path} for ${seconds(2 * every + 5_000)} s (it sends a heartbeat every ${seconds(every)} s) — the stream was closed; check \`guru daemon status\``,
  );
}

/** 1500 → 1.5, 30000 → 30. */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
