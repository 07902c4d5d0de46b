/**
 * A checkpoint is worth its cost (a pause to serialise the index) after this many records, once
 * no record has been written for a while.
 */
export const CHECKPOINT_POLICY = { afterRecords: 20_000, quietMs: 5_000 };

export interface CheckpointSettings {
  afterRecords: number;
  quietMs: number;
}

/**
 * When the chat index is worth checkpointing: it counts the records applied per phone since the
 * last checkpoint and, after many, takes one (`take`) once the journal has been quiet for a
 * while, measured on `now` (milliseconds).
 */
export class CheckpointPolicy {
  /** Records applied per phone since its last checkpoint. */
  private readonly sinceCheckpoint = new Map<string, number>();
  /** Their sum, kept as they are counted (it is checked on every commit). */
  private recordsSinceCheckpoint = 0;
  private lastCommitAt = 0;
  private quietTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly settings: CheckpointSettings = CHECKPOINT_POLICY,
    private readonly take: () => Promise<void>,
    private readonly now: () => number,
    private readonly warn?: (message: string, details: Record<string, unknown>) => void,
  ) {}

  counted(phone: string, records: number): void {
    this.sinceCheckpoint.set(phone, (this.sinceCheckpoint.get(phone) ?? 0) + records);
    this.recordsSinceCheckpoint += records;
  }

  /** The phones with records since their last checkpoint; they count from zero again. */
  due(): string[] {
    const phones: string[] = [];
    for (const [phone, count] of this.sinceCheckpoint) {
      if (count === 0) continue;
      this.sinceCheckpoint.set(phone, 0);
      this.recordsSinceCheckpoint -= count;
      phones.push(phone);
    }
    return phones;
  }

  /** After each commit: after many records, a checkpoint once the journal has been quiet for a moment. */
  committed(): void {
    this.lastCommitAt = this.now();
    if (this.quietTimer || this.recordsSinceCheckpoint < this.settings.afterRecords) return;
    this.armQuietTimer(this.settings.quietMs);
  }

  /**
   * One timer, not one per commit (this runs on the ingest path): when it fires while records
   * are still coming in, it waits out the rest of the quiet spell from the last commit.
   */
  private armQuietTimer(ms: number): void {
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      const { quietMs } = this.settings;
      const quietFor = this.now() - this.lastCommitAt;
      if (quietFor < quietMs) return this.armQuietTimer(quietMs - quietFor);
      this.take().catch((err) => this.warn?.('could not store a journal checkpoint; the next start replays more', { error: (err as Error).message }));
    }, ms);
    this.quietTimer.unref?.();
  }

  /** Stops the quiet-time timer (the daemon checkpoints itself when it stops). */
  stop(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }
}
