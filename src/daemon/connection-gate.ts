import type { Socket } from 'node:net';
import { t } from '../i18n/translate.js';

/** How many network connections may be open at once: from one address, and in all. */
export interface ConnectionCaps {
  perAddress: number;
  total: number;
}

/**
 * A team behind one office NAT shares an address: each person holds a watch stream and a
 * request or two. The total stays well below the usual 1024 open files a process gets.
 */
export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = { perAddress: 64, total: 512 };

/** A connection over a cap, answered once and closed. */
export interface Refusal {
  status: 429 | 503;
  /** The answer's text, in the language of the request it answers (the refusal is decided before any request). */
  message: () => string;
}

/** How long a refused connection may take to send the request its refusal answers. */
const REFUSAL_GRACE_MS = 5_000;
/** Refused connections waiting for their answer, at most, in all and per address: past that a flood is cut without one. */
const MAX_REFUSING = 64;
const MAX_REFUSING_PER_ADDRESS = 4;

/**
 * Counts the network door's connections as they are accepted (before TLS, before HTTP) and
 * refuses those over a cap. A refused connection still gets the API's JSON error with a next
 * step — which needs its TLS handshake and its request — but only briefly, and only a few at
 * once per address (and `MAX_REFUSING` in all): beyond that a flood is cut at once, without an
 * answer. Refused connections do not count against the caps, and one address's flood cannot
 * take the answers of everyone else's refusals.
 *
 * Watch streams are connections like any other: an open `guru inbox` holds one.
 */
export class ConnectionGate {
  private readonly byAddress = new Map<string, number>();
  private total = 0;
  private refusing = 0;
  private readonly refusingByAddress = new Map<string, number>();
  /** Refused connections, by `address|port` (the TLS socket over it has the same peer). */
  private readonly refused = new Map<string, Refusal>();

  constructor(readonly caps: ConnectionCaps) {}

  /** Called for each accepted TCP connection; `address` is the peer's (normalised) IP. */
  admit(socket: Socket, address: string): void {
    const refusal = this.judge(address);
    if (!refusal) {
      this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
      this.total++;
      socket.once('close', () => {
        this.total--;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left === 0) this.byAddress.delete(address);
        else this.byAddress.set(address, left);
      });
      return;
    }
    const pending = this.refusingByAddress.get(address) ?? 0;
    if (this.refusing >= MAX_REFUSING || pending >= MAX_REFUSING_PER_ADDRESS) return void socket.destroy();
    this.refusing++;
    this.refusingByAddress.set(address, pending + 1);
    const key = keyOf(socket.remoteAddress, socket.remotePort);
    this.refused.set(key, refusal);
    const timer = setTimeout(() => socket.destroy(), REFUSAL_GRACE_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      this.refusing--;
      const left = (this.refusingByAddress.get(address) ?? 1) - 1;
      if (left === 0) this.refusingByAddress.delete(address);
      else this.refusingByAddress.set(address, left);
      this.refused.delete(key);
    });
  }

  /** The refusal to answer on this connection (by its peer), if it was refused. */
  refusalFor(socket: { remoteAddress?: string; remotePort?: number }): Refusal | undefined {
    return this.refused.size === 0 ? undefined : this.refused.get(keyOf(socket.remoteAddress, socket.remotePort));
  }

  /** Open connections now (admitted ones). */
  open(): { total: number; addresses: number } {
    return { total: this.total, addresses: this.byAddress.size };
  }

  private judge(address: string): Refusal | null {
    if ((this.byAddress.get(address) ?? 0) >= this.caps.perAddress) {
      return {
        status: 429,
        message: () =>
          t`too many connections from ${address} (limit ${this.caps.perAddress}) — close some of them, or wait for idle ones to time out, and try again`,
      };
    }
    if (this.total >= this.caps.total) {
      return { status: 503, message: () => t`the server has too many open connections (limit ${this.caps.total}) — try again in a few seconds` };
    }
    return null;
  }
}

function keyOf(address: string | undefined, port: number | undefined): string {
  return `${address}|${port}`;
}
