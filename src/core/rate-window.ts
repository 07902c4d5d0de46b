import type { Clock } from './ports.js';

/**
 * At most `max` requests per key within a sliding `windowMs` (password recovery mails per email
 * and per source address). In memory on purpose, like the login throttle: a restart forgets,
 * and unauthenticated callers never make the daemon write anything. Bounded: idle keys are
 * swept, and past `maxKeys` live ones new keys are refused until some age out.
 */
export class RateWindow {
  private hits = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Milliseconds until `key` may ask again, without counting anything; 0 when it may now. */
  waitFor(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.max) return this.hits.has(key) || this.roomForKey() ? 0 : this.windowMs;
    return Math.max(1, recent[recent.length - this.max]! + this.windowMs - this.clock.now().getTime());
  }

  /** Counts one request for `key` (call after `waitFor` said 0). */
  count(key: string): void {
    const recent = this.recent(key);
    recent.push(this.clock.now().getTime());
    this.hits.set(key, recent);
  }

  private recent(key: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    const times = this.hits.get(key);
    if (!times) return [];
    const kept = times[0]! > since ? times : times.filter((t) => t > since);
    if (kept.length === 0) this.hits.delete(key);
    else if (kept !== times) this.hits.set(key, kept);
    return kept;
  }

  private roomForKey(): boolean {
    if (this.hits.size < this.maxKeys) return true;
    for (const key of [...this.hits.keys()]) this.recent(key);
    return this.hits.size < this.maxKeys;
  }
}
