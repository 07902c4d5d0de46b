/**
 * Where a request came from, as far as the rules care: the daemon's unix socket (0600 in the
 * data dir, so only its own OS user — who can read the owner token anyway — reaches it) or the
 * network (TCP, with the peer's IP address). The daemon tells the engine; the engine decides
 * what each origin may do (the owner token and `--as` only on the socket).
 */
export type Origin = { kind: 'socket' } | { kind: 'tcp'; address: string };

export const SOCKET_ORIGIN: Origin = { kind: 'socket' };

/** A TCP peer, by its IP address (an IPv4-mapped IPv6 address counts as the IPv4 one). */
export function tcpOrigin(address: string): Origin {
  return { kind: 'tcp', address: address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address };
}

/** What the throttles count by: the peer's address over TCP; all socket requests are one source, "local". */
export function sourceOf(origin: Origin): string {
  return origin.kind === 'tcp' ? origin.address : 'local';
}
