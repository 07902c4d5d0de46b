import type { PendingMedia } from '../chats/chat-index.js';
import type { ChatService } from '../chats/chat-service.js';
import { formatSize, isMedia, type MediaContent } from '../chats/content.js';
import { lineCount, type MediaOutcome, type MediaStatus } from '../chats/model.js';
import { invalid, notFound } from '../errors.js';
import type { StateRepository } from '../ports.js';
import { MediaFetcher, MEDIA_RETRY, type FetchResult, type MediaJob, type MediaRetrySettings } from './media-fetcher.js';
import type { MediaStore } from './ports.js';
import type { MediaRemote } from './remote.js';
import { runInLanguage, t } from '../../i18n/translate.js';

export interface MediaServiceDeps {
  chats: ChatService;
  store: MediaStore;
  remote: MediaRemote;
  state: StateRepository;
  retry?: Partial<MediaRetrySettings>;
  warn(message: string, details: Record<string, unknown>): void;
}

/** How long `fetch` waits for a file by default before answering with where it stands. */
export const FETCH_WAIT_MS = 60_000;

/** The shares of the media quota at which the daemon warns (in its log and `daemon status`). */
export const QUOTA_WARNINGS = [80, 90, 100] as const;

/** What the media store holds against its quota (`guru daemon status`). */
export interface MediaUsage {
  bytes: number;
  files: number;
  /** The account's media quota in bytes; null: none. */
  quota: number | null;
  /** `bytes` as a whole percentage of the quota; null without one. */
  percent: number | null;
  /** At 80 % of the quota or more: what is happening and what to do. */
  warning: string | null;
}

/** What `prune` removed (or, in a dry run, would remove). */
export interface PruneResult {
  dryRun: boolean;
  /** Messages dated before this lost their files (ISO). */
  before: string;
  /** Files removed, and the bytes they held. */
  files: number;
  bytes: number;
  /** Messages whose file is gone (they show "pruned"; `guru chat media` fetches it again while WhatsApp has it). */
  messages: number;
  /** Files of old messages kept because a newer message uses the same bytes. */
  keptShared: number;
}

/**
 * Customers' files: a live message's file is fetched as soon as the message is durable (the
 * acknowledgement to WhatsApp never waits for it), files still to fetch at a restart are fetched
 * again, and history's files stay on WhatsApp until someone opens them (`fetch`). Outcomes are
 * journaled as `media` records, which the chat index turns into each message's `MediaStatus`.
 */
export class MediaService {
  private readonly fetcher: MediaFetcher;

  constructor(private readonly deps: MediaServiceDeps) {
    this.fetcher = new MediaFetcher({
      remote: deps.remote,
      store: deps.store,
      retry: { ...MEDIA_RETRY, ...deps.retry },
      room: () => this.room(),
      settle: (job, outcome) => this.settle(job, outcome),
      warn: deps.warn,
    });
    deps.chats.mediaListeners.push((waiting) => void this.fetchWaiting(waiting));
  }

  /**
   * At start, once the journal is loaded (or when this daemon takes `phone` over from another):
   * live files a stop or crash left unfetched are fetched now — those of numbers held here.
   */
  resume(phone?: string): number {
    const waiting = this.deps.chats.index.mediaToFetch().filter((w) => (phone === undefined || w.phone === phone) && this.deps.chats.holds(w.phone));
    for (const w of waiting) void this.fetchWaiting(w);
    return waiting.length;
  }

  /**
   * Stops fetching (the daemon stops): no new tries; downloads in course get a few seconds to
   * finish and be journaled. What is unfinished stays to fetch at the next start.
   */
  async stop(graceMs = 5_000): Promise<void> {
    await this.fetcher.stop(graceMs);
  }

