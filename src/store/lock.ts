import * as fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { GuruError } from '../core/errors.js';
import { diskError } from './disk-errors.js';
import { keepFileSizeSignalHarmless } from './file-size-signal.js';
import { DIR_MODE } from './paths.js';
import { t } from '../i18n/translate.js';

keepFileSizeSignalHarmless();

export type Release = () => Promise<void>;

export interface LockOptions {
  /** How long to queue behind another writer before giving up. */
  waitMs: number;
  /**
   * How old (unrefreshed) a lock must be to count as its holder's corpse. Holders refresh it
   * every 2.5 s, so anything well above that is safe; the daemon uses less than the default so
   * a restart after a crash does not wait long.
   */
  staleMs?: number;
}

const STALE_MS = 10_000;

/**
 * The fs proper-lockfile works through, with its one mkdir (the lock itself, a dir) made 0700
 * like every dir of the data dir, not the umask's usual 0755. One object for the process:
 * proper-lockfile caches the file system's mtime precision on it.
 */
const lockFs = { ...fs, mkdir: (path: string, callback: (err: NodeJS.ErrnoException | null) => void) => fs.mkdir(path, { mode: DIR_MODE }, callback) };
const REFRESH_MS = 2_500;

/**
 * How long a queued writer sleeps before its next try: short at first (one writer ahead of you
 * is done in milliseconds), growing to half a second. The cap is what keeps a crowd cheap: each
 * try costs the waiter CPU, so 200 waiters retrying every 100 ms spent the cores the holder
 * needed, and 200 concurrent `guru user add` took minutes instead of the sum of their work.
 * Jittered so the crowd does not retry in step.
 */
function retryDelayMs(attempt: number): number {
  return Math.min(500, 4 * 1.4 ** attempt) * (0.5 + Math.random());
}

/**
 * Takes the store's exclusive writer lock (an atomic mkdir, refreshed while held, considered
 * stale 10 s after its holder died). Writers queue by retrying with jitter until `waitMs`
 * passes, which is what lets 200 concurrent `guru user add` all land. (The loop is ours: the
 * retry library proper-lockfile would use precomputes every delay up front, which costs
 * ~100 ms of CPU per command at the retry counts this needs.)
 */
export async function acquireLock(lockPath: string, options: LockOptions): Promise<Release> {
  const deadline = Date.now() + options.waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(lockPath, {
        lockfilePath: lockPath,
        realpath: false,
        fs: lockFs,
        stale: options.staleMs ?? STALE_MS,
        update: REFRESH_MS,
        retries: 0,
        onCompromised: (err) => {
          // The lock was taken from us (the event loop stalled past `stale`): carrying on could
          // mean two writers, so stop here rather than risk the state file.
          throw new GuruError('store_busy', t`lost the lock on ${lockPath}: ${err.message}`);
        },
      });
    } catch (err) {
      // Taking the lock is a mkdir in the data dir: a read-only dir refuses every write here.
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw diskError(err, lockPath, t`nothing was changed`);
      if (Date.now() >= deadline) {
        throw new GuruError(
          'store_busy',
          t`another Guru process is writing to ${lockPath.replace(/\/[^/]+$/, '')} — try again; a lock left by a crashed process clears itself within ${(options.staleMs ?? STALE_MS) / 1000} s`,
        );
      }
      await sleep(retryDelayMs(attempt));
    }
  }
}
