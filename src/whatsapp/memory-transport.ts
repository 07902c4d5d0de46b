import { randomBytes } from 'node:crypto';
import { describeContent, type MessageContent } from '../core/chats/content.js';
import type { InboundMessage } from '../core/chats/model.js';
import { SendDeferred } from '../core/chats/ports.js';
import type { WhatsAppLookup } from '../core/context.js';
import { GuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';
import { MediaFetchError } from '../core/media/remote.js';
import type { Transport, TransportHandler } from './transport.js';

export interface SentMessage {
  to: string;
  /** The content in plain text (`describeContent`): the words, for text. */
  text: string;
  content: MessageContent;
  id: string;
  time: string;
}

export interface MemoryMediaFile {
  bytes: Uint8Array;
  /** Transient failures to give before serving it. */
  failures?: number;
  expired?: boolean;
  gone?: boolean;
}

/**
 * A transport with no WhatsApp behind it: customers' messages are injected, what agents send
 * is kept in `outbox`. The engine cannot tell it from the real one, which is the point — tests
 * and benchmarks drive the whole daemon path with it.
 */
export class MemoryTransport implements Transport {
  readonly kind = 'memory';
  readonly outbox: SentMessage[] = [];
  /** Numbers (E.164) that have no WhatsApp, as a test says; every other number has it. */
  readonly withoutWhatsApp = new Set<string>();
  /**
   * The files customers sent (by media source), as a media host would serve them; a test may
   * make one fail (`failures` transient failures first), expire (a re-upload brings it back) or
   * be gone for good (the re-upload is refused).
   */
  readonly mediaFiles = new Map<string, MemoryMediaFile>();
  /** How many downloads and re-uploads were asked for. */
  downloads = 0;
  reuploads = 0;
  private handler: TransportHandler | null = null;
  private unlinked = false;

  constructor(readonly phone: string) {}

  async start(handler: TransportHandler): Promise<void> {
    this.handler = handler;
    handler.connection('connected');
  }

  async stop(): Promise<void> {
    this.handler = null;
  }

  /**
   * A customer writes (any content: text, an image, a reaction…); resolves once the engine has it
   * durably (the acknowledgement). `media`: the bytes of a media message's file, served to
   * `downloadMedia` under a source made for it.
   */
  async inject(message: Omit<InboundMessage, 'phone' | 'id' | 'time' | 'mediaSource'> & { id?: string; time?: string; media?: Uint8Array }): Promise<void> {
    const { media, ...rest } = message;
    let mediaSource: string | undefined;
    if (media) {
      mediaSource = `memory:${randomBytes(12).toString('hex')}`;
      this.mediaFiles.set(mediaSource, { bytes: media });
    }
    await this.connected().message({
      ...rest,
      phone: this.phone,
      id: message.id ?? randomBytes(10).toString('hex').toUpperCase(),
      time: message.time ?? new Date().toISOString(),
      ...(mediaSource ? { mediaSource } : {}),
    });
  }

  /** The file behind a message's media source (to make it fail, expire, or go). */
  mediaFile(source: string): MemoryMediaFile {
    const file = this.mediaFiles.get(source);
    if (!file) throw new Error(`no media file under ${source}`);
    return file;
  }

  async downloadMedia(source: string): Promise<AsyncIterable<Uint8Array>> {
    this.downloads += 1;
    const file = this.mediaFiles.get(source);
    if (!file) throw new MediaFetchError('permanent', 'no such file');
    if (file.failures) {
      file.failures -= 1;
      throw new MediaFetchError('transient', 'the media host did not answer');
    }
    if (file.expired || file.gone) throw new MediaFetchError('expired', 'the link has expired (HTTP 410)');
    const { bytes } = file;
    return (async function* () {
      // In slices, as a download arrives.
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    })();
  }

  async reuploadMedia(source: string): Promise<string> {
    this.reuploads += 1;
    const file = this.mediaFiles.get(source);
    if (!file || file.gone) throw new MediaFetchError('permanent', 'the file expired on WhatsApp and the sender’s phone no longer has it');
    file.expired = false;
    return source;
  }

  async deliver(id: string, status: 'delivered' | 'read'): Promise<void> {
    await this.connected().receipt({ phone: this.phone, id, status, time: new Date().toISOString() });
  }

  async send(toJid: string, content: MessageContent, messageId: string): Promise<void> {
    if (!this.handler) throw new SendDeferred(`phone ${this.phone} is not connected`);
    this.outbox.push({ to: toJid, text: describeContent(content), content, id: messageId, time: new Date().toISOString() });
  }

  async lookup(number: string): Promise<WhatsAppLookup> {
    this.connected();
    return this.withoutWhatsApp.has(number) ? { exists: false } : { exists: true, jid: `${number.replace(/^\+/, '')}@s.whatsapp.net` };
  }

  async markRead(): Promise<void> {
    this.connected();
  }

  async setTyping(): Promise<void> {
    this.connected();
  }

  /** Linked from the start; linking again (after an unlink) has nothing to do but say so. */
  async link(): Promise<void> {
    const handler = this.connected();
    if (this.unlinked) {
      this.unlinked = false;
      handler.connection('connected');
    }
    handler.link({ type: 'linked', number: this.phone });
  }

  async cancelLink(): Promise<void> {}

  async linked(): Promise<boolean> {
    return !this.unlinked;
  }

  /** Nothing on a server to log out of; the phone reports unlinked until linked again. */
  async unlink(): Promise<{ loggedOut: boolean }> {
    this.unlinked = true;
    this.handler?.connection('unlinked');
    return { loggedOut: true };
  }

  private connected(): TransportHandler {
    if (!this.handler) throw new GuruError('not_linked', t`phone ${this.phone} is not connected`);
    return this.handler;
  }
}