  /**
   * Makes sure a message's file is kept, and says where it stands: a file on WhatsApp (history,
   * or held back by the quota, or pruned) is fetched now; one being fetched is waited for. Either
   * way at most `waitMs`, then the answer is the status at that moment (`pending` while it is
   * still coming). `stored` carries the sha256 to open in the media store; `unavailable` says why.
   * The caller checks first that the asker may see the message's chat: this does not.
   */
  async fetch(phone: string, messageId: string, options: { waitMs?: number } = {}): Promise<MediaStatus> {
    const chats = this.deps.chats;
    const message = await chats.message(phone, messageId);
    if (!message) throw notFound(t`no message "${messageId}" — see \`guru chat show <chat>\` for message ids`);
    const status = chats.index.mediaStatus(phone, message);
    if (!status) {
      throw invalid(
        message.content.type === 'text'
          ? t`message ${messageId} has no file (it is text)`
          : t`message ${messageId} has no file (it is a ${message.content.type})`,
      );
    }
    if (status.state === 'stored' && (await this.deps.store.size(status.sha256)) !== null) return status;
    if (status.state === 'unavailable') return status;
    // Where the file stands now: the message read again (one out of memory carries what the
    // journal said of its file when it was read, and a fetch may have journaled more since).
    const current = async () => chats.index.mediaStatus(phone, (await chats.message(phone, messageId)) ?? message);
    let result = this.fetcher.inCourse(phone, messageId);
    if (!result) {
      const [record] = await chats.records(phone, [message.offset]);
      const source = record?.type === 'message' ? record.mediaSource : undefined;
      // A file from before Guru kept its WhatsApp link, or our own send whose copy is gone.
      if (source === undefined) {
        return status.state === 'pruned'
          ? status
          : { state: 'unavailable', reason: t`Guru has no WhatsApp link for this file (it came in before media was kept)` };
      }
      // The read takes a moment (a database's round trip): a live file's own fetch may have begun
      // — or begun and ended, the file kept — meanwhile. Join it, or answer, but never download twice.
      const meanwhile = await current();
      if (meanwhile?.state === 'unavailable' || (meanwhile?.state === 'stored' && status.state !== 'stored')) return meanwhile;
      result = this.fetcher.inCourse(phone, messageId);
      if (!result) {
        result = this.fetcher.fetch(job(phone, messageId, source, message.content as MediaContent));
        void result.then((r) => this.afterFetch(phone, messageId, r));
      }
    }
    const waitMs = options.waitMs ?? FETCH_WAIT_MS;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      result.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
        timer.unref?.();
      }),
    ]).finally(() => clearTimeout(timer));
    if (!ended) return { state: 'pending' };
    return (await current()) ?? status;
  }

  /** How many more bytes may be kept now; null: no quota. Warns as the store fills (`QUOTA_WARNINGS`). */
  async room(): Promise<number | null> {
    const usage = await this.usage();
    return usage.quota === null ? null : usage.quota - usage.bytes;
  }

  /** The highest warning level reached so far, so each is logged once as the store fills. */
  private warned = 0;

  /** What the media store holds against the account's quota, with a warning from 80 % on. */
  async usage(): Promise<MediaUsage> {
    const [{ bytes, files }, state] = await Promise.all([this.deps.store.usage(), this.deps.state.read()]);
    const quota = state.account?.mediaQuota ?? null;
    if (quota === null) return { bytes, files, quota, percent: null, warning: null };
    const percent = Math.floor((bytes / quota) * 100);
    const level = [...QUOTA_WARNINGS].reverse().find((l) => percent >= l) ?? 0;
    const warning = () =>
      level === 0
        ? null
        : level >= 100
          ? t`media storage is full (${formatSize(bytes)} of its ${formatSize(quota)} quota): new files stay on WhatsApp until space is freed — raise the quota (\`guru account set --media-quota\`) or free space (\`guru media prune --older-than 180d\`)`
          : t`media storage is at ${percent}% of its ${formatSize(quota)} quota — raise it (\`guru account set --media-quota\`) or free space (\`guru media prune --older-than 180d\`) before it fills`;
    // The log is read by whoever runs the daemon, in English like every log line; the answer in the asker's language.
    if (level > this.warned && level > 0) this.deps.warn(runInLanguage('en', warning)!, { bytes, quota, percent });
    this.warned = level;
    return { bytes, files, quota, percent, warning: warning() };
  }

  /**
   * Removes the files of messages dated before `before` — one a newer message still uses stays —
   * and journals each such message's file as `pruned` (the message itself stays). `dryRun`: only
   * says what it would free. Every message is looked at, those out of memory read from the journal.
   */
  async prune(before: string, dryRun: boolean): Promise<PruneResult> {
    const chats = this.deps.chats;
    const old = new Map<string, { phone: string; chatId: string; id: string }[]>();
    const inUse = new Set<string>();
    for (const chat of chats.index.all()) {
      const mediaOf = chats.index.mediaOf(chat.phone);
      for (const message of await chats.history(chat, lineCount(chat))) {
        const status = mediaOf(message);
        if (status?.state !== 'stored') continue;
        if (message.time >= before) inUse.add(status.sha256);
        else old.set(status.sha256, [...(old.get(status.sha256) ?? []), { phone: chat.phone, chatId: chat.id, id: message.id }]);
      }
    }
    const result: PruneResult = { dryRun, before, files: 0, bytes: 0, messages: 0, keptShared: 0 };
    for (const [sha256, messages] of old) {
      if (inUse.has(sha256)) {
        result.keptShared += 1;
        continue;
      }
      const size = await this.deps.store.size(sha256);
      if (size !== null) {
        result.files += 1;
        result.bytes += size;
      }
      result.messages += messages.length;
      if (dryRun) continue;
      // Journaled first: a crash between the two leaves a file no message names, never a message naming a file that is gone.
      for (const m of messages) await chats.recordMedia(m.phone, { type: 'media', id: m.id, chatId: m.chatId, time: chats.now(), state: 'pruned' });
      await this.deps.store.remove(sha256);
    }
    if (!dryRun) this.warned = 0; // space was freed: warn again should it fill again
    return result;
  }

  /** A live message's file, as it arrives or at start: read its source back from the journal, then fetch. */
  private async fetchWaiting(waiting: PendingMedia): Promise<void> {
    try {
      const [record] = await this.deps.chats.records(waiting.phone, [waiting.offset]);
      if (record?.type !== 'message' || record.id !== waiting.id || record.mediaSource === undefined) return;
      const content = record.content;
      if (!content || !isMedia(content)) return;
      const result = await this.fetcher.fetch(job(waiting.phone, waiting.id, record.mediaSource, content));
      this.afterFetch(waiting.phone, waiting.id, result);
    } catch (err) {
      // Journaling the outcome failed (a full disk): it stays to fetch, at the latest at the next start.
      this.deps.warn('could not fetch a message’s media', { phone: waiting.phone, messageId: waiting.id, error: (err as Error).message });
    }
  }

  private afterFetch(phone: string, id: string, result: FetchResult): void {
    if (result.state === 'held') this.deps.chats.index.holdMedia(phone, id, result.reason);
  }

  /** Journals what became of a file, in the chat the message is in now (a LID chat may have merged). */
  private async settle(job: MediaJob, outcome: MediaOutcome): Promise<void> {
    const chat = await this.deps.chats.locate(job.phone, job.id);
    if (!chat) return;
    await this.deps.chats.recordMedia(job.phone, { type: 'media', id: job.id, chatId: chat.id, time: this.deps.chats.now(), ...outcome });
  }
}

function job(phone: string, id: string, source: string, content: MediaContent): MediaJob {
  return { phone, id, source, ...(content.size !== undefined ? { declaredSize: content.size } : {}) };
}
