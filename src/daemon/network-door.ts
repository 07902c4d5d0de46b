import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { GuruError } from '../core/errors.js';
import { checkPlainListen, formatListen, type ListenAddress } from '../core/listen.js';
import { tcpOrigin, type Origin } from '../core/origin.js';
import type { ServedCertificate } from './certificate.js';
import { ConnectionGate, type ConnectionCaps } from './connection-gate.js';
import { answerClientError, boundWholeRequests, refuseConnect, sendError } from './http.js';
import { runInLanguage, t } from '../i18n/translate.js';
import { languageFromHeader } from '../i18n/language.js';

/** How long each stage of a network connection may take before it is dropped. */
export interface DoorTimeouts {
  /** From TCP accept to a finished TLS handshake. */
  handshakeMs: number;
  /** From the connection (or the previous answer) to the end of a request's headers. */
  headersMs: number;
  /** For a whole request, body included. */
  requestMs: number;
  /** An idle keep-alive connection between requests. */
  keepAliveMs: number;
}

export const DEFAULT_DOOR_TIMEOUTS: DoorTimeouts = { handshakeMs: 10_000, headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 };

export interface DoorOptions {
  listen: ListenAddress;
  /** The certificate to serve; null: plain HTTP, allowed only on loopback (a reverse proxy in front). */
  certificate: ServedCertificate | null;
  caps: ConnectionCaps;
  timeouts: DoorTimeouts;
  version: string;
  /** The daemon's one request handler, the same the unix socket uses. */
  handle(req: IncomingMessage, res: ServerResponse, origin: Origin): void;
}

/** What `guru daemon status` shows of the door. */
export interface DoorStatus {
  address: string;
  tls: boolean;
  fingerprint: string | null;
}

/**
 * The daemon's network door: the same router as the unix socket, over TCP with TLS 1.3 (or,
 * on loopback only, plain HTTP for a reverse proxy). What is particular to the network lives
 * here: the peer's address as the request's origin (the engine refuses the owner token and
 * `--as` from it), caps on connections per address and in all, and timeouts for every stage a
 * slow or silent client could hold a connection in.
 */
export class NetworkDoor {
  private constructor(
    readonly server: Server,
    readonly gate: ConnectionGate,
    readonly status: DoorStatus,
  ) {}

  static async open(options: DoorOptions): Promise<NetworkDoor> {
    const { certificate, timeouts } = options;
    if (!certificate) checkPlainListen(options.listen);
    const gate = new ConnectionGate(options.caps);
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      const refusal = gate.refusalFor(req.socket);
      if (refusal) {
        // Over a cap: this one answer, then Node ends the connection (no keep-alive).
        res.shouldKeepAlive = false;
        req.resume();
        return sendError(res, refusal.status, 'limit', runInLanguage(languageFromHeader(req.headers['accept-language']), refusal.message));
      }
      options.handle(req, res, tcpOrigin(req.socket.remoteAddress ?? 'unknown'));
    };
    // Node checks the header and request timeouts only every `connectionsCheckingInterval`;
    // it also starts the header clock at accept, so a connection that never sends a byte is
    // dropped after `headersMs` too.
    const httpOptions = { connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs), requireHostHeader: false };
    const server: Server = certificate
      ? createHttpsServer(
          {
            ...httpOptions,
            cert: certificate.cert,
            key: certificate.key,
            minVersion: 'TLSv1.3',
            handshakeTimeout: timeouts.handshakeMs,
          },
          onRequest,
        )
      : createHttpServer(httpOptions, onRequest);
    server.headersTimeout = timeouts.headersMs;
    boundWholeRequests(server, timeouts.requestMs, options.version);
    server.keepAliveTimeout = timeouts.keepAliveMs;
    // Counted at accept, before any TLS work is spent on it.
    server.on('connection', (socket: Socket) => gate.admit(socket, addressOf(socket)));
    // A failed handshake (TLS 1.2, a port scan, a timeout) is the client's business: the socket
    // is already destroyed, and logging each would let anyone fill the log.
    server.on('tlsClientError', () => undefined);
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, options.version));
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => refuseConnect(socket, options.version));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, options.listen)));
      server.listen({ host: options.listen.host, port: options.listen.port }, () => resolve());
    });
    const bound = server.address() as AddressInfo;
    const status: DoorStatus = {
      // The port actually bound (port 0 picks one), the host as asked (a name stays a name).
      address: formatListen({ host: options.listen.host, port: bound.port }),
      tls: certificate !== null,
      fingerprint: certificate?.fingerprint ?? null,
    };
    return new NetworkDoor(server, gate, status);
  }
}

function addressOf(socket: Socket): string {
  const origin = tcpOrigin(socket.remoteAddress ?? 'unknown');
  return origin.kind === 'tcp' ? origin.address : 'unknown';
}

function listenError(err: NodeJS.ErrnoException, listen: ListenAddress): Error {
  const where = formatListen(listen);
  switch (err.code) {
    case 'EADDRINUSE':
      return new GuruError('conflict', t`cannot listen on ${where}: the port is already in use — choose another with --listen`);
    case 'EADDRNOTAVAIL':
      return new GuruError(
        'invalid_input',
        t`cannot listen on ${where}: ${listen.host} is not an address of this machine — use one of its addresses, or 0.0.0.0 for all`,
      );
    case 'EACCES':
      return new GuruError('permission_denied', t`cannot listen on ${where}: ports below 1024 need privileges — use a higher port such as 7433`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new GuruError('invalid_input', t`cannot listen on ${where}: the host name ${listen.host} does not resolve — use an IP address or 0.0.0.0`);
    default:
      return new GuruError('internal', t`cannot listen on ${where}: ${err.message}`);
  }
}
