import { GuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';

/** How many watch streams the daemon serves at once: per user (the owner counts as one), and in all. */
export interface WatchCaps {
  perUser: number;
  total: number;
}

export const DEFAULT_WATCH_CAPS: WatchCaps = { perUser: 8, total: 256 };

/**
 * Slots for open watch streams. Each holds a socket (a file descriptor) and a buffer for as long
 * as it is open, so one user opening streams in a loop would otherwise run the daemon out of
 * both; over a cap the stream is refused (429) before anything is opened.
 */
export class WatchSlots {
  private readonly perKey = new Map<string, number>();
  private open = 0;

  constructor(private readonly caps: WatchCaps) {}

  /** Takes a slot for `key` (a user id, or 'owner'); the returned function gives it back (once). */
  take(key: string, who: string): () => void {
    const mine = this.perKey.get(key) ?? 0;
    if (mine >= this.caps.perUser) {
      throw new GuruError(
        'limit',
        t`${who} already has ${mine} watch streams open, the most one user may (the per-user cap, GURU_WATCH_MAX_PER_USER) — close one (another inbox or \`guru tail\`) and try again`,
      );
    }
    if (this.open >= this.caps.total) {
      throw new GuruError(
        'limit',
        t`the daemon already serves ${this.open} watch streams, the most it will (the total cap, GURU_WATCH_MAX_TOTAL) — try again later, or ask whoever runs the daemon to raise the cap`,
      );
    }
    this.perKey.set(key, mine + 1);
    this.open++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.open--;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left > 0) this.perKey.set(key, left);
      else this.perKey.delete(key);
    };
  }
}
