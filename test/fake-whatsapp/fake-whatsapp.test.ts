// Drives the REAL Baileys client against the local fake WhatsApp server.
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  makeWASocket,
  initAuthCreds,
  proto,
  WA_CERT_DETAILS,
  type AuthenticationCreds,
  type Chat,
  type SignalDataTypeMap,
  type SignalKeyStore,
  type WAMessage,
  type WAMessageUpdate,
} from '@whiskeysockets/baileys';
import pino from 'pino';
import { FakeWhatsApp, trustEnv, type FakeWhatsAppOptions } from './server.js';

const OWN = '5511999990000';

type Sock = ReturnType<typeof makeWASocket>;

const memoryKeys = (): SignalKeyStore => {
  const data = new Map<string, unknown>();
  return {
    get: async (type, ids) => {
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        let value = data.get(`${type}/${id}`);
        if (value !== undefined && type === 'app-state-sync-key') {
          value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        }
        if (value !== undefined) out[id] = value;
      }
      return out as { [id: string]: SignalDataTypeMap[typeof type] };
    },
    set: async (update) => {
      for (const [type, entries] of Object.entries(update)) {
        for (const [id, value] of Object.entries(entries ?? {})) {
          if (value === null || value === undefined) data.delete(`${type}/${id}`);
          else data.set(`${type}/${id}`, value);
        }
      }
    },
  };
};

