/**
 * What the daemon keeps about customers outside the stores, for an erasure (LGPD) to reach: its
 * log (a customer's number in a request's path) and each number's WhatsApp session (the
 * customer's encryption sessions and LID). Where no daemon runs there is neither.
 */
export interface CustomerTraces {
  /** Drops every line of the daemon's log (and its rotations) holding one of `needles`; how many went. */
  scrubLog(needles: readonly string[]): Promise<number>;
  /** Forgets what `phone`'s WhatsApp session keeps about these people (the digits of their numbers and LIDs). */
  forgetPeers(phone: string, users: ReadonlySet<string>): Promise<void>;
}
