import { createHash } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** What a TLS client sees of the daemon's door: the protocol agreed and the leaf certificate's fingerprint. */
export function peerCertificate(
  host: string,
  port: number,
  // localAddress: passed on to the TCP connection (tls.connect takes net.connect's options).
  options: ConnectionOptions & { localAddress?: string } = {},
): Promise<{ protocol: string | null; fingerprint: string; socket: TLSSocket }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, ...options }, () => {
      // From here on the server may drop it (that is what some tests wait for): observed through 'close'.
      socket.on('error', () => undefined);
      const der = socket.getPeerCertificate().raw;
      // Computed here, not with the product's function: sha256 of the DER, lowercase hex.
      resolve({ protocol: socket.getProtocol(), fingerprint: `sha256:${createHash('sha256').update(der).digest('hex')}`, socket });
    });
    socket.once('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('no TLS handshake within 10 s')));
  });
}

/** A TCP connection that then says nothing at all; resolves once connected. */
export function silentConnection(host: string, port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port, localAddress }, () => resolve(socket));
    socket.once('error', reject);
    // Whatever the server does later (refuse, time out) is observed through 'close'.
    socket.on('error', () => undefined);
  });
}

/** Resolves when the server has closed `socket` (we never close it ourselves). */
export function closedByServer(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve();
    socket.once('close', () => resolve());
    socket.once('end', () => resolve());
    socket.resume();
  });
}
