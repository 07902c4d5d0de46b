import type { PhoneHealth } from '../core/phone-health.js';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import { fileNameOf } from '../api/content-disposition.js';
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
import type { ByteSource, ByteStream } from '../core/bytes.js';
import { GuruError, type ErrorCode } from '../core/errors.js';
import type { LinkEvent } from '../core/link.js';
import type { ForgotResult } from '../core/recovery.js';
import type { LoginResult } from '../core/sessions.js';
import { currentLanguage, t } from '../i18n/translate.js';
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
  /**
   * Other servers of the same installation (daemons on one database): when the one in use cannot
   * be connected to, the next is tried — before anything is sent, so any request may move.
   */
  alternates?: ServerEndpoint[];
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

  /** Each number's health (or `number`'s), as the daemon saw it since it started. */
  phoneHealth(number?: string): Promise<PhoneHealth[]> {
    return this.call('phoneHealth', number);
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

  /** Any declared operation (also one outside the tables: a test transport's controls), as its declaration says. */
  declared<D extends AnyDeclaration>(declaration: D, ...args: DeclaredArgs<D>): Promise<DeclaredResult<D>> {
    return this.send(declaration, args) as Promise<DeclaredResult<D>>;
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
    const { method, path, payload } = wireOf(SERVICE_OPERATIONS[name], args);
    return this.stream(method, path, payload, onEvent);
  }

  private send(declaration: AnyDeclaration, args: readonly unknown[]): Promise<unknown> {
    const { method, path, payload } = wireOf(declaration, args);
    return declaration.download ? this.download(method, path, payload) : this.json(method, path, payload);
  }

  /** An NDJSON response, one callback per line. */
  private stream<E>(method: Method, path: string, payload: Payload, onEvent: (event: E) => void): Promise<WatchHandle> {
    return new Promise((resolve, reject) => {
      // A stream may run for hours, but its start (the response head) is bounded like any request.
      const exchange = this.exchange(method, path, payload, (res) => {
        exchange.settled();
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
      exchange.failed.catch(reject);
    });
  }

  request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    return this.json(method, path, { json: body }) as Promise<T>;
  }

  /** A JSON answer. One bound for the whole exchange (connect, handshake, send, answer), not per socket read. */
  private json(method: Method, path: string, payload: Payload): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const exchange = this.exchange(method, path, payload, (res) => {
        this.checkVersion(res.headers[VERSION_HEADER]);
        collect(res).then(
          (text: string) => {
            exchange.settled();
            const status = res.statusCode ?? 500;
            if (status >= 400) return reject(this.toError(status, text));
            resolve(text ? JSON.parse(text) : undefined);
          },
          (err: NodeJS.ErrnoException) => {
            exchange.settled();
            reject(this.connectionError(err));
          },
        );
      });
      exchange.failed.catch(reject);
    });
  }

  /**
   * A download: resolves once the daemon answered with the file's headers; its `body` yields the
   * bytes as they arrive (never all in memory), and fails if they stall past the request timeout
   * or end short of the announced length.
   */
  private download(method: Method, path: string, payload: Payload): Promise<ByteStream> {
    return new Promise<ByteStream>((resolve, reject) => {
      const exchange = this.exchange(
        method,
        path,
        payload,
        (res) => {
          exchange.settled();
          this.checkVersion(res.headers[VERSION_HEADER]);
          const status = res.statusCode ?? 500;
          if (status >= 400) {
            collect(res).then(
              (text) => reject(this.toError(status, text)),
              (err: NodeJS.ErrnoException) => reject(this.connectionError(err)),
            );
            return;
          }
          const size = Number(res.headers['content-length']);
          if (res.headers['content-length'] === undefined || !Number.isSafeInteger(size) || size < 0) {
            exchange.cancel();
            return reject(new GuruError('internal', t`the daemon answered ${method} ${path.split('?')[0]} without the file's length — nothing was read`));
          }
          resolve({
            contentType: res.headers['content-type'] ?? 'application/octet-stream',
            size,
            fileName: fileNameOf(res.headers['content-disposition']),
            body: checkedBody(res, size, exchange.cancel, this.where),
          });
        },
        { idle: true },
      );
      exchange.failed.catch(reject);
    });
  }

  /**
   * Sends one HTTP request on a connection of its own: the unix socket, or a TLS connection
   * that is handed to HTTP only once the server proved to be the trusted one. `failed` rejects
   * when the connection fails or no answer came within the timeout, until `settled()` says the
   * caller has what it waited for. `cancel` also stops a handshake still under way.
   *
   * An upload's bytes are written as the source yields them (never all in memory), and its
   * timeout starts once they are all sent; while they go, and while a download's bytes come
   * (`idle`), a connection silent for the timeout fails instead.
   */
  private exchange(method: Method, path: string, payload: Payload, onResponse: (res: IncomingMessage) => void, options: { idle?: boolean } = {}): Exchange {
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const headers: Record<string, string | number> = this.headers();
    const json = 'json' in payload && payload.json !== undefined ? JSON.stringify(payload.json) : undefined;
    if (json !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(json);
    }
    const upload = 'bytes' in payload ? payload : null;
    if (upload) {
      headers['content-type'] = 'application/octet-stream';
      if (upload.size !== undefined) headers['content-length'] = upload.size;
    }
    const handshake = new AbortController();
    let answered = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let fail!: (err: GuruError) => void;
    const failed = new Promise<never>((_, reject) => {
      fail = (err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      };
    });
    const req = httpRequest({ ...this.route(handshake.signal), path, method, headers }, (res) => {
      answered = true;
      // An upload refused before it was all sent: once the answer is read, the connection is done.
      if (upload) res.once('end', () => !req.writableFinished && req.destroy());
      onResponse(res);
    });
    const cancel = () => {
      handshake.abort();
      req.destroy();
    };
    const startTimer = () => {
      if (settled) return;
      timer = setTimeout(() => {
        fail(noAnswer(method, path, timeoutMs));
        cancel();
      }, timeoutMs);
    };
    req.on('error', (err: NodeJS.ErrnoException) => {
      // After a refusal the daemon stops reading an upload: writing on is no failure of the call.
      if (!answered) fail(this.connectionError(err));
    });
    if (upload || options.idle) {
      req.setTimeout(timeoutMs, () => {
        if (!answered || options.idle) req.destroy(stalled(method, path, timeoutMs));
      });
    }
    if (!upload) {
      req.end(json);
      startTimer();
    } else {
      writeBytes(req, upload.bytes, () => answered).then(
        () => {
          if (!answered) startTimer();
        },
        (err: Error) => {
          fail(
            new GuruError('internal', t`reading what was to be uploaded failed (${(err as NodeJS.ErrnoException).code ?? err.message}) — nothing was stored`),
          );
          cancel();
        },
      );
    }
    return {
      req,
      cancel,
      failed,
      settled: () => {
        settled = true;
        clearTimeout(timer);
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
    const servers = [server, ...(this.options.alternates ?? [])];
    const createConnection = (_options: unknown, done: (err: Error | null, socket?: Socket) => void) => {
      this.connectAny(servers, signal).then(
        (socket) => done(null, socket),
        (err: Error) => done(err),
      );
      return undefined;
    };
    const current = servers[this.current] ?? server;
    return { host: current.host, port: current.port, createConnection: createConnection as unknown as RequestOptions['createConnection'] };
  }

  /** Which of the servers answered last: the next request starts there. */
  private current = 0;

  /**
   * A connection to the server in use, else to the next that takes one, in turn. A certificate
   * that is not the pinned one is never passed over: that refusal is reported as it is.
   */
  private async connectAny(servers: ServerEndpoint[], signal: AbortSignal): Promise<Socket> {
    let first: Error | null = null;
    for (let i = 0; i < servers.length; i++) {
      const at = (this.current + i) % servers.length;
      try {
        const socket = await connectServer(servers[at]!, signal);
        this.current = at;
        return socket;
      } catch (err) {
        if (err instanceof GuruError && err.code === 'permission_denied') throw err;
        first ??= err as Error;
        if (signal.aborted) break;
      }
    }
    throw first ?? new Error('no server');
  }

  /** Where the daemon is, for messages: the socket's path or the server's host:port (the one in use, of several). */
  get where(): string {
    const server = this.options.server ? ([this.options.server, ...(this.options.alternates ?? [])][this.current] ?? this.options.server) : null;
    return server ? serverKey(server) : this.options.socket!;
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
    // The daemon answers (its refusals above all) in the language this person reads.
    const headers: Record<string, string> = { [VERSION_HEADER]: this.options.version, 'accept-language': currentLanguage() };
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

/** What a request carries: JSON (or nothing), or an upload's raw bytes. */
type Payload = { json: unknown } | { bytes: ByteSource; size?: number | undefined };

interface Exchange {
  req: ClientRequest;
  cancel(): void;
  /** Rejects with the connection's failure or the timeout, until `settled()`. */
  failed: Promise<never>;
  settled(): void;
}

/** A call as the request its declaration makes of it. */
function wireOf(declaration: AnyDeclaration, args: readonly unknown[]): { method: Method; path: string; payload: Payload } {
  const wire = (declaration.encode as (...a: readonly unknown[]) => Wire)(...args);
  const path = buildPath(declaration.path, wire.params, wire.query);
  if (!declaration.upload) return { method: declaration.method, path, payload: { json: wire.body } };
  if (!wire.bytes) throw new Error(`${declaration.method} ${declaration.path} takes an upload: its encode must give the bytes`);
  return { method: declaration.method, path, payload: { bytes: wire.bytes, size: wire.size } };
}

/**
 * Writes an upload as its source yields it, waiting for the connection to drain (the daemon
 * reads no faster than it stores). Stops early, closing the source, once the daemon answered
 * (a refusal: credentials, size) — the rest is not wanted.
 */
async function writeBytes(req: ClientRequest, bytes: ByteSource, answered: () => boolean): Promise<void> {
  for await (const chunk of bytes) {
    if (answered() || req.destroyed) return;
    if (!req.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          req.off('drain', done);
          req.off('close', done);
          resolve();
        };
        req.on('drain', done);
        req.on('close', done);
      });
    }
  }
  if (!req.destroyed) req.end();
}

