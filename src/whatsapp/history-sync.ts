import type { WAMessage } from '@whiskeysockets/baileys';
import type { InboundMessage } from '../core/chats/model.js';
import { messageContent } from './message-content.js';
import { mediaSourceOf } from './media-source.js';
import { isPrivateMessageId, type TransportHandler } from './transport.js';

/** One Baileys `messaging-history.set` event, as far as Guru reads it. */
export interface HistoryEvent {
  messages: WAMessage[];
  progress?: number | null;
  lidPnMappings?: { lid: string; pn: string }[];
}

/**
 * A 1:1 message as the engine wants it — the customer's, or one the business wrote on the phone
 * (`fromMe`); null for groups, broadcasts, notes to self and empty ones.
 */
export function toInbound(phone: string, m: WAMessage): InboundMessage | null {
  const jid = m.key.remoteJid;
  if (!jid || !m.key.id) return null;
  if (!jid.endsWith('@s.whatsapp.net') && !jid.endsWith('@lid')) return null;
  if (jid.split(/[:@]/)[0] === phone.replace(/^\+/, '')) return null; // the number's chat with itself
  if (m.key.fromMe && isPrivateMessageId(m.key.id)) return null; // sent privately (an invite): never in a chat
  const content = messageContent(m.message);
  if (content === null) return null;
  const alt = (m.key as { remoteJidAlt?: string }).remoteJidAlt;
  const seconds = Number(m.messageTimestamp ?? 0);
  const mediaSource = mediaSourceOf(m.key, m.message);
  return {
    phone,
    id: m.key.id,
    from: jid,
    ...(alt ? { fromPhone: alt } : {}),
    ...(m.pushName && !m.key.fromMe ? { pushName: m.pushName } : {}),
    ...(m.key.fromMe ? { fromMe: true } : {}),
    content,
    ...(mediaSource ? { mediaSource } : {}),
    time: new Date(seconds > 0 ? seconds * 1000 : Date.now()).toISOString(),
  };
}

/** How many quiet spells to wait for the first history batch of a link. */
const FIRST_BATCH_PATIENCE = 4;

export interface HistorySyncOptions {
  phone: string;
  handler: Pick<TransportHandler, 'history' | 'alias' | 'link'>;
  /** Baileys' `jidNormalizedUser` (Baileys is loaded lazily, so it is passed in). */
  normalizeJid(jid: string): string;
  /** While linking, how long without a history batch counts as "history done". */
  settleMs: number;
  /** History is done: at 100 %, or after `settleMs` without a batch. Called once. */
  onDone(): void;
}

/**
 * A phone's history sync: turns Baileys' history events into the engine's batches. While a
 * link is in course it also holds batches back until the number that scanned is verified (they
 * may be another number's history), reports progress, and decides when history is done.
 */
export class HistorySync {
  private linking: {
    verified: boolean;
    held: HistoryEvent[];
    progress: number;
    batches: number;
    /** Customers (by phone number where WhatsApp told it) and messages taken in so far, for progress. */
    customers: Set<string>;
    messages: number;
  } | null = null;
  private settleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: HistorySyncOptions) {}

  /** A link starts: batches are held until `verified()`. */
  beginLink(): void {
    this.linking = { verified: false, held: [], progress: 0, batches: 0, customers: new Set(), messages: 0 };
    this.clearSettle();
  }

  /**
   * The linked number is the right one: report syncing, wait for history, and let held batches
   * in. Again after a reconnect during the sync: the progress so far stands, the wait restarts.
   */
  async verified(): Promise<void> {
    if (!this.linking) return;
    this.linking.verified = true;
    this.reportProgress();
    this.armSettle();
    for (const batch of this.linking.held.splice(0)) await this.add(batch);
  }

  /**
   * The connection dropped during the sync: time without batches no longer means "the phone has
   * sent everything", so the quiet-spell clock stops until `verified()` is called again.
   */
  paused(): void {
    this.clearSettle();
  }

  /** The link ended (done, cancelled or failed): later batches go straight in, with no progress. */
  endLink(): void {
    this.linking = null;
    this.clearSettle();
  }

  /** One `messaging-history.set` event; resolves once the engine has the batch durably. */
  async add(event: HistoryEvent): Promise<void> {
    if (this.linking && !this.linking.verified) return void this.linking.held.push(event);
    const { handler, normalizeJid, phone } = this.options;
    for (const { lid, pn } of event.lidPnMappings ?? []) {
      if (lid && pn) await handler.alias(normalizeJid(lid), normalizeJid(pn));
    }
    // WhatsApp lists each conversation's history newest first; a chat reads oldest first, and
    // its last message is its latest. (A stable sort: messages of the same second keep their order.)
    const messages = event.messages
      .map((m) => toInbound(phone, m))
      .filter((m): m is InboundMessage => m !== null)
      .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const progress = Math.max(0, Math.min(100, event.progress ?? 100));
    await handler.history({ messages, progress });
    if (!this.linking) return;
    this.linking.progress = Math.max(this.linking.progress, progress);
    this.linking.batches += 1;
    const pnOf = new Map((event.lidPnMappings ?? []).map(({ lid, pn }) => [normalizeJid(lid), normalizeJid(pn)]));
    for (const m of messages) {
      const jid = normalizeJid(m.fromPhone ?? m.from);
      this.linking.customers.add(pnOf.get(jid) ?? jid);
    }
    this.linking.messages += messages.length;
    this.reportProgress();
    if (progress >= 100) this.done();
    else this.armSettle();
  }

  /** Tells whoever watches the link how far the sync is. */
  private reportProgress(): void {
    if (!this.linking) return;
    const { progress, customers, messages } = this.linking;
    this.options.handler.link({ type: 'state', state: 'syncing', progress, chats: customers.size, messages });
  }

  /**
   * History counts as done at 100 %, or after a quiet spell (a phone with little history). Until
   * the first batch the spell is longer: a phone takes a while to start uploading (and a busy
   * machine to take it in), and ending the link then would turn its history into live traffic.
   */
  private armSettle(): void {
    this.clearSettle();
    const ms = this.linking?.batches === 0 ? this.options.settleMs * FIRST_BATCH_PATIENCE : this.options.settleMs;
    this.settleTimer = setTimeout(() => this.done(), ms);
    this.settleTimer.unref();
  }

  private clearSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private done(): void {
    if (!this.linking) return;
    this.endLink();
    this.options.onDone();
  }
}
