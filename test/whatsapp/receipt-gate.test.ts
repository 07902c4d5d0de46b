// WhatsApp forgets a message once the device sends its delivery receipt. Baileys sends that
// receipt before handing the message over, so the transport holds it until the handler (the
// engine storing the message) is done: a daemon that dies in between leaves the message with
// WhatsApp, which gives it to the next connection. The REAL Baileys against the simulator.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { LinkEvent } from '../../src/core/link.js';
import type { LinkState } from '../../src/core/model.js';
import type { Secret } from '../../src/core/ports.js';
import { MemorySecretStore } from '../../src/store/memory.js';
import { BaileysTransport } from '../../src/whatsapp/baileys-transport.js';
import type { InboundMessage } from '../../src/core/chats/model.js';
import type { TransportHandler } from '../../src/whatsapp/transport.js';
import { FakeWhatsApp } from '../fake-whatsapp/server.js';
import { waitUntil } from '../helpers/wait.js';

const NUMBER = '5511999990000';

describe('a received message is receipted to WhatsApp only once it is stored', () => {
  let wa: FakeWhatsApp | undefined;
  let transport: BaileysTransport | undefined;

  beforeAll(() => {
    // libsignal's session logging in this process
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await transport?.stop();
    await wa?.close();
    transport = undefined;
    wa = undefined;
  });

  const secrets = () => new MemorySecretStore().phoneCredentials(`+${NUMBER}`);

  /** A transport for the number, whose handler stores each message as `store` lets it (a slow disk, a busy database). */
  const transportWith = (credentials: Secret, store: (message: InboundMessage) => Promise<void>, states: LinkState[], events: LinkEvent[] = []) => {
    const made = new BaileysTransport({
      phone: `+${NUMBER}`,
      credentials,
      url: wa!.url,
      trust: { publicKeyHex: wa!.trust.publicKeyHex, serial: wa!.trust.serial },
      logger: pino({ level: 'silent' }, { write: () => undefined }),
      getMessage: async () => undefined,
      syncSettleMs: 300,
      backoff: { initialMs: 100, maxMs: 500 },
    });
    const handler: TransportHandler = {
      message: store,
      receipt: async () => undefined,
      connection: (state) => void states.push(state),
      history: async () => undefined,
      alias: async () => undefined,
      link: (event) => void events.push(event),
    };
    return { transport: made, start: () => made.start(handler) };
  };

  /** A transport linked by QR now. */
  const linked = async (credentials: Secret, store: (message: InboundMessage) => Promise<void>) => {
    wa = await FakeWhatsApp.start();
    const states: LinkState[] = [];
    const events: LinkEvent[] = [];
    const made = transportWith(credentials, store, states, events);
    transport = made.transport;
    await made.start();
    await transport.link({ pairingCode: false });
    await waitUntil('a QR', () => events.some((e) => e.type === 'qr'));
    await wa.scan((events.find((e) => e.type === 'qr') as Extract<LinkEvent, { type: 'qr' }>).qr, { number: NUMBER });
    await waitUntil('connected', () => states.at(-1) === 'connected');
    return { states, contact: await wa.contact('5511988887777', 'Maria') };
  };

  const receipted = (id: string) => wa!.clientReceipts.some((r) => r.ids.includes(id) && r.type !== 'read');

  it('held while the message is being stored, sent as soon as it is; what the device sends meanwhile goes after it', async () => {
    let release!: () => void;
    const stored = new Promise<void>((resolve) => (release = resolve));
    const received: string[] = [];
    const { contact } = await linked(secrets(), async (message) => {
      received.push(message.id);
      await stored;
    });
    const id = await wa!.sendMessage(contact, 'Oi, tudo bem?');
    await waitUntil('the message handed to the handler', () => received.includes(id));
    // Long past Baileys' own buffering and the gate's flush: still not receipted.
    await new Promise((r) => setTimeout(r, 800));
    expect(receipted(id)).toBe(false);
    // Something the device sends now (typing) waits behind the receipt, and goes after it.
    await transport!.setTyping(contact.jid, true);
    await new Promise((r) => setTimeout(r, 300));
    expect(wa!.clientChatstates).toEqual([]);
    release();
    await waitUntil('the receipt', () => receipted(id));
    await waitUntil('the typing after it', () => wa!.clientChatstates.length === 1);
  });

  it('the daemon dying before the message is stored: WhatsApp gives it to the next start, whose keys still open it', async () => {
    const credentials = secrets();
    const received: string[] = [];
    // The first process never gets the message stored (it dies while storing).
    const { contact } = await linked(credentials, async (message) => {
      received.push(message.id);
      await new Promise(() => undefined);
    });
    const id = await wa!.sendMessage(contact, 'Ainda está aí?');
    await waitUntil('the message handed to the first process', () => received.includes(id));
    await new Promise((r) => setTimeout(r, 500));
    await transport!.stop();
    expect(receipted(id)).toBe(false);
    // The next process starts from what the first left on disk.
    const again: string[] = [];
    const states: LinkState[] = [];
    const next = transportWith(credentials, async (message) => void again.push(message.id), states);
    transport = next.transport;
    await next.start();
    await waitUntil('the message given to the next process', () => again.includes(id));
    await waitUntil('the receipt, from the next process', () => receipted(id));
    expect(wa!.errors).toEqual([]);
  });

  it('the connection dropping while a message is being stored: the next connection starts from the keys on disk, and WhatsApp gives the message again', async () => {
    let release!: () => void;
    const stored = new Promise<void>((resolve) => (release = resolve));
    const received: string[] = [];
    const { states, contact } = await linked(secrets(), async (message) => {
      received.push(message.id);
      if (received.length === 1) await stored;
    });
    const first = await wa!.sendMessage(contact, 'Primeira');
    await waitUntil('the first message handed over', () => received.includes(first));
    const connected = states.length;
    wa!.dropConnections();
    await waitUntil('connected again', () => states.length > connected && states.at(-1) === 'connected');
    release();
    // Its receipt never went: WhatsApp gives it again, and the keys on disk open it (the engine keeps it once).
    await waitUntil('the first message given again', () => received.filter((id) => id === first).length === 2);
    const second = await wa!.sendMessage(contact, 'Segunda');
    await waitUntil('the second message', () => received.includes(second));
    await waitUntil('both receipted', () => receipted(first) && receipted(second));
    expect(wa!.errors).toEqual([]);
  });
});