const until = async (what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A Baileys "app": reconnects on 515 like real apps do and records events. */
class Client {
  sock!: Sock;
  qrs: string[] = [];
  closes: (number | undefined)[] = [];
  opens = 0;
  upserts: { type: string; msg: WAMessage }[] = [];
  updates: WAMessageUpdate[] = [];
  histories: { progress: number | null | undefined; syncType: unknown; messages: WAMessage[]; chats: Chat[] }[] = [];
  sockets: Sock[] = [];
  presences: { id: string; state: string }[] = [];

  constructor(
    private readonly server: FakeWhatsApp,
    readonly auth: { creds: AuthenticationCreds; keys: SignalKeyStore },
    private readonly qrTimeout?: number,
  ) {}

  static fresh(server: FakeWhatsApp, qrTimeout?: number): Client {
    return new Client(server, { creds: initAuthCreds(), keys: memoryKeys() }, qrTimeout);
  }

  connect(): void {
    const sock = makeWASocket({
      waWebSocketUrl: this.server.url,
      auth: this.auth,
      markOnlineOnConnect: false,
      logger: pino({ level: 'silent' }),
      ...(this.qrTimeout ? { qrTimeout: this.qrTimeout } : {}),
    });
    this.sock = sock;
    this.sockets.push(sock);
    sock.ev.process(async (events) => {
      const conn = events['connection.update'];
      if (conn?.qr) this.qrs.push(conn.qr);
      if (conn?.connection === 'open') this.opens++;
      if (conn?.connection === 'close') {
        const code = (conn.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output?.statusCode;
        this.closes.push(code);
        if (code === 515) this.connect();
      }
      const up = events['messages.upsert'];
      if (up) for (const msg of up.messages) this.upserts.push({ type: up.type, msg });
      const upd = events['messages.update'];
      if (upd) this.updates.push(...upd);
      const pres = events['presence.update'];
      if (pres) for (const p of Object.values(pres.presences)) this.presences.push({ id: pres.id, state: p.lastKnownPresence });
      const hist = events['messaging-history.set'];
      if (hist) this.histories.push({ progress: hist.progress, syncType: hist.syncType, messages: hist.messages, chats: hist.chats });
    });
  }

  textOf(id: string): string | null | undefined {
    const m = this.upserts.find((u) => u.msg.key.id === id)?.msg.message;
    return m?.conversation ?? m?.extendedTextMessage?.text;
  }

  end(): void {
    for (const s of this.sockets) s.end(undefined);
  }
}

describe('fake WhatsApp server with the real Baileys client', () => {
  let server: FakeWhatsApp | undefined;

  beforeAll(() => {
    // libsignal prints "Closing session..." with console.log/warn
    for (const method of ['log', 'info', 'warn'] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].startsWith('Closing')) return;
        original(...args);
      });
    }
  });
  const clients: Client[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.end();
    await server?.close();
    server = undefined;
  });

  const setup = async (options: FakeWhatsAppOptions = {}): Promise<FakeWhatsApp> => {
    server = await FakeWhatsApp.start(options);
    WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(server.trust.publicKeyHex, 'hex');
    WA_CERT_DETAILS.SERIAL = server.trust.serial;
    return server;
  };

  const link = async (srv: FakeWhatsApp, number = OWN): Promise<Client> => {
    const client = Client.fresh(srv);
    clients.push(client);
    client.connect();
    await until('qr', () => client.qrs.length > 0);
    expect(client.qrs[0]).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);
    await srv.scan(client.qrs[0]!, { number });
    await until('open after 515', () => client.opens > 0);
    expect(client.closes).toEqual([515]);
    return client;
  };

  it('links by pairing code: requestPairingCode → code typed on the phone → pair-success → 515 → open', async () => {
    const srv = await setup();
    const client = Client.fresh(srv);
    clients.push(client);
    client.connect();
    await until('qr', () => client.qrs.length > 0);
    const code = await client.sock.requestPairingCode(OWN);
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    // a wrong code unwraps a wrong key: the phone cannot decrypt the companion's key bundle
    const wrong = code.slice(0, 7) + (code[7] === 'A' ? 'B' : 'A');
    await expect(srv.enterPairingCode(wrong, { number: OWN })).rejects.toThrow(/wrong pairing code/);
    await expect(srv.enterPairingCode(code, { number: '5531977770000' })).rejects.toThrow(/requested for/);
    await srv.enterPairingCode(code, { number: OWN });
    await until('open after 515', () => client.opens > 0);
    expect(client.closes).toEqual([515]);
    expect(client.auth.creds.me?.id).toMatch(new RegExp(`^${OWN}:\\d+@s\\.whatsapp\\.net$`));
    expect(srv.linkedNumbers).toEqual([OWN]);
    await srv.waitForOnline(OWN);
    // the paired identity is the one Baileys uses for Signal
    const maria = await srv.contact('5511988887777', 'Maria');
    const id = await srv.sendMessage(maria, 'via código');
    await until('incoming message', () => client.textOf(id) !== undefined);
    expect(client.textOf(id)).toBe('via código');
    expect(srv.errors).toEqual([]);
  });

  it('links, exchanges Signal messages, receipts, history, and handles 440/401', async () => {
    const srv = await setup();
    const client = await link(srv);
    expect(client.auth.creds.me?.id).toMatch(new RegExp(`^${OWN}:\\d+@s\\.whatsapp\\.net$`));
    expect(srv.linkedNumbers).toEqual([OWN]);
    await srv.waitForOnline(OWN);

    // incoming Signal message (pkmsg)
    const maria = await srv.contact('5511988887777', 'Maria');
    const id1 = await srv.sendMessage(maria, 'Olá, tudo bem?');
    await until('incoming message', () => client.textOf(id1) !== undefined);
    const in1 = client.upserts.find((u) => u.msg.key.id === id1)!;
    expect(in1.msg.key.remoteJid).toBe(maria.jid);
    expect(in1.msg.key.fromMe).toBe(false);
    expect(in1.msg.pushName).toBe('Maria');
    expect(client.textOf(id1)).toBe('Olá, tudo bem?');

    // second message from the same contact, LID-addressed
    const id2 = await srv.sendMessage(maria, 'via lid', { viaLid: true });
    await until('lid message', () => client.textOf(id2) !== undefined);
    const in2 = client.upserts.find((u) => u.msg.key.id === id2)!;
    expect(in2.msg.key.remoteJid).toBe(maria.lidJid);
    expect(in2.msg.key.remoteJidAlt).toBe(maria.jid);
    expect(client.textOf(id2)).toBe('via lid');

    // plaintext message
    const id3 = await srv.sendMessage(maria, 'plain', { plaintext: true });
    await until('plaintext message', () => client.textOf(id3) !== undefined);
    expect(client.textOf(id3)).toBe('plain');

    // outgoing message, decrypted by the contact
    const sent = await client.sock.sendMessage(maria.jid, { text: '*Ana:*\nOi' });
    const delivered = await srv.waitForDelivered(1);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ to: maria.number, id: sent!.key.id, text: '*Ana:*\nOi' });

    // a second outgoing message (Signal session continues) and to a brand-new number
    await client.sock.sendMessage(maria.jid, { text: 'segunda' });
    await client.sock.sendMessage('5511977776666@s.whatsapp.net', { text: 'novo' });
    const all = await srv.waitForDelivered(3);
    expect(all.map((d) => [d.to, d.text])).toEqual([
      [maria.number, '*Ana:*\nOi'],
      [maria.number, 'segunda'],
      ['5511977776666', 'novo'],
    ]);

    // and the contact answers again after our reply
    const id4 = await srv.sendMessage(maria, 'depois');
    await until('reply after reply', () => client.textOf(id4) !== undefined);
    expect(client.textOf(id4)).toBe('depois');

    // receipts → messages.update
    await srv.sendReceipt(maria, sent!.key.id!);
    await until('delivery receipt', () =>
      client.updates.some((u) => u.key.id === sent!.key.id && u.update.status === proto.WebMessageInfo.Status.DELIVERY_ACK),
    );
    await srv.sendReceipt(maria, sent!.key.id!, 'read');
    await until('read receipt', () => client.updates.some((u) => u.key.id === sent!.key.id && u.update.status === proto.WebMessageInfo.Status.READ));
    // the client acknowledged what it received, and can mark it read
    expect(srv.clientReceipts.some((r) => r.ids.includes(id1) && r.type !== 'read')).toBe(true);
    expect(srv.clientReceipts.find((r) => r.ids.includes(id1))?.type).toBe('inactive'); // markOnlineOnConnect: false
    await client.sock.readMessages([in1.msg.key]);
    await srv.waitFor(() => srv.clientReceipts.some((r) => r.ids.includes(id1) && r.type === 'read'), 3000, 'read receipt');

    // typing indicators both ways
    await client.sock.sendPresenceUpdate('composing', maria.jid);
    await srv.waitFor(() => srv.clientChatstates.some((c) => c.to === maria.jid && c.state === 'composing'), 3000, 'chatstate');
    await srv.sendPresence(maria, 'composing');
    await until('presence.update', () => client.presences.some((p) => p.id === maria.jid && p.state === 'composing'));

    // history sync with rising progress
    const joao = await srv.contact('5511966665555', 'João');
    const t0 = Math.floor(Date.now() / 1000) - 3600;
    await srv.sendHistory([
      { progress: 40, chats: [{ contact: joao, messages: [{ id: 'H1', text: 'antigo 1', time: t0 }] }] },
      {
        progress: 100,
        chats: [{ contact: joao, messages: [{ id: 'H2', text: 'antigo 2', time: t0 + 60, fromMe: true }] }],
      },
    ]);
    const isRecent = (h: Client['histories'][number]): boolean => h.syncType === proto.HistorySync.HistorySyncType.RECENT;
    await until('history', () => client.histories.some((h) => isRecent(h) && h.progress === 100));
    const recent = client.histories.filter(isRecent);
    expect(recent.map((h) => h.progress)).toEqual([40, 100]);
    expect(recent[0]!.messages[0]!.message?.conversation).toBe('antigo 1');
    expect(recent[1]!.messages[0]!.key.fromMe).toBe(true);
    expect(recent[0]!.chats[0]!.id).toBe(joao.jid);

    expect(srv.errors).toEqual([]);

    // connection replaced
    await srv.replaceSession();
    await until('440', () => client.closes.includes(440));

    // "daemon restart": same creds, no QR
    const again = new Client(srv, client.auth);
    clients.push(again);
    again.connect();
    await until('re-login without QR', () => again.opens > 0);
    expect(again.qrs).toEqual([]);
    // messages queued while offline arrive as backlog on login
    again.end();
    await until('offline', () => srv.onlineNumbers.length === 0);
    const offlineId = await srv.sendMessage(maria, 'enquanto offline');
    const third = new Client(srv, client.auth);
    clients.push(third);
    third.connect();
    await until('backlog', () => third.textOf(offlineId) !== undefined);
    expect(third.upserts.find((u) => u.msg.key.id === offlineId)!.type).toBe('append');

    // dropped connection → client sees a close (apps reconnect)
    srv.dropConnections();
    await until('drop', () => third.closes.length > 0);
    expect(third.closes[0]).toBe(428);
    const fourth = new Client(srv, client.auth);
    clients.push(fourth);
    fourth.connect();
    await until('open after drop', () => fourth.opens > 0);

    // logged out from the phone
    await srv.logoutSession();
    await until('401', () => fourth.closes.includes(401));
    expect(srv.linkedNumbers).toEqual([]);
    // the old creds are now refused
    const fifth = new Client(srv, client.auth);
    clients.push(fifth);
    fifth.connect();
    await until('401 on login', () => fifth.closes.includes(401));
    expect(srv.errors).toEqual([]);
  });

  it('wrong number: client logs out → remove-companion-device → 401', async () => {
    const srv = await setup();
    const client = await link(srv, '5511000001111');
    expect(client.auth.creds.me?.id.startsWith('5511000001111:')).toBe(true);
    await client.sock.logout();
    await until('401', () => client.closes.includes(401));
    await srv.waitFor(() => srv.linkedNumbers.length === 0, 2000, 'account removed');
  });

  it('QR refs run out → 408', async () => {
    const srv = await setup({ qrRefs: 1 });
    const client = Client.fresh(srv, 300);
    clients.push(client);
    client.connect();
    await until('408', () => client.closes.includes(408), 5000);
    expect(client.qrs).toHaveLength(1);
  });

  it('trust.mjs preload makes another process trust the server', async () => {
    const srv = await setup();
    const env = { ...process.env, ...trustEnv(srv) };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { WA_CERT_DETAILS } = await import('@whiskeysockets/baileys'); console.log(WA_CERT_DETAILS.PUBLIC_KEY.toString('hex') + ':' + WA_CERT_DETAILS.SERIAL)",
      ],
      { env, cwd: new URL('../..', import.meta.url).pathname },
    );
    expect(stdout.trim()).toBe(env.GURU_TEST_WA_TRUST);
  });

  it('a client in another process (trust via preload) links and echoes a Signal message', async () => {
    const srv = await setup();
    WA_CERT_DETAILS.SERIAL = 1; // prove the child does not depend on this process
    const child = spawn(process.execPath, [new URL('./child-client.mjs', import.meta.url).pathname], {
      env: { ...process.env, ...trustEnv(srv), FAKE_WA_URL: srv.url },
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const events: { event: string; [k: string]: unknown }[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) events.push(JSON.parse(line));
    });
    try {
      await until('child qr', () => events.some((e) => e.event === 'qr'), 30_000);
      await srv.scan(events.find((e) => e.event === 'qr')!.qr as string, { number: OWN });
      await until('child open', () => events.some((e) => e.event === 'open'), 30_000);
      const ana = await srv.contact('5511955554444', 'Ana');
      await srv.sendMessage(ana, 'ping');
      await until('child got message', () => events.some((e) => e.event === 'message' && e.text === 'ping'));
      const [echo] = await srv.waitForDelivered(1);
      expect(echo).toMatchObject({ to: ana.number, text: 'echo: ping' });
      await srv.logoutSession();
      await until('child closed 401', () => events.some((e) => e.event === 'close' && e.code === 401));
      expect(srv.errors).toEqual([]);
    } finally {
      child.kill();
    }
  });
});