/**
 * A download's bytes as they arrive, checked: a connection cut or stalled midway, or a body
 * shorter than its announced length, fails the reader rather than passing for the whole file.
 * A reader who stops early closes the connection.
 */
async function* checkedBody(res: IncomingMessage, size: number, cancel: () => void, where: string): AsyncGenerator<Uint8Array> {
  let received = 0;
  let complete = false;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      received += chunk.length;
      yield chunk;
    }
    complete = received === size;
  } catch (err) {
    if (err instanceof GuruError) throw err;
    throw cutShort(received, size, where, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
  } finally {
    if (!complete) cancel();
  }
  if (!complete) throw cutShort(received, size, where, t`the connection ended`);
}

function cutShort(received: number, size: number, where: string, why: string): GuruError {
  return new GuruError('internal', t`the download from ${where} broke off after ${received} of ${size} bytes (${why}) — try again`);
}

/** A transfer (an upload's bytes, a download's) during which the connection went silent. */
function stalled(method: Method, path: string, timeoutMs: number): GuruError {
  return new GuruError(
    'internal',
    t`the transfer stalled: nothing moved for ${seconds(timeoutMs)} s (${method} ${path.split('?')[0]}) — see \`guru daemon status\`, then try again`,
  );
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
  return new GuruError('internal', t`the daemon answered ${status}: ${text.slice(0, 200)}`);
}

