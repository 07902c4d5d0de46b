import type { Presence } from '../core/presence.js';

/**
 * Who is online: a user is online while at least one watch stream of theirs is open, and for
 * `graceMs` after the last one closes (a flaky link or a quick restart of the inbox should not
 * flip them offline and cost them the next chat).
 */
export class PresenceTracker implements Presence {
  private streams = new Map<string, number>();
  private leaving = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly graceMs: number,
    private readonly onChange: (userId: string, online: boolean) => void,
  ) {}

  onlineUserIds(): ReadonlySet<string> {
    return new Set([...this.streams.keys(), ...this.leaving.keys()]);
  }

  /** A stream opened; call the returned function when it closes. */
  open(userId: string): () => void {
    const wasOnline = this.streams.has(userId) || this.leaving.has(userId);
    clearTimeout(this.leaving.get(userId));
    this.leaving.delete(userId);
    this.streams.set(userId, (this.streams.get(userId) ?? 0) + 1);
    if (!wasOnline) this.onChange(userId, true);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.streams.get(userId) ?? 1) - 1;
      if (left > 0) return void this.streams.set(userId, left);
      this.streams.delete(userId);
      const timer = setTimeout(() => {
        this.leaving.delete(userId);
        this.onChange(userId, false);
      }, this.graceMs);
      timer.unref();
      this.leaving.set(userId, timer);
    };
  }

  /** Forget everyone (daemon shutdown), without announcing anything. */
  clear(): void {
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    this.streams.clear();
  }
}
