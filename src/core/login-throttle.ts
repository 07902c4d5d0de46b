import { GuruError } from './errors.js';
import type { Clock } from './ports.js';
import { currentLanguage, runInLanguage, t } from '../i18n/translate.js';

/** The limits; the defaults are what README.md documents (5 wrong passwords a minute per email). */
export interface LoginLimits {
  /** Wrong passwords per email within `windowMs`; checks in flight count against it too. */
  maxFailures: number;
  windowMs: number;
  /** Password checks running at once for one email (each scrypt is 32 MB). */
  concurrentPerEmail: number;
  /** Attempts for one email waiting for their turn before further ones are refused. */
  waitingPerEmail: number;
  /** Password checks running at once from one source address (any email). */
  concurrentPerSource: number;
  /** Attempts from one source waiting for a check slot before further ones are refused. */
  waitingPerSource: number;
  /**
   * Wrong passwords from one source address (any email) within `sourceWindowMs` before it is
   * refused without a check: one password tried on many emails gets no further than many
   * passwords on one. Plus at most the checks already in flight from it.
   */
  maxFailuresPerSource: number;
  sourceWindowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailures: 5,
  windowMs: 60_000,
  concurrentPerEmail: 2,
  waitingPerEmail: 64,
  concurrentPerSource: 4,
  waitingPerSource: 32,
  maxFailuresPerSource: 30,
  sourceWindowMs: 15 * 60_000,
};

/** One email's attempts: wrong passwords in the window, checks running, attempts waiting. */
interface EmailLane {
  failures: number[];
  running: number;
  /** `refuse` gets how long the email is locked for; it answers in the waiting request's language. */
  waiting: { start: () => void; refuse: (waitMs: number) => void }[];
}

/**
 * Slows down password guessing. A check starts only while the email's wrong passwords *plus the
 * checks already running* stay under `maxFailures` — an attempt is counted before its password
 * is checked — so a burst of concurrent guesses gets no more checks than a patient guesser;
 * the rest wait their turn, and are refused without a check once the email is locked. A success
 * forgets nothing: the wrong passwords around it stay until they age out of the window, so a
 * right password in the middle of a burst does not reopen the door for the rest of it. Checks
 * run at most `concurrentPerEmail` at a time per email and `concurrentPerSource` per source
 * address (the unix socket has none); waiting is bounded too. A source address with
 * `maxFailuresPerSource` wrong passwords in its window (any emails: password spraying) is
 * refused without a check until they age out.
 *
 * In memory on purpose: a restart forgets, but a daemon restart is not a guessing speed-up.
 */
export class LoginThrottle {
  private lanes = new Map<string, EmailLane>();
  private sourceSlots = new Slots();
  /** Wrong passwords by source address, oldest first (only sources that had one). */
  private sourceFailures = new Map<string, number[]>();
  readonly limits: LoginLimits;

  constructor(
    private readonly clock: Clock,
    limits: Partial<LoginLimits> = {},
    /** How its refusals read (a password reset guesses codes, not passwords). */
    private readonly refusals: ThrottleRefusals = LOGIN_REFUSALS,
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
  }

  /**
   * Runs `check` (the password verification) for `email`, from `source` when known, when the
   * limits allow it; refuses with a `limit` error otherwise, without running it. A check that
   * returns false or throws counts as a wrong password.
   */
  async attempt(email: string, source: string | undefined, check: () => Promise<boolean>): Promise<boolean> {
    const known = this.lanes.get(email);
    if (known) {
      const wait = this.lockedFor(known);
      if (wait > 0) throw this.locked(email, wait);
      if (known.waiting.length >= this.limits.waitingPerEmail) throw limit(this.refusals.busyFor(email));
    }
    if (source !== undefined) {
      const wait = this.sourceLockedFor(source);
      if (wait > 0) throw this.sourceLocked(source, wait);
      if (this.sourceSlots.load(source) >= this.limits.concurrentPerSource + this.limits.waitingPerSource) throw limit(this.refusals.busyFrom(source));
    }
    // The source's slot first: taking it is synchronous, so the next request from that source
    // already counts this one.
    if (source !== undefined) await this.sourceSlots.acquire(source, this.limits.concurrentPerSource);
    try {
      // Again after waiting for the slot: the checks before it may have locked the source.
      if (source !== undefined) {
        const wait = this.sourceLockedFor(source);
        if (wait > 0) throw this.sourceLocked(source, wait);
      }
      // Looked up only now: while this waited for the source, an idle lane may have been dropped.
      const lane = this.lane(email);
      await this.turn(email, lane);
      let ok = false;
      try {
        ok = await check();
      } finally {
        lane.running--;
        if (!ok) {
          lane.failures.push(this.clock.now().getTime());
          if (source !== undefined) this.sourceFailed(source);
        }
        this.pump(email, lane);
      }
      return ok;
    } finally {
      if (source !== undefined) this.sourceSlots.release(source);
    }
  }

  /** Milliseconds until `email` may try again, or 0 when it may now. */
  retryAfterMs(email: string): number {
    const lane = this.lanes.get(email);
    return lane ? this.lockedFor(lane) : 0;
  }

