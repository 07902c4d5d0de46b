import type { Clock } from './ports.js';

/**
 * Slows down password guessing: after `maxFailures` wrong passwords for one email within
 * `windowMs`, further attempts for that email are refused until the window has passed.
 * In memory on purpose: a restart forgets, but a daemon restart is not a guessing speed-up.
 */
export class LoginThrottle {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly maxFailures = 5,
    readonly windowMs = 60_000,
  ) {}

  /** Milliseconds until `email` may try again, or 0 when it may now. */
  retryAfterMs(email: string): number {
    const recent = this.recent(email);
    if (recent.length < this.maxFailures) return 0;
    return recent[recent.length - this.maxFailures]! + this.windowMs - this.clock.now().getTime();
  }

  recordFailure(email: string): void {
    const recent = this.recent(email);
    recent.push(this.clock.now().getTime());
    this.failures.set(email, recent);
  }

  recordSuccess(email: string): void {
    this.failures.delete(email);
  }

  private recent(email: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    return (this.failures.get(email) ?? []).filter((t) => t > since);
  }
}
