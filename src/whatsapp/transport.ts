import { randomBytes } from 'node:crypto';
import type { MessageContent } from '../core/chats/content.js';
import type { InboundMessage, Receipt } from '../core/chats/model.js';
import type { SendContext } from '../core/chats/ports.js';
import type { LinkEvent } from '../core/link.js';
import type { WhatsAppLookup } from '../core/context.js';
import type { LinkState } from '../core/model.js';
import type { HealthEvent } from '../core/phone-health.js';

/**
 * What a transport reports to whoever runs it (the daemon, which passes it to the engine).
 * The promises matter: a transport acknowledges a message to WhatsApp only after
 * `message()` resolved, i.e. once the message is durable.
 */
export interface TransportHandler {
  message(message: InboundMessage): Promise<void>;
  receipt(receipt: Receipt): Promise<void>;
  connection(state: LinkState, detail?: string): void;
  /** A batch of synced history; `progress` is 0–100. */
  history(batch: { messages: InboundMessage[]; progress: number }): Promise<void>;
  /** WhatsApp revealed the phone number behind a LID. */
  alias(lidJid: string, phoneJid: string): Promise<void>;
  /** Progress of a `link()` in course, for whoever is watching it. */
  link(event: LinkEvent): void;
  /** A drop or an undecryptable message: what `guru phone health` counts. */
  health?(event: HealthEvent): void;
}

/** One phone's connection to WhatsApp. */
export interface Transport {
  readonly phone: string;
  /** 'baileys' for real WhatsApp, 'memory' for tests and benchmarks. */
  readonly kind: string;
  start(handler: TransportHandler): Promise<void>;
  stop(): Promise<void>;
  /**
   * Resolves once WhatsApp's server accepted it; rejects when it could not be sent (also for a
   * kind of content this transport cannot send). `context`: a media message's file, the message
   * a reply or reaction is about.
   */
  send(toJid: string, content: MessageContent, messageId: string, context?: SendContext): Promise<void>;
  /**
   * Whether `number` (E.164) has WhatsApp, and the JID WhatsApp knows it by (Baileys
   * `onWhatsApp`). Throws `not_linked` when not connected.
   */
  lookup(number: string): Promise<WhatsAppLookup>;
  markRead(toJid: string, messageIds: string[]): Promise<void>;
  setTyping(toJid: string, typing: boolean): Promise<void>;
  /** Starts linking (QR, or an 8-character code); progress arrives through `handler.link`. */
  link(options: { pairingCode: boolean }): Promise<void>;
  /** Abandons a link in course: nothing of it is kept. */
  cancelLink(): Promise<void>;
  /** Whether a paired device's credentials are kept (connected now or not). */
  linked(): Promise<boolean>;
  /**
   * Logs the companion device out and forgets its credentials; `loggedOut` says whether
   * WhatsApp was told (only over a live connection: otherwise the phone still lists the device).
   */
  unlink(): Promise<{ loggedOut: boolean }>;
  /**
   * An inbound message's media file, decrypted, as it streams in (`InboundMessage.mediaSource`
   * says where it is). Fails with a `MediaFetchError` saying whether to ask for a re-upload, try
   * again later, or give up.
   */
  downloadMedia(source: string): Promise<AsyncIterable<Uint8Array>>;
  /** Asks the sender's phone to upload an expired file again; resolves with the source to download it from now. */
  reuploadMedia(source: string): Promise<string>;
  /**
   * Forgets what this number's WhatsApp session keeps about these people (a number's or a LID's
   * digits): their encryption sessions, devices, LID mapping — an erasure (LGPD). WhatsApp makes
   * them again should the person write once more. Absent: the transport keeps nothing of them.
   */
  forgetPeers?(users: ReadonlySet<string>): Promise<void>;
}

// Guru's own sends use `3EB0` + 16 hex digits (chat-sends.ts), as WhatsApp Web does; private
// ones carry a fixed mark after it. Hex only: the ids WhatsApp's clients make.
const PRIVATE_MARK = '3EB05EC2E7A1';

/**
 * An id for a message sent privately (an invite): WhatsApp echoes our own sends back as
 * messages from the phone, which would file it in a chat — so whatever carries this mark and
 * comes from our own number (live, or in a later history sync) is left out of the chats.
 */
export function privateMessageId(): string {
  return `${PRIVATE_MARK}${randomBytes(10).toString('hex').toUpperCase()}`;
}

export function isPrivateMessageId(id: string): boolean {
  return id.startsWith(PRIVATE_MARK);
}
