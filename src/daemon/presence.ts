import type { Presence, PresenceStream } from '../core/presence.js';

interface Stream {
  /** No acknowledgement for `graceMs`: its client is suspended or gone, whatever the socket says. */
  stale: boolean;
  timer: NodeJS.Timeout;
}

/**
 * Who is online: a user is online while at least one watch stream of theirs is open and its
 * client keeps acknowledging heartbeats, and for `graceMs` after the last one closes (a flaky
 * link or a quick restart of the inbox should not flip them offline and cost them the next
 * chat). An open socket alone proves nothing: an inbox suspended with Ctrl-Z keeps it open
 * (the kernel buffers what we send), so a stream unacknowledged for `graceMs` stops counting —
 * at once, the grace has already passed — and counts again with its next acknowledgement.
 */
export class PresenceTracker implements Presence {
  private streams = new Map<string, Set<Stream>>();
  private leaving = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly graceMs: number,
    private readonly onChange: (userId: string, online: boolean) => void,
  ) {}

  onlineUserIds(): ReadonlySet<string> {
    const online = new Set(this.leaving.keys());
    for (const [userId, streams] of this.streams) if (hasFresh(streams)) online.add(userId);
    return online;
  }

  /** A stream opened (it counts as acknowledged now); close the returned handle when it ends. */
  open(userId: string): PresenceStream {
    const wasOnline = this.isOnline(userId);
    clearTimeout(this.leaving.get(userId));
    this.leaving.delete(userId);
    const stream: Stream = { stale: false, timer: setTimeout(() => this.goStale(userId, stream), this.graceMs) };
    stream.timer.unref();
    const streams = this.streams.get(userId) ?? new Set<Stream>();
    this.streams.set(userId, streams);
    streams.add(stream);
    if (!wasOnline) this.onChange(userId, true);
    let closed = false;
    return {
      alive: () => {
        if (closed) return;
        stream.timer.refresh();
        if (!stream.stale) return;
        const wasOnline = this.isOnline(userId);
        stream.stale = false;
        if (!wasOnline) this.onChange(userId, true);
      },
      close: () => {
        if (closed) return;
        closed = true;
        clearTimeout(stream.timer);
        streams.delete(stream);
        if (streams.size === 0) this.streams.delete(userId);
        // A stale stream was already counted out; a fresh one leaves with the grace period.
        if (stream.stale || this.isOnlineByStreams(userId)) return;
        const timer = setTimeout(() => {
          this.leaving.delete(userId);
          this.onChange(userId, false);
        }, this.graceMs);
        timer.unref();
        this.leaving.set(userId, timer);
      },
    };
  }

  /** Forget everyone (daemon shutdown), without announcing anything. */
  clear(): void {
    for (const timer of this.leaving.values()) clearTimeout(timer);
    for (const streams of this.streams.values()) for (const stream of streams) clearTimeout(stream.timer);
    this.leaving.clear();
    this.streams.clear();
  }

  private goStale(userId: string, stream: Stream): void {
    stream.stale = true;
    if (!this.isOnline(userId)) this.onChange(userId, false);
  }

  private isOnline(userId: string): boolean {
    return this.leaving.has(userId) || this.isOnlineByStreams(userId);
  }

  private isOnlineByStreams(userId: string): boolean {
    const streams = this.streams.get(userId);
    return !!streams && hasFresh(streams);
  }
}

function hasFresh(streams: Set<Stream>): boolean {
  for (const stream of streams) if (!stream.stale) return true;
  return false;
}
