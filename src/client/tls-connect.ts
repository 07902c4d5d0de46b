import { isIP } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { GuruError } from '../core/errors.js';
import { fingerprintOf } from './fingerprint.js';
import { serverKey, type ServerAddress } from './server-address.js';
import { t } from '../i18n/translate.js';

/**
 * A server and how this client trusts it: `fingerprint` pins its certificate (ssh-style, set
 * on first contact); null trusts it through the system's CA store (a CA-signed certificate
 * for that host name — NODE_EXTRA_CA_CERTS adds a company CA).
 */
export interface ServerEndpoint extends ServerAddress {
  fingerprint: string | null;
}

/** What the server's certificate says about it, from a handshake alone. */
export interface ServerIdentity {
  fingerprint: string;
  /** The system's CA store trusts the certificate for this host name. */
  trustedBySystem: boolean;
  /** Why the system does not trust it (e.g. DEPTH_ZERO_SELF_SIGNED_CERT), when it does not. */
  untrustedBecause: string | null;
}

/** How long a handshake alone may take (the probe of `guru login`). */
export const HANDSHAKE_TIMEOUT_MS = 15_000;

/**
 * Opens a TLS 1.3 connection and checks who answered before anyone may write on it: the socket
 * is handed out only once the certificate matched the pin (or the system store trusted it);
 * otherwise it is destroyed and not one byte of HTTP was sent. (Node's own check runs after
 * the handshake too, but a request queued on the socket could leave with the handshake's
 * last flight; holding the socket back until the check is done leaves no such window.)
 */
export function connectServer(endpoint: ServerEndpoint, signal?: AbortSignal): Promise<TLSSocket> {
  // A server that accepts the connection but never finishes the handshake must not hold the
  // caller (nor keep the process alive) past the bound, whatever the request's own timeout.
  const bounded = AbortSignal.any([AbortSignal.timeout(HANDSHAKE_TIMEOUT_MS), ...(signal ? [signal] : [])]);
  return handshake(endpoint, bounded).then(({ socket, identity }) => {
    const refusal = refuse(endpoint, identity);
    if (!refusal) return socket;
    socket.destroy();
    throw refusal;
  });
}

/** First contact: a handshake only, no HTTP, to learn the certificate's fingerprint. */
export async function probeServer(address: ServerAddress, timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<ServerIdentity> {
  const { socket, identity } = await handshake({ ...address, fingerprint: null }, AbortSignal.timeout(timeoutMs));
  socket.destroy();
  return identity;
}

function handshake(endpoint: ServerEndpoint, signal?: AbortSignal): Promise<{ socket: TLSSocket; identity: ServerIdentity }> {
  const key = serverKey(endpoint);
  return new Promise((resolve, reject) => {
    // Verified by hand on 'secureConnect' (below), so the refusal can name the fingerprint.
    const socket = connect({
      host: endpoint.host,
      port: endpoint.port,
      ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
      minVersion: 'TLSv1.3',
      rejectUnauthorized: false,
    });
    const onAbort = () => {
      socket.destroy();
      reject(new GuruError('daemon_unreachable', t`${key} did not complete a TLS handshake in time — nothing was sent; check the address and your network`));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      signal?.removeEventListener('abort', onAbort);
      const cert = socket.getPeerCertificate();
      if (!cert?.raw) {
        socket.destroy();
        return reject(new GuruError('internal', t`${key} presented no certificate — nothing was sent; is it a Guru daemon with --listen?`));
      }
      // A string code at run time (e.g. DEPTH_ZERO_SELF_SIGNED_CERT), whatever the typings say.
      const reason = socket.authorizationError as unknown;
      resolve({
        socket,
        identity: {
          fingerprint: fingerprintOf(cert.raw),
          trustedBySystem: socket.authorized,
          untrustedBecause: socket.authorized ? null : String(reason ?? 'not trusted'),
        },
      });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(connectFailure(key, err));
    });
  });
}

/** The reason not to talk to this server, or null when its certificate is the one trusted. */
function refuse(endpoint: ServerEndpoint, identity: ServerIdentity): GuruError | null {
  const key = serverKey(endpoint);
  if (endpoint.fingerprint !== null) {
    return identity.fingerprint === endpoint.fingerprint ? null : changedFingerprint(key, endpoint.fingerprint, identity.fingerprint);
  }
  if (identity.trustedBySystem) return null;
  return new GuruError(
    'permission_denied',
    t`the certificate of ${key} is not trusted by this system's CA store (${identity.untrustedBecause}) — nothing was sent. It presents ${identity.fingerprint}; if the server's admin confirms that fingerprint (\`guru daemon status\` on the server), pin it: guru login --server ${key} --fingerprint ${identity.fingerprint}`,
  );
}

/** The loud refusal of a certificate that is not the pinned one. */
export function changedFingerprint(key: string, pinned: string, presented: string): GuruError {
  return new GuruError(
    'permission_denied',
    [
      t`THE CERTIFICATE OF ${key} HAS CHANGED — refused, nothing was sent.`,
      `  ${t`pinned:    ${pinned}`}`,
      `  ${t`presented: ${presented}`}`,
      t`Someone may be intercepting the connection, or the server got a new certificate. Ask the`,
      t`server's admin for the fingerprint that \`guru daemon status\` shows there; only if it is the`,
      t`presented one, re-pin it with:`,
      `  guru login --server ${key} --fingerprint ${presented}`,
    ].join('\n'),
  );
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE']);

/** A connection that failed before the handshake completed: nothing was sent. */
function connectFailure(key: string, err: NodeJS.ErrnoException): GuruError {
  if (err.code && UNREACHABLE.has(err.code)) {
    return new GuruError(
      'daemon_unreachable',
      t`no Guru server answers on ${key} (${err.code}) — check the address, and that its daemon runs with --listen (the admin's \`guru daemon status\` shows it)`,
    );
  }
  return new GuruError(
    'internal',
    t`${key} did not complete a TLS 1.3 handshake (${err.code ?? err.message}) — nothing was sent; is it a Guru daemon with --listen and TLS (not a plain HTTP port)?`,
  );
}
