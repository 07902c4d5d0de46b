import type { Clock } from '../../src/core/ports.js';

/**
 * A clock the test moves: `now()` is what the test says, and timers set with `wakeAt` ring when
 * `advance` passes their time, soonest first — hours of scheduled sends in no time, no sleeps.
 */
export class TestClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: { at: number; seq: number; wake: () => void }[] = [];

  constructor(start: string | number) {
    this.time = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): Date {
    return new Date(this.time);
  }

  wakeAt(at: Date, wake: () => void): () => void {
    const timer = { at: at.getTime(), seq: this.seq++, wake };
    this.timers.push(timer);
    // A time already past rings at once, as a real timer of 0 ms does: soon, never synchronously.
    if (timer.at <= this.time) setImmediate(() => this.ring(timer));
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  private ring(timer: { wake: () => void }): void {
    if (!this.timers.includes(timer as (typeof this.timers)[number])) return;
    this.timers = this.timers.filter((t) => t !== timer);
    timer.wake();
  }

  /** Moves the time `ms` forward, ringing each timer due on the way at its own time. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      this.ring(due);
    }
    this.time = end;
  }

  /** Timers set and not rung or called off. */
  get timerCount(): number {
    return this.timers.length;
  }
}
