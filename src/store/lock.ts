import lockfile from 'proper-lockfile';
import { GuruError } from '../core/errors.js';

export type Release = () => Promise<void>;

export interface LockOptions {
  /** How long to queue behind another writer before giving up. */
  waitMs: number;
}

/**
 * Takes the store's exclusive writer lock (an atomic mkdir, refreshed while held, considered
 * stale 10 s after its holder died). Writers queue with jittered retries, which is what lets
 * 200 concurrent `guru user add` all land.
 */
export async function acquireLock(lockPath: string, options: LockOptions): Promise<Release> {
  try {
    return await lockfile.lock(lockPath, {
      lockfilePath: lockPath,
      realpath: false,
      stale: 10_000,
      update: 2_500,
      retries: { retries: 1_000_000, factor: 1.2, minTimeout: 5, maxTimeout: 60, randomize: true, maxRetryTime: options.waitMs },
      onCompromised: (err) => {
        // The lock was taken from us (the event loop stalled past `stale`): carrying on could
        // mean two writers, so stop here rather than risk the state file.
        throw new GuruError('store_busy', `lost the lock on ${lockPath}: ${err.message}`);
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new GuruError(
        'store_busy',
        `another Guru process is writing to ${lockPath.replace(/\/[^/]+$/, '')} — try again; a lock left by a crashed process clears itself within 10 s`,
      );
    }
    throw err;
  }
}
