import type { FakeContact, FakeWhatsApp } from '../whatsapp/simulator/server.js';
import type { MediaSpec } from '../whatsapp/simulator/media-spec.js';
import { castMember, type CastMember, type CustomerTurn } from './cast.js';
import { samplePdf, samplePhoto, sampleVoiceNote } from './samples.js';

/** What the customers need of the simulated WhatsApp (the simulator's `FakeWhatsApp`). */
export interface CustomerNetwork {
  /** Every reply the linked device sent, as the customers' phones received it, in order. */
  readonly delivered: readonly { to: string; id: string }[];
  contact(number: string, name: string): Promise<FakeContact>;
  /** A text, or any WhatsApp message (a reaction). */
  sendMessage(from: FakeContact, text: Parameters<FakeWhatsApp['sendMessage']>[1]): Promise<string>;
  /** A file, uploaded encrypted to the media host as a phone does. */
  sendMedia(from: FakeContact, spec: MediaSpec): Promise<string>;
  sendReceipt(contact: FakeContact, messageId: string, type?: 'read'): Promise<void>;
}

export interface CustomerPace {
  /** A new customer writes this often, for as long as the demo runs. */
  customerEveryMs: number;
  /** A customer reads a reply (read receipt) halfway through this, and answers it after it. */
  customerAnswerMs: number;
}

/**
 * The demo's simulated customers, as phones behave: a new one writes in every so often, for as
 * long as the demo runs (the cast, then new people); each reply that reaches a customer's phone
 * is acknowledged at once (delivered, ✓✓), read a moment later, then answered with their next
 * turn (a line, a photo, a voice note, a PDF, a reaction to that reply) until their script runs
 * out. People of the synced history get receipts too.
 */
export class Customers {
  private contacts = new Map<string, { member: CastMember | null; contact: FakeContact; said: number }>();
  private deliveredSeen = 0;
  private next = 0;

  constructor(
    private readonly network: CustomerNetwork,
    /** The business's number (digits): a reaction's key names the chat as the customer's phone sees it. */
    private readonly business: string,
    private readonly pace: CustomerPace,
    /** Runs `fn` after `ms` unless the demo stopped meanwhile (the demo owns the timers). */
    private readonly later: (ms: number, fn: () => void) => void,
  ) {}

  /** Someone the phone already talks to (its history): not scripted, but their phone sends receipts. */
  know(contact: FakeContact): void {
    if (!this.contacts.has(contact.number)) this.contacts.set(contact.number, { member: null, contact, said: 0 });
  }

  /** The script of the customer with this number (`+55…` or digits), if they are one of the demo's. */
  memberOf(customer: string): CastMember | undefined {
    return this.contacts.get(customer.replace(/^\+/, ''))?.member ?? undefined;
  }

  /** How many customers have written in so far. */
  get started(): number {
    return this.next;
  }

  /** The first customer in `firstMs`, then one every `customerEveryMs`; replies are watched every `pollMs`. */
  start(firstMs = 500, pollMs = 200): void {
    const tick = () => {
      void this.newCustomer().catch(() => undefined);
      this.later(this.pace.customerEveryMs, tick);
    };
    this.later(firstMs, tick);
    const poll = () => {
      this.onDelivered();
      this.later(pollMs, poll);
    };
    this.later(pollMs, poll);
  }

  private async newCustomer(): Promise<void> {
    const member = castMember(this.next++);
    const contact = await this.network.contact(member.number, member.name);
    this.contacts.set(member.number, { member, contact, said: 1 });
    await this.play(contact, member.lines[0]!, null);
  }

  /** Replies that reached a customer's phone since the last look: receipts, then their next line. */
  private onDelivered(): void {
    while (this.deliveredSeen < this.network.delivered.length) {
      const out = this.network.delivered[this.deliveredSeen++]!;
      const entry = this.contacts.get(out.to);
      if (!entry) continue;
      const ignore = () => undefined;
      void this.network.sendReceipt(entry.contact, out.id).catch(ignore);
      this.later(this.pace.customerAnswerMs / 2, () => void this.network.sendReceipt(entry.contact, out.id, 'read').catch(ignore));
      if (!entry.member || entry.said >= entry.member.lines.length) continue;
      const turn = entry.member.lines[entry.said++]!;
      this.later(this.pace.customerAnswerMs, () => void this.play(entry.contact, turn, out.id).catch(ignore));
      // A reaction gets no reply: the turn after it follows it a moment later.
      if (typeof turn !== 'string' && 'react' in turn && entry.said < entry.member.lines.length) {
        const next = entry.member.lines[entry.said++]!;
        this.later(this.pace.customerAnswerMs * 1.5, () => void this.play(entry.contact, next, out.id).catch(ignore));
      }
    }
  }

  /** The customer's phone does `turn`; `reply` is the id of the reply they are answering (null: they write first). */
  private async play(contact: FakeContact, turn: CustomerTurn, reply: string | null): Promise<void> {
    if (typeof turn === 'string') {
      await this.network.sendMessage(contact, turn);
    } else if ('react' in turn) {
      if (!reply) return;
      // As the customer's phone keys it: the reply came from the business, so not fromMe.
      const key = { remoteJid: `${this.business}@s.whatsapp.net`, fromMe: false, id: reply };
      await this.network.sendMessage(contact, { reactionMessage: { key, text: turn.react, senderTimestampMs: Date.now() } });
    } else if (turn.send === 'photo') {
      const photo = samplePhoto();
      await this.network.sendMedia(contact, { type: 'image', ...photo, ...(turn.caption ? { caption: turn.caption } : {}) });
    } else if (turn.send === 'voice') {
      const voice = sampleVoiceNote();
      await this.network.sendMedia(contact, { type: 'audio', bytes: voice.bytes, mimetype: voice.mimetype, ptt: true, seconds: voice.seconds });
    } else {
      const pdf = samplePdf(turn.title, turn.body);
      await this.network.sendMedia(contact, { type: 'document', ...pdf, fileName: turn.fileName, ...(turn.caption ? { caption: turn.caption } : {}) });
    }
  }
}