  private sourceFailed(source: string): void {
    const list = this.sourceFailures.get(source);
    if (list) list.push(this.clock.now().getTime());
    else {
      this.sweepSources();
      this.sourceFailures.set(source, [this.clock.now().getTime()]);
    }
  }

  /** Milliseconds until `source` may try again, or 0 when it may now. */
  private sourceLockedFor(source: string): number {
    const list = this.sourceFailures.get(source);
    if (!list) return 0;
    const since = this.clock.now().getTime() - this.limits.sourceWindowMs;
    const recent = list.filter((t) => t > since);
    if (recent.length === 0) {
      this.sourceFailures.delete(source);
      return 0;
    }
    if (recent.length !== list.length) this.sourceFailures.set(source, recent);
    if (recent.length < this.limits.maxFailuresPerSource) return 0;
    return Math.max(1, recent[recent.length - this.limits.maxFailuresPerSource]! + this.limits.sourceWindowMs - this.clock.now().getTime());
  }

  /** Drops sources whose failures have aged out, so many addresses cannot grow the map forever. */
  private sweepSources(): void {
    if (this.sourceFailures.size < 1024) return;
    for (const source of [...this.sourceFailures.keys()]) this.sourceLockedFor(source);
  }

  private lane(email: string): EmailLane {
    let lane = this.lanes.get(email);
    if (!lane) {
      this.sweep();
      lane = { failures: [], running: 0, waiting: [] };
      this.lanes.set(email, lane);
    }
    return lane;
  }

  /** Resolves when this attempt may check its password; rejects if the email gets locked first. */
  private turn(email: string, lane: EmailLane): Promise<void> {
    if (lane.waiting.length === 0 && this.mayStart(lane)) {
      lane.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      // Refused later from another request's turn: in this one's language, not that one's.
      const language = currentLanguage();
      lane.waiting.push({ start: resolve, refuse: (waitMs) => reject(runInLanguage(language, () => this.locked(email, waitMs))) });
      this.pump(email, lane);
    });
  }

  /** Starts waiting attempts while the limits allow; refuses them all once the email is locked. */
  private pump(email: string, lane: EmailLane): void {
    if (this.lockedFor(lane) > 0) {
      for (const w of lane.waiting.splice(0)) w.refuse(this.lockedFor(lane));
    }
    while (lane.waiting.length > 0 && this.mayStart(lane)) {
      lane.running++;
      lane.waiting.shift()!.start();
    }
    if (lane.running === 0 && lane.waiting.length === 0 && lane.failures.length === 0) this.lanes.delete(email);
  }

  private locked(email: string, waitMs: number): GuruError {
    return limit(this.refusals.locked(email, Math.ceil(waitMs / 1000)));
  }

  private sourceLocked(source: string, waitMs: number): GuruError {
    return limit(this.refusals.sourceLocked(source, Math.ceil(waitMs / 60_000)));
  }

  /** Wrong passwords and running checks together stay under the limit: each check may fail. */
  private mayStart(lane: EmailLane): boolean {
    return lane.running < this.limits.concurrentPerEmail && this.recent(lane).length + lane.running < this.limits.maxFailures;
  }

  private lockedFor(lane: EmailLane): number {
    const recent = this.recent(lane);
    if (recent.length < this.limits.maxFailures) return 0;
    return Math.max(1, recent[recent.length - this.limits.maxFailures]! + this.limits.windowMs - this.clock.now().getTime());
  }

  /** Wrong passwords still inside the window (older ones are dropped). */
  private recent(lane: EmailLane): number[] {
    const since = this.clock.now().getTime() - this.limits.windowMs;
    if (lane.failures.length > 0 && lane.failures[0]! <= since) lane.failures = lane.failures.filter((t) => t > since);
    return lane.failures;
  }

  /** Drops idle emails whose failures have aged out, so guessing many emails cannot grow the map forever. */
  private sweep(): void {
    if (this.lanes.size < 1024) return;
    for (const [email, lane] of this.lanes) {
      if (lane.running === 0 && lane.waiting.length === 0 && this.recent(lane).length === 0) this.lanes.delete(email);
    }
  }
}

/**
 * How the refusals read, whole sentences (in the reader's language): an email locked for
 * `seconds`, a source locked for `minutes`, too many attempts waiting for an email or a source.
 */
export interface ThrottleRefusals {
  locked(email: string, seconds: number): string;
  sourceLocked(source: string, minutes: number): string;
  busyFor(email: string): string;
  busyFrom(source: string): string;
}

const LOGIN_REFUSALS: ThrottleRefusals = {
  locked: (email, seconds) => t`too many wrong passwords for ${email} — wait ${seconds} s and try again`,
  sourceLocked: (source, minutes) => t`too many wrong passwords from ${source} — wait ${minutes} min and try again`,
  busyFor: (email) => t`too many logins at once for ${email} — wait a few seconds and try again`,
  busyFrom: (source) => t`too many logins at once from ${source} — wait a few seconds and try again`,
};

const limit = (message: string) => new GuruError('limit', message);

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
    if (next)
      next(); // the slot passes straight to the next in line
    else if (--lane.running === 0) this.lanes.delete(key);
  }
}
