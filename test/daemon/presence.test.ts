import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PresenceTracker } from '../../src/daemon/presence.js';

const GRACE = 1_000;

/** Presence from watch streams: open and acknowledged is online; silent or closed is not, after the grace. */
describe('PresenceTracker', () => {
  let changes: string[];
  let tracker: PresenceTracker;
  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    tracker = new PresenceTracker(GRACE, (user, online) => changes.push(`${user} ${online ? 'on' : 'off'}`));
  });
  afterEach(() => {
    tracker.clear();
    vi.useRealTimers();
  });
  const online = () => [...tracker.onlineUserIds()].sort();

  it('a stream that keeps acknowledging keeps its user online', () => {
    const stream = tracker.open('bia');
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(GRACE / 2);
      stream.alive();
    }
    expect(online()).toEqual(['bia']);
    expect(changes).toEqual(['bia on']);
  });

  it('a stream unacknowledged for the grace period stops counting at once, and counts again when it answers', () => {
    const stream = tracker.open('bia');
    vi.advanceTimersByTime(GRACE - 1);
    expect(online()).toEqual(['bia']);
    vi.advanceTimersByTime(1);
    expect(online()).toEqual([]);
    expect(changes).toEqual(['bia on', 'bia off']);
    stream.alive(); // resumed (SIGCONT): the buffered heartbeats arrive and are acknowledged
    expect(online()).toEqual(['bia']);
    expect(changes).toEqual(['bia on', 'bia off', 'bia on']);
    // A stale stream that then closes changes nothing more; a fresh one leaves after the grace.
    stream.close();
    vi.advanceTimersByTime(GRACE);
    expect(changes).toEqual(['bia on', 'bia off', 'bia on', 'bia off']);
  });

  it('one live stream keeps the user online while another goes silent; closing a silent one announces nothing', () => {
    const silent = tracker.open('bia');
    const reading = tracker.open('bia');
    vi.advanceTimersByTime(GRACE / 2);
    reading.alive();
    vi.advanceTimersByTime(GRACE / 2);
    expect(online()).toEqual(['bia']);
    reading.close();
    expect(online()).toEqual(['bia']); // within the grace after the last live stream
    vi.advanceTimersByTime(GRACE);
    expect(online()).toEqual([]);
    silent.close();
    vi.advanceTimersByTime(GRACE * 2);
    expect(changes).toEqual(['bia on', 'bia off']);
  });

  it('a closed stream ignores late acknowledgements', () => {
    const stream = tracker.open('bia');
    stream.close();
    vi.advanceTimersByTime(GRACE);
    stream.alive();
    expect(online()).toEqual([]);
  });
});
