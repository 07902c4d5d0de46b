/**
 * How many WhatsApp connections one daemon opens at once. After a WhatsApp-wide outage (or at
 * start) every number wants its connection back at the same moment; each handshake costs CPU
 * (Noise, Signal keys) and WhatsApp frowns on a burst of logins from one address. So they queue
 * here: a few at a time, each slot freed once its connection opened or failed (or after
 * `holdMs`, should a handshake hang), in the order they asked.
 */
export class ConnectGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max = 4,
    private readonly holdMs = 30_000,
  ) {}

  /** Resolves with a release once a slot is free; calling the release again does nothing. */
  async take(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    let released = false;
    const timer = setTimeout(() => release(), this.holdMs);
    timer.unref();
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      const next = this.waiting.shift();
      // The slot passes straight to the next in line (the count stays); none waiting: it frees.
      if (next) next();
      else this.active -= 1;
    };
    return release;
  }

  /** Connections being opened now, and numbers waiting for a slot. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
