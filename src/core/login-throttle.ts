import { GuruError } from './errors.js';
import type { Clock } from './ports.js';

/** The limits; the defaults are what README.md documents (5 wrong passwords a minute per email). */
export interface LoginLimits {
  /** Attempts per email within `windowMs` that may be verified: failed ones plus those in flight. */
  maxFailures: number;
  windowMs: number;
  /** Password checks running at once for one email; the others reserved wait their turn. */
  concurrentPerEmail: number;
  /** Password checks running at once from one source address (any email). */
  concurrentPerSource: number;
  /** Attempts from one source waiting for a check slot before further ones are refused. */
  waitingPerSource: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailures: 5,
  windowMs: 60_000,
  concurrentPerEmail: 1,
  concurrentPerSource: 4,
  waitingPerSource: 32,
};

/**
 * Slows down password guessing. An attempt is counted *before* its password is checked (a
 * reservation in the email's window), so a burst of concurrent guesses gets no more checks than
 * a patient guesser: once `maxFailures` attempts are failed or in flight, the rest are refused
 * without spending a check. A success gives back only its own reservation; the failures around
 * it stay until they age out of the window, so a right password arriving in the middle of a
 * burst does not reopen the door for the rest of it. Checks run at most `concurrentPerEmail` at a
 * time per email and `concurrentPerSource` per source address (the unix socket has none), each
 * scrypt being 32 MB of memory.
 *
 * In memory on purpose: a restart forgets, but a daemon restart is not a guessing speed-up.
 */
export class LoginThrottle {
  /** Per email: when each counted attempt was reserved; `pending` until its check ends. */
  private attempts = new Map<string, { at: number; pending: boolean }[]>();
  private emailSlots = new Slots();
  private sourceSlots = new Slots();
  readonly limits: LoginLimits;

  constructor(
    private readonly clock: Clock,
    limits: Partial<LoginLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /**
   * Runs `check` (the password verification) for `email`, from `source` when known, if the
   * limits allow it; refuses with a `limit` error otherwise, without running it. A check that
   * returns false or throws counts as a wrong password.
   */
  async attempt(email: string, source: string | undefined, check: () => Promise<boolean>): Promise<boolean> {
    const attempt = this.reserve(email, source);
    let ok = false;
    try {
      // The source's slot first: taking it is synchronous, so the next request from that source
      // already counts this one as waiting.
      if (source !== undefined) await this.sourceSlots.acquire(source, this.limits.concurrentPerSource);
      try {
        await this.emailSlots.acquire(email, this.limits.concurrentPerEmail);
        try {
          ok = await check();
        } finally {
          this.emailSlots.release(email);
        }
      } finally {
        if (source !== undefined) this.sourceSlots.release(source);
      }
    } finally {
      attempt.pending = false;
      // A success is not a failure: its reservation is given back. A failure stays in the
      // window, counted from when it was known.
      if (ok) this.forget(email, attempt);
      else attempt.at = this.clock.now().getTime();
    }
    return ok;
  }

  /** Milliseconds until `email` may try again, or 0 when it may now. */
  retryAfterMs(email: string): number {
    const recent = this.recent(email);
    if (recent.length < this.limits.maxFailures) return 0;
    return Math.max(1, recent[recent.length - this.limits.maxFailures]!.at + this.limits.windowMs - this.clock.now().getTime());
  }

  private reserve(email: string, source: string | undefined): { at: number; pending: boolean } {
    const wait = this.retryAfterMs(email);
    if (wait > 0) {
      throw new GuruError('limit', `too many wrong passwords for ${email} — wait ${Math.ceil(wait / 1000)} s and try again`);
    }
    if (source !== undefined && this.sourceSlots.load(source) >= this.limits.concurrentPerSource + this.limits.waitingPerSource) {
      throw new GuruError('limit', `too many logins at once from ${source} — wait a few seconds and try again`);
    }
    const attempt = { at: this.clock.now().getTime(), pending: true };
    const recent = this.recent(email);
    recent.push(attempt);
    this.attempts.set(email, recent);
    this.sweep();
    return attempt;
  }

  private forget(email: string, attempt: { at: number; pending: boolean }): void {
    const left = (this.attempts.get(email) ?? []).filter((a) => a !== attempt);
    if (left.length > 0) this.attempts.set(email, left);
    else this.attempts.delete(email);
  }

  /** Attempts still counted: in flight, or failed within the window. */
  private recent(email: string): { at: number; pending: boolean }[] {
    const since = this.clock.now().getTime() - this.limits.windowMs;
    return (this.attempts.get(email) ?? []).filter((a) => a.pending || a.at > since);
  }

  /** Drops emails whose attempts have all aged out, so guessing many emails cannot grow the map forever. */
  private sweep(): void {
    if (this.attempts.size < 1024) return;
    for (const email of [...this.attempts.keys()]) {
      const recent = this.recent(email);
      if (recent.length === 0) this.attempts.delete(email);
      else this.attempts.set(email, recent);
    }
  }
}

/** Counting semaphores by key, FIFO; a key with nothing running or waiting is forgotten. */
class Slots {
  private lanes = new Map<string, { running: number; waiting: (() => void)[] }>();

  /** Running plus waiting. */
  load(key: string): number {
    const lane = this.lanes.get(key);
    return lane ? lane.running + lane.waiting.length : 0;
  }

  acquire(key: string, capacity: number): Promise<void> {
    const lane = this.lanes.get(key) ?? { running: 0, waiting: [] };
    this.lanes.set(key, lane);
    if (lane.running < capacity) {
      lane.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => lane.waiting.push(resolve));
  }

  release(key: string): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    const next = lane.waiting.shift();
    if (next) next(); // the slot passes straight to the next in line
    else if (--lane.running === 0) this.lanes.delete(key);
  }
}
