// A link's outcome is read by whoever asked for the link, in their language: the daemon serves
// each request in its caller's language, and a link fails later, from the socket's events (the
// phone that scanned, the QR running out). Those events run in the scope of the request that
// started the link (its socket was made there), not in whatever scope the scan came from.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { LinkEvent } from '../../src/core/link.js';
import { currentLanguage, loadLanguages, runInLanguage } from '../../src/i18n/translate.js';
import { MemorySecretStore } from '../../src/store/memory.js';
import { BaileysTransport } from '../../src/whatsapp/baileys-transport.js';
import type { TransportHandler } from '../../src/whatsapp/transport.js';
import { FakeWhatsApp } from '../fake-whatsapp/server.js';
import { waitUntil } from '../helpers/wait.js';

const PHONE = '+5511999990000';

describe("BaileysTransport says a link's outcome in the language of whoever asked for it", () => {
  let wa: FakeWhatsApp | undefined;
  let transport: BaileysTransport | undefined;

  beforeAll(async () => {
    await loadLanguages('pt-BR');
    // libsignal's session logging in this process
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await transport?.stop();
    await wa?.close();
    transport = undefined;
    wa = undefined;
  });

  const start = async (events: LinkEvent[]): Promise<BaileysTransport> => {
    wa = await FakeWhatsApp.start();
    transport = new BaileysTransport({
      phone: PHONE,
      credentials: new MemorySecretStore().phoneCredentials(PHONE),
      url: wa.url,
      trust: { publicKeyHex: wa.trust.publicKeyHex, serial: wa.trust.serial },
      logger: pino({ level: 'silent' }, { write: () => undefined }),
      getMessage: async () => undefined,
      syncSettleMs: 300,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const handler: TransportHandler = {
      message: async () => undefined,
      receipt: async () => undefined,
      connection: () => undefined,
      history: async () => undefined,
      alias: async () => undefined,
      link: (event) => void events.push(event),
    };
    await transport.start(handler);
    return transport;
  };

  it('scanned by the wrong number: refused in Portuguese for a Portuguese caller, though the scan comes from outside its request', async () => {
    const events: LinkEvent[] = [];
    const t = await start(events);
    await runInLanguage('pt-BR', () => t.link({ pairingCode: false }));
    await waitUntil('a QR', () => events.some((e) => e.type === 'qr'));
    // the scan, and everything the socket does after it, happen here, in English
    expect(currentLanguage()).toBe('en');
    const qr = events.find((e) => e.type === 'qr') as Extract<LinkEvent, { type: 'qr' }>;
    await wa!.scan(qr.qr, { number: '5521977776666' });
    await waitUntil('the refusal', () => events.some((e) => e.type === 'failed'));
    const failed = events.find((e) => e.type === 'failed') as Extract<LinkEvent, { type: 'failed' }>;
    expect(failed.reason).toBe('wrong_number');
    expect(failed.message).toBe('o celular que leu o QR é o +5521977776666, mas este é o número +5511999990000 — leia com o WhatsApp do +5511999990000');
  });

  it('and in English for an English caller', async () => {
    const events: LinkEvent[] = [];
    const t = await start(events);
    await runInLanguage('en', () => t.link({ pairingCode: false }));
    await waitUntil('a QR', () => events.some((e) => e.type === 'qr'));
    const qr = events.find((e) => e.type === 'qr') as Extract<LinkEvent, { type: 'qr' }>;
    await runInLanguage('pt-BR', () => wa!.scan(qr.qr, { number: '5521977776666' }));
    await waitUntil('the refusal', () => events.some((e) => e.type === 'failed'));
    const failed = events.find((e) => e.type === 'failed') as Extract<LinkEvent, { type: 'failed' }>;
    expect(failed.message).toBe('the phone that scanned is +5521977776666, but this is +5511999990000 — scan with the WhatsApp of +5511999990000');
  });
});
