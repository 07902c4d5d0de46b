import { isIP } from 'node:net';
import { usage } from '../core/errors.js';
import { t } from '../i18n/translate.js';

/** Where a Guru server listens: `guru --server HOST:PORT`, `GURU_SERVER`, a profile's key. */
export interface ServerAddress {
  host: string;
  port: number;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Reads `HOST:PORT` (`[v6]:PORT` for an IPv6 address). `source` names where the text came from
 * (`--server`, `GURU_SERVER`) so the error says which setting to fix.
 */
export function parseServer(text: string, source = '--server'): ServerAddress {
  const raw = text.trim();
  const fail = (why: string) =>
    usage(
      t`${source} must be HOST:PORT, e.g. guru.acme.com:7433 (got "${raw.slice(0, 80)}"): ${why} — the admin's \`guru daemon status\` on the server shows its address`,
    );
  if (raw === '') throw fail(t`it is empty`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) throw fail(t`leave out the scheme (no https://)`);
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(raw);
  const plain = /^([^:[\]]+):(\d+)$/.exec(raw);
  const match = bracketed ?? plain;
  if (!match) throw fail(isIP(raw) === 6 ? t`an IPv6 address goes in brackets: [::1]:7433` : t`the port is missing`);
  const host = match[1]!.toLowerCase();
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw fail(t`the port must be 1–65535`);
  if (bracketed && isIP(host) !== 6) throw fail(t`only an IPv6 address goes in brackets`);
  if (!bracketed && isIP(host) === 0 && !HOSTNAME.test(host)) throw fail(t`that is not a host name or an IP address`);
  return { host, port };
}

/** The canonical `host:port` (`[v6]:port`): the profile's key and what messages show. */
export function serverKey(address: ServerAddress): string {
  return isIP(address.host) === 6 ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/**
 * Reads one server or several, comma-separated (`a.acme.com:7433,b.acme.com:7433`: daemons on one
 * database, tried in turn). Each is `HOST:PORT`; the same one twice is refused.
 */
export function parseServers(text: string, source = '--server'): ServerAddress[] {
  const parts = text.split(',').map((part) => part.trim());
  const servers = parts.map((part) => parseServer(part, source));
  const keys = servers.map(serverKey);
  const twice = keys.find((key, i) => keys.indexOf(key) !== i);
  if (twice) throw usage(t`${source} names ${twice} twice — list each server once`);
  return servers;
}

/** The key of a list of servers: their keys, comma-separated, in the order given. */
export function serversKey(servers: readonly ServerAddress[]): string {
  return servers.map(serverKey).join(',');
}
