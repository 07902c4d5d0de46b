// The daemon's WhatsApp transport trusts the simulator's media host only when GURU_WA_TRUST
// carries its certificate: then Baileys' uploads (the socket's fetchAgent) and downloads
// (mediaDownloadOptions' dispatcher) reach it; without it they are refused (self-signed).
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { downloadMediaMessage, type WASocket } from '@whiskeysockets/baileys';
import pino from 'pino';
import type { LinkState } from '../../src/core/model.js';
import { MemorySecretStore } from '../../src/store/memory.js';
import { BaileysTransport } from '../../src/whatsapp/baileys-transport.js';
import type { TransportHandler } from '../../src/whatsapp/transport.js';
import { FakeWhatsApp } from '../fake-whatsapp/server.js';
import { waitUntil } from '../helpers/wait.js';

const PHONE = '+5511999990000';
const digest = (b: Uint8Array): string => `${b.length}:${createHash('sha256').update(b).digest('hex')}`;

describe('BaileysTransport and the media host certificate (GURU_WA_TRUST)', () => {
  let wa: FakeWhatsApp | undefined;
  let transport: BaileysTransport | undefined;

  beforeAll(() => {
    const original = console.info.bind(console);
    vi.spyOn(console, 'info').mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('Closing')) return;
      original(...args);
    });
  });

  afterEach(async () => {
    await transport?.stop();
    await wa?.close();
    transport = undefined;
    wa = undefined;
  });

  /** A transport linked to a fresh simulator, trusting its media certificate or not. */
  const linked = async (withMediaCert: boolean): Promise<{ wa: FakeWhatsApp; transport: BaileysTransport; sock: WASocket }> => {
    wa = await FakeWhatsApp.start();
    const { publicKeyHex, serial, mediaCertPem } = wa.trust;
    const states: LinkState[] = [];
    const qrs: string[] = [];
    transport = new BaileysTransport({
      phone: PHONE,
      credentials: new MemorySecretStore().phoneCredentials(PHONE),
      url: wa.url,
      trust: withMediaCert ? { publicKeyHex, serial, mediaCertPem } : { publicKeyHex, serial },
      // the transport's Baileys child logger has its own level: its warnings go nowhere
      logger: pino({ level: 'silent' }, { write: () => undefined }),
      getMessage: async () => undefined,
      syncSettleMs: 300,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const handler: TransportHandler = {
      message: async () => undefined,
      receipt: async () => undefined,
      connection: (state) => {
        states.push(state);
      },
      history: async () => undefined,
      alias: async () => undefined,
      link: (event) => {
        if (event.type === 'qr') qrs.push(event.qr);
      },
    };
    await transport.start(handler);
    await transport.link({ pairingCode: false });
    await waitUntil('a QR', () => qrs.length > 0);
    await wa.scan(qrs[0]!, { number: PHONE.slice(1) });
    await waitUntil('connected', () => states.at(-1) === 'connected');
    // the socket is the transport's own (private): this test reaches in to send what Guru cannot send yet
    const sock = (transport as unknown as { sock: WASocket }).sock;
    return { wa, transport, sock };
  };

  it('with the certificate, an image goes up through the fetchAgent and comes back down through the dispatcher', async () => {
    const { wa, transport, sock } = await linked(true);
    const maria = await wa.contact('5511988887777', 'Maria');
    const image = randomBytes(60_000);
    await sock.sendMessage(maria.jid, { image, mimetype: 'image/jpeg' });
    const [sent] = await wa.waitForDelivered(1, 30_000);
    expect(digest(await wa.downloadMedia(sent!.message))).toBe(digest(image));
    const options = transport.mediaDownloadOptions();
    expect(options.options?.dispatcher).toBeDefined();
    const back = (await downloadMediaMessage({ key: { id: sent!.id }, message: sent!.message }, 'buffer', options)) as Buffer;
    expect(digest(back)).toBe(digest(image));
    expect(wa.errors).toEqual([]);
  });

  it('without it, nothing trusts the media host: the upload fails and downloads get no dispatcher', async () => {
    const { wa, transport, sock } = await linked(false);
    const maria = await wa.contact('5511988887777', 'Maria');
    await expect(sock.sendMessage(maria.jid, { image: randomBytes(1000), mimetype: 'image/jpeg' })).rejects.toThrow(/Media upload failed on all hosts/);
    expect(transport.mediaDownloadOptions()).toEqual({});
    expect(wa.delivered).toEqual([]);
  });
});