/** True when the failure means "no daemon there", so callers may fall back to the local path. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof GuruError && err.code === 'daemon_unreachable';
}

function connectionError(where: string, err: NodeJS.ErrnoException, remote: boolean): GuruError {
  if (!remote && err.code && NOT_LISTENING.has(err.code)) {
    return new GuruError('daemon_unreachable', t`the Guru daemon is not running (no answer on ${where}) — start it with \`guru daemon start\``);
  }
  // The socket is the data dir owner's (mode 0600): nothing was sent, so nothing was applied.
  if (!remote && (err.code === 'EACCES' || err.code === 'EPERM')) {
    return new GuruError(
      'permission_denied',
      t`permission denied connecting to the Guru daemon on ${where} — the socket belongs to another user; run guru as the data dir's owner, or choose your own data dir with --home`,
    );
  }
  const check = remote ? `\`guru --server ${where} whoami\`` : '`guru daemon status`';
  return new GuruError(
    'internal',
    t`the connection to the daemon on ${where} broke (${err.code ?? err.message}) — the change may or may not have been applied; check with ${check} and a read`,
  );
}

/** A request the daemon accepted but never answered within the bound. */
function noAnswer(method: Method, path: string, timeoutMs: number): GuruError {
  const outcome = method === 'GET' ? t`nothing was changed` : t`the change may or may not have been applied; check with a read once it answers again`;
  return new GuruError(
    'internal',
    t`the daemon did not answer within ${seconds(timeoutMs)} s (${method} ${path.split('?')[0]}) — ${outcome}; see \`guru daemon status\` and the daemon log (daemon.log in the data dir)`,
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
    t`the daemon sent nothing on ${path} for ${seconds(2 * every + 5_000)} s (it sends a heartbeat every ${seconds(every)} s) — the stream was closed; check \`guru daemon status\``,
  );
}

/** 1500 → 1.5, 30000 → 30. */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
