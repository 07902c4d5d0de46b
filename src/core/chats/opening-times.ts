import { hoursZone, isOpen, nextOpening } from '../opening-hours.js';
import { SoonestTimer } from '../ports.js';
import type { ChatServiceDeps } from './chat-ledger.js';

/**
 * Opening time, on the engine's clock: one timer for the soonest opening among the numbers with
 * hours (like the scheduler's for the soonest message). When it rings, each number open by then
 * is handed to `opened` — the engine hands its waiting chats out, oldest first — and the timer
 * is set for the next opening. Set again when hours change (`changed`) and at start.
 */
export class OpeningTimes {
  private readonly timer: SoonestTimer;
  private started = false;
  private stopped = false;
  /** Arming reads the state: one at a time, in order, so the last change wins. */
  private chain: Promise<void> = Promise.resolve();
  /** Each number's next opening (ms) as the timer was last set. */
  private readonly openings = new Map<string, number>();

  constructor(
    private readonly deps: Pick<ChatServiceDeps, 'state' | 'clock' | 'warn'>,
    private readonly opened: (phone: string) => void,
  ) {
    this.timer = new SoonestTimer(deps.clock, () => {
      const due = this.due;
      this.chain = this.chain.then(() => this.ring(due)).catch(() => undefined);
    });
  }

  /** When the timer was last set for (ms): the opening it rings for. */
  private due = 0;

  start(): void {
    this.started = true;
    this.changed();
  }

  stop(): void {
    this.stopped = true;
    this.timer.stop();
  }

  /** Some number's hours (or the account's zone) changed: the timer is set anew. */
  changed(): void {
    if (!this.started || this.stopped) return;
    this.chain = this.chain
      .then(() => this.arm())
      .catch((err: unknown) => this.deps.warn?.('opening hours: the next opening could not be set', { err: err instanceof Error ? err.message : String(err) }));
  }

  private async arm(): Promise<void> {
    if (this.stopped) return;
    const state = await this.deps.state.read();
    const now = this.deps.clock.now();
    let soonest: number | null = null;
    this.openings.clear();
    for (const phone of state.phones) {
      if (!phone.hours) continue;
      const at = nextOpening(phone.hours, now, hoursZone(phone.hours, state.account))?.getTime();
      if (at === undefined) continue;
      this.openings.set(phone.number, at);
      if (soonest === null || at < soonest) soonest = at;
    }
    if (soonest !== null) this.due = soonest;
    this.timer.set(soonest);
  }

  /** The timer rang (maybe early: a timer of days wakes before): numbers open now are told, then the next. */
  private async ring(due: number): Promise<void> {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    if (now.getTime() >= due) {
      // Only the numbers whose opening this was (and that are open: hours may have changed since).
      const state = await this.deps.state.read();
      for (const phone of state.phones) {
        const opening = this.openings.get(phone.number);
        if (opening === undefined || opening > now.getTime() || !phone.hours) continue;
        if (isOpen(phone.hours, now, hoursZone(phone.hours, state.account))) this.opened(phone.number);
      }
    }
    await this.arm();
  }
}
