import { usage } from './errors.js';
import { t } from '../i18n/translate.js';

/** Where the daemon listens for the network: a host (name, IPv4, or IPv6 without brackets) and a port. */
export interface ListenAddress {
  host: string;
  port: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
// Loose on purpose: the socket layer is the judge of an IPv6 address; this only tells it apart.
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * Reads `HOST:PORT` (`guru.acme.com:7433`, `0.0.0.0:7433`, `[::1]:7433`). The host is never
 * implied: listening on every interface is a decision, written as `0.0.0.0` or `[::]`. Port 0
 * (any free port, for tests) only where `anyPort` allows it: a stored address must be one
 * clients can be told.
 */
export function parseListen(text: string, what = '--listen', anyPort = false): ListenAddress {
  const hint = t`${what} takes HOST:PORT, e.g. 0.0.0.0:7433 or guru.acme.com:7433 ([::1]:7433 for IPv6)`;
  const trimmed = text.trim();
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(trimmed);
  if (!match) throw usage(t`${hint} — got "${trimmed.slice(0, 100)}"`);
  const [, v6, other, portText] = match;
  const host = v6 ?? other!;
  if (host === '') throw usage(t`${hint} — the host is missing (0.0.0.0 listens on every interface)`);
  if (v6 !== undefined ? !IPV6.test(host) : !(IPV4.test(host) || HOSTNAME.test(host))) {
    throw usage(t`${hint} — "${host.slice(0, 100)}" is not a host name or IP address`);
  }
  const port = Number(portText);
  if (port > 65535 || (port === 0 && !anyPort)) throw usage(t`${hint} — the port must be 1 to 65535 (got ${portText})`);
  return { host: host.toLowerCase(), port };
}

/** `HOST:PORT` again, IPv6 in brackets. */
export function formatListen({ host, port }: ListenAddress): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Only this machine can connect to it: localhost, 127.0.0.0/8, ::1 (also IPv4-mapped). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^::ffff:/, '');
  return h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1' || (IPV4.test(h) && h.startsWith('127.'));
}

/** Listening on every interface (`0.0.0.0`, `::`): the certificate should name this machine too. */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || /^(0*:)+0*$/.test(host);
}

/** Plain HTTP is for a reverse proxy on the same machine only; anything else must be TLS. */
export function checkPlainListen(address: ListenAddress): void {
  if (!isLoopback(address.host)) {
    throw usage(
      t`--no-tls works only on a loopback address (127.0.0.1, [::1], localhost), for a reverse proxy on this machine — ${formatListen(address)} would send passwords and tokens in clear text; drop --no-tls (Guru serves TLS itself) or listen on 127.0.0.1`,
    );
  }
}
