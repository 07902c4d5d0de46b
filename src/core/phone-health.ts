import type { LinkState } from './model.js';

/** What a transport tells about its link's health, beside its state. */
export type HealthEvent =
  /** The connection to WhatsApp closed under us: WhatsApp's status code, and its name or the error. */
  | { type: 'disconnected'; code: number | null; reason: string }
  /** A message arrived that could not be decrypted (WhatsApp is asked to send it again). */
  | { type: 'decrypt_failed'; messageId: string }
  /** A message that had failed to decrypt arrived again, readable. */
  | { type: 'decrypt_recovered'; messageId: string };

export interface Disconnect {
  time: string;
  code: number | null;
  reason: string;
}

/**
 * One number's health as the daemon saw it since it started (`guru phone health`, the panel):
 * its link, its drops, the messages WhatsApp could not get across, what it knows of `@lid`
 * customers, how much history came, and what waits to go out.
 */
export interface PhoneHealth {
  number: string;
  state: LinkState;
  /** Since when the state is what it is (ISO). */
  since: string;
  /** Since when it has been connected, if it is. */
  connectedSince: string | null;
  disconnects: { count: number; recent: Disconnect[] };
  decrypt: { failed: number; recovered: number };
  /** `@lid` customers whose phone number WhatsApp told us. */
  aliases: number;
  /** History sync taken in since the daemon started, and the phone's last progress figure (0–100). */
  history: { chats: number; messages: number; progress: number | null };
  /** Messages waiting to go out now, and sends given up (failed, until someone retries them). */
  outbox: { pending: number; failed: number };
}

/** Drops kept with their reasons; the count goes on. */
const RECENT_DISCONNECTS = 10;
/** Ids of undecryptable messages remembered to notice their recovery. */
const FAILED_IDS_KEPT = 1_000;

/** A number's health figures as events arrive (the daemon keeps one per number). */
export class PhoneHealthLog {
  private current: LinkState = 'unlinked';
  private since: Date;
  private connectedSince: Date | null = null;
  private disconnectCount = 0;
  private recent: Disconnect[] = [];
  private failedIds = new Set<string>();
  private decryptFailed = 0;
  private decryptRecovered = 0;
  private history = { chats: 0, messages: 0, progress: null as number | null };

  constructor(
    readonly number: string,
    private readonly now: () => Date,
  ) {
    this.since = now();
  }

  state(state: LinkState): void {
    if (state === this.current) return;
    this.current = state;
    this.since = this.now();
    this.connectedSince = state === 'connected' ? this.since : null;
  }

  event(event: HealthEvent): void {
    switch (event.type) {
      case 'disconnected':
        this.disconnectCount += 1;
        this.recent = [...this.recent, { time: this.now().toISOString(), code: event.code, reason: event.reason }].slice(-RECENT_DISCONNECTS);
        return;
      case 'decrypt_failed':
        if (this.failedIds.has(event.messageId)) return; // the same message failing again is one failure
        this.decryptFailed += 1;
        this.failedIds.add(event.messageId);
        if (this.failedIds.size > FAILED_IDS_KEPT) this.failedIds.delete(this.failedIds.values().next().value!);
        return;
    }
  }

  /** A message taken in: if it is one that had failed to decrypt, the retry worked. */
  received(messageId: string): void {
    if (this.failedIds.delete(messageId)) this.decryptRecovered += 1;
  }

  /** A history batch taken in; `progress` as the phone reported it. */
  historyBatch(batch: { chats: number; messages: number; progress: number | null }): void {
    this.history.chats += batch.chats;
    this.history.messages += batch.messages;
    if (batch.progress !== null) this.history.progress = batch.progress;
  }

  snapshot(engine: { aliases: number; pending: number; failed: number }): PhoneHealth {
    return {
      number: this.number,
      state: this.current,
      since: this.since.toISOString(),
      connectedSince: this.connectedSince?.toISOString() ?? null,
      disconnects: { count: this.disconnectCount, recent: [...this.recent] },
      decrypt: { failed: this.decryptFailed, recovered: this.decryptRecovered },
      aliases: engine.aliases,
      history: { ...this.history },
      outbox: { pending: engine.pending, failed: engine.failed },
    };
  }
}
