import { runInLanguage, t } from '../../i18n/translate.js';
import type { MediaOutcome } from '../chats/model.js';
import { MediaTooLarge, type MediaStore } from './ports.js';
import { MediaFetchError, type MediaRemote } from './remote.js';

/** How the fetcher tries again; tests shorten the waits (GURU_MEDIA_RETRY_MS). */
export interface MediaRetrySettings {
  /** Tries per file before it is given up as unavailable. */
  attempts: number;
  /** The first wait after a failed try, doubled each time up to `maxMs`. */
  initialMs: number;
  maxMs: number;
  /** Files fetched at once (each a download and a disk write). */
  concurrency: number;
}

/**
 * Eight tries over about a quarter of an hour: a host or network hiccup passes, a phone that was
 * offline for the re-upload comes back, and a file that never comes is said so the same day.
 */
export const MEDIA_RETRY: MediaRetrySettings = { attempts: 8, initialMs: 2_000, maxMs: 5 * 60_000, concurrency: 2 };

/** The largest file Guru downloads at all: WhatsApp's own limit for documents (2 GB). */
export const MAX_MEDIA_BYTES = 2 * 1024 * 1024 * 1024;

/** One file to fetch: a message's, by its media source. */
export interface MediaJob {
  phone: string;
  id: string;
  source: string;
  /** The size the message declares, if any (checked against the quota before downloading). */
  declaredSize?: number;
}

/**
 * What a fetch came to: a journalable outcome; `held` — left on WhatsApp for now (the media
 * quota is full), fetched again when someone opens it; or `pending` — the fetcher stopped (the
 * daemon is stopping) before it was done: the next start fetches it.
 */
export type FetchResult = MediaOutcome | { state: 'held'; reason: string } | { state: 'pending' };

export interface MediaFetcherDeps {
  remote: MediaRemote;
  store: MediaStore;
  retry: MediaRetrySettings;
  /**
   * How many more bytes may be kept now (the media quota less what is kept); null: no quota.
   * Asked before each download.
   */
  room(): Promise<number | null>;
  /** Journals what became of the file (a `media` record); the fetch resolves after it. */
  settle(job: MediaJob, outcome: MediaOutcome): Promise<void>;
  warn(message: string, details: Record<string, unknown>): void;
}

/** Why a file stays on WhatsApp when the media quota is full, in the reader's language. */
export const quotaFullReason = () =>
  t`media quota full — an admin can raise it (\`guru account set --media-quota\`) or free space (\`guru media prune --older-than 180d\`)`;

/** `quotaFullReason` as the status reason kept in the chat index for every client: English (screens say it anew, see ops/chats.ts). */
export const QUOTA_FULL = runInLanguage('en', quotaFullReason);

/**
 * Downloads files into the media store, a few at a time: streamed from the transport into
 * `MediaStore.put` (never whole in memory), retried with capped exponential backoff when the
 * network or the host fails, through a re-upload request when WhatsApp's link expired, and given
 * up — "unavailable", with the reason — when it never will come. One fetch per message at a
 * time: asking again for one in course joins it.
 */
export class MediaFetcher {
  private readonly running = new Map<string, Promise<FetchResult>>();
  private readonly queue: (() => void)[] = [];
  private active = 0;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly wakers = new Set<() => void>();

  constructor(private readonly deps: MediaFetcherDeps) {}

  /** The fetch in course for a message, if any. */
  inCourse(phone: string, id: string): Promise<FetchResult> | undefined {
    return this.running.get(`${phone}|${id}`);
  }

  /** Fetches a message's file (or joins the fetch already in course); resolves with what it came to. */
  fetch(job: MediaJob): Promise<FetchResult> {
    const key = `${job.phone}|${job.id}`;
    const existing = this.running.get(key);
    if (existing) return existing;
    const result = this.slot(() => this.run(job)).finally(() => {
      if (this.running.get(key) === result) this.running.delete(key);
    });
    this.running.set(key, result);
    return result;
  }

  /** Stops: no new tries start, waits end at once; what is in course gets up to `graceMs` to finish. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.wakers]) wake();
    for (const start of this.queue.splice(0)) start();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running.values()]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref?.();
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Runs `task` when one of the `concurrency` slots is free. */
  private async slot<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.deps.retry.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active += 1;
    try {
      return await task();
    } finally {
      this.active -= 1;
      this.queue.shift()?.();
    }
  }

  private async run(job: MediaJob): Promise<FetchResult> {
    const { attempts } = this.deps.retry;
    let source = job.source;
    let reuploaded = false;
    let lastReason = '';
    for (let attempt = 1; attempt <= attempts && !this.stopped; attempt++) {
      const room = await this.deps.room();
      if (room !== null && (room <= 0 || (job.declaredSize !== undefined && job.declaredSize > room))) return { state: 'held', reason: QUOTA_FULL };
      const maxBytes = Math.min(MAX_MEDIA_BYTES, room ?? MAX_MEDIA_BYTES);
      try {
        const stored = await this.deps.store.put(await this.deps.remote.download(job.phone, source), { maxBytes });
        const outcome: MediaOutcome = { state: 'stored', sha256: stored.sha256, size: stored.size };
        await this.deps.settle(job, outcome);
        return outcome;
      } catch (err) {
        if (err instanceof MediaTooLarge) {
          if (room !== null && err.limit === room) return { state: 'held', reason: QUOTA_FULL };
          return this.giveUp(job, `the file is larger than the ${Math.round(MAX_MEDIA_BYTES / 1024 ** 3)} GB Guru keeps`);
        }
        const failure = asFetchError(err);
        lastReason = failure.message;
        if (failure.kind === 'permanent') return this.giveUp(job, failure.message);
        if (failure.kind === 'expired' && !reuploaded) {
          // The link is gone: the sender's phone uploads the file again, and it is downloaded from there.
          try {
            source = await this.deps.remote.reupload(job.phone, source);
            reuploaded = true;
            attempt -= 1; // the download after a re-upload is the same try
            continue;
          } catch (reErr) {
            const refused = asFetchError(reErr);
            lastReason = refused.message;
            if (refused.kind === 'permanent') return this.giveUp(job, refused.message);
          }
        } else if (failure.kind === 'expired') {
          reuploaded = false; // expired again right after a re-upload: ask again on the next try
        }
        this.deps.warn('media download failed; trying again', { phone: job.phone, messageId: job.id, attempt, reason: lastReason });
        if (attempt < attempts) await this.wait(Math.min(this.deps.retry.maxMs, this.deps.retry.initialMs * 2 ** (attempt - 1)));
      }
    }
    if (this.stopped) return { state: 'pending' };
    return this.giveUp(job, `could not be downloaded after ${attempts} tries: ${lastReason}`);
  }

  private async giveUp(job: MediaJob, reason: string): Promise<FetchResult> {
    const outcome: MediaOutcome = { state: 'unavailable', reason };
    await this.deps.settle(job, outcome);
    return outcome;
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      this.timers.add(timer);
      this.wakers.add(wake);
    });
  }
}

/** Anything thrown on the way (the disk, a bug) is worth another try, with its words as the reason. */
function asFetchError(err: unknown): MediaFetchError {
  if (err instanceof MediaFetchError) return err;
  return new MediaFetchError('transient', (err as Error)?.message ?? String(err));
}
