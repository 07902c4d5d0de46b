import type { Pool } from 'pg';

/** How long a lease lasts unless renewed, and how often it is renewed (and free ones sought). */
export interface LeaseTimes {
  ttlMs: number;
  everyMs: number;
}

/**
 * A holder stops holding (and closes the number's WhatsApp socket) this long before its lease
 * could run out, counted from before its last successful renewal was sent: clocks never need to
 * agree, and another daemon only takes a lease the database says expired.
 */
const FENCE_MARGIN_MS = 2_000;

export const DEFAULT_LEASE_TIMES: LeaseTimes = { ttlMs: 8_000, everyMs: 2_000 };

/** Who holds a phone, as `guru daemon status` shows it. */
export interface LeaseHolder {
  phone: string;
  holder: string;
  /** The holder's name (its host and pid). */
  name: string;
  /** Whether the lease is still running (false: its holder stopped renewing it). */
  live: boolean;
}

/**
 * Each phone's WhatsApp session is held by one daemon at a time: a row per phone (`guru_leases`)
 * names its holder and when the lease runs out. The holder renews its leases every `everyMs`;
 * every daemon takes, at the same pace, the phones whose lease ran out (or was let go). A daemon
 * that cannot renew in time lets its phones go by itself, before the database would give them to
 * another: two daemons never hold one number.
 */
export class PhoneLeases {
  private readonly mine = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private fence: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    readonly holder: string,
    readonly name: string,
    private readonly times: LeaseTimes = DEFAULT_LEASE_TIMES,
    private readonly warn: (message: string, details: Record<string, unknown>) => void = () => undefined,
  ) {}

  /** The phones this daemon holds now. */
  held(): ReadonlySet<string> {
    return this.mine;
  }

  /**
   * Starts holding what it can of `wanted()` (asked at each round), telling `changed` whenever
   * phones are gained or lost; resolves after the first round.
   */
  async start(wanted: () => readonly string[], changed: () => void): Promise<void> {
    const round = async () => {
      const before = [...this.mine].sort().join();
      const fencesBefore = this.fences;
      try {
        await this.round(wanted());
      } catch (err) {
        this.warn('could not renew or take phone leases', { error: (err as Error).message });
      }
      // A fence that fired meanwhile closed the numbers' sessions: a round that took them back must say so.
      if ([...this.mine].sort().join() !== before || this.fences !== fencesBefore) changed();
    };
    this.onLoss = changed;
    await round();
    const again = () => {
      if (this.stopped) return;
      this.ticking = round().finally(() => {
        this.ticking = null;
        this.timer = setTimeout(again, this.times.everyMs);
        this.timer.unref();
      });
    };
    this.timer = setTimeout(again, this.times.everyMs);
    this.timer.unref();
  }

  private onLoss: () => void = () => undefined;
  /** How many times the fence let every number go. */
  private fences = 0;

  /** One round: renew what is held, then take what is free; the fence is set from this round's start. */
  private async round(wanted: readonly string[]): Promise<void> {
    const sent = performance.now();
    const ttl = `${this.times.ttlMs} milliseconds`;
    if (this.mine.size > 0) {
      const { rows } = await this.pool.query<{ phone: string }>(
        `UPDATE guru_leases SET expires_at = now() + $3::interval WHERE holder = $1 AND phone = ANY($2::text[]) RETURNING phone`,
        [this.holder, [...this.mine], ttl],
      );
      const renewed = new Set(rows.map((r) => r.phone));
      for (const phone of [...this.mine]) if (!renewed.has(phone)) this.mine.delete(phone);
    }
    const free = wanted.filter((phone) => !this.mine.has(phone));
    if (free.length > 0) {
      const { rows } = await this.pool.query<{ phone: string }>(
        `INSERT INTO guru_leases (phone, holder, holder_name, expires_at)
         SELECT p, $2, $3, now() + $4::interval FROM unnest($1::text[]) AS p
         ON CONFLICT (phone) DO UPDATE SET holder = EXCLUDED.holder, holder_name = EXCLUDED.holder_name, expires_at = EXCLUDED.expires_at
           WHERE guru_leases.expires_at < now() OR guru_leases.holder = EXCLUDED.holder
         RETURNING phone`,
        [free, this.holder, this.name, ttl],
      );
      for (const row of rows) this.mine.add(row.phone);
    }
    // Phones no longer wanted (removed) are let go.
    const stale = [...this.mine].filter((phone) => !wanted.includes(phone));
    if (stale.length > 0) await this.let(stale);
    this.armFence(sent);
    // After the leases (which must not wait on it): this daemon is running, holding numbers or
    // standing by (`guru store migrate` asks); rows of daemons gone a day are cleared.
    await this.pool
      .query(
        `WITH gone AS (DELETE FROM guru_daemons WHERE until < now() - interval '1 day')
         INSERT INTO guru_daemons (id, name, until) VALUES ($1, $2, now() + $3::interval)
         ON CONFLICT (id) DO UPDATE SET until = EXCLUDED.until`,
        [this.holder, this.name, ttl],
      )
      .catch((err: Error) => this.warn('could not say this daemon runs', { error: err.message }));
  }

  /** Should no renewal succeed by then, every phone is let go here (the database will give them away). */
  private armFence(renewedAt: number): void {
    if (this.fence) clearTimeout(this.fence);
    if (this.mine.size === 0) return;
    const wait = Math.max(0, renewedAt + this.times.ttlMs - FENCE_MARGIN_MS - performance.now());
    this.fence = setTimeout(() => {
      if (this.mine.size === 0) return;
      this.warn('could not renew the phone leases in time; letting the phones go', { phones: [...this.mine] });
      this.mine.clear();
      this.fences += 1;
      this.onLoss();
    }, wait);
    this.fence.unref();
  }

  private async let(phones: string[]): Promise<void> {
    await this.pool.query('DELETE FROM guru_leases WHERE holder = $1 AND phone = ANY($2::text[])', [this.holder, phones]);
    for (const phone of phones) this.mine.delete(phone);
  }

  /** The names (host and pid) of the daemons running on this database, holding numbers or not. */
  async daemons(): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM guru_daemons WHERE until > now() ORDER BY name');
    return rows.map((r) => r.name);
  }

  /** Who holds which phone. */
  async holders(): Promise<LeaseHolder[]> {
    const { rows } = await this.pool.query<{ phone: string; holder: string; holder_name: string; live: boolean }>(
      'SELECT phone, holder, holder_name, expires_at > now() AS live FROM guru_leases ORDER BY phone',
    );
    return rows.map((r) => ({ phone: r.phone, holder: r.holder, name: r.holder_name, live: r.live }));
  }

  /** Stops renewing and lets every lease go at once (a clean stop: another daemon takes them at its next round). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.fence) clearTimeout(this.fence);
    await this.ticking;
    const phones = [...this.mine];
    this.mine.clear();
    if (phones.length > 0) await this.let(phones).catch(() => undefined);
    await this.pool.query('DELETE FROM guru_daemons WHERE id = $1', [this.holder]).catch(() => undefined);
  }
}
