// Media through the simulator with the REAL Baileys client: a contact's photo, voice note and PDF
// downloaded and decrypted by Baileys; Baileys' own uploads decrypted on the contact's side; the
// media host's refusals; an expired link recovered through the re-upload request. Baileys trusts
// the media host only through the agents of src/whatsapp/media-trust.ts, as the daemon does.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  downloadContentFromMessage,
  downloadMediaMessage,
  initAuthCreds,
  makeWASocket,
  proto,
  WA_CERT_DETAILS,
  type SignalDataTypeMap,
  type SignalKeyStore,
  type WAMessage,
} from '@whiskeysockets/baileys';
import pino from 'pino';
import { mediaAgents, type MediaAgents } from '../../src/whatsapp/media-trust.js';
import { FakeWhatsApp, trustSetting } from './server.js';

const OWN = '5511999990000';
const logger = pino({ level: 'silent' });

const memoryKeys = (): SignalKeyStore => {
  const data = new Map<string, unknown>();
  return {
    get: async (type, ids) => {
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        let value = data.get(`${type}/${id}`);
        if (value !== undefined && type === 'app-state-sync-key') value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
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

/** The bytes' length and SHA-256: toEqual on megabytes would block the event loop for seconds. */
const digest = (b: Uint8Array): string => `${b.length}:${createHash('sha256').update(b).digest('hex')}`;

const until = async (what: string, predicate: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A raw POST to the media host (trusting its certificate), for what Baileys never sends. */
const post = (wa: FakeWhatsApp, path: string, body: Buffer): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(`https://${wa.media.host}${path}`, { method: 'POST', ca: wa.trust.mediaCertPem, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });

describe('media through the simulator with the real Baileys client', () => {
  let wa: FakeWhatsApp;
  let agents: MediaAgents;
  let sock: ReturnType<typeof makeWASocket>;
  const sockets: ReturnType<typeof makeWASocket>[] = [];
  const upserts: WAMessage[] = [];
  const history: WAMessage[] = [];

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn'] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].startsWith('Closing')) return;
        original(...args);
      });
    }
    wa = await FakeWhatsApp.start();
    WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(wa.trust.publicKeyHex, 'hex');
    WA_CERT_DETAILS.SERIAL = wa.trust.serial;
    agents = await mediaAgents(wa.trust.mediaCertPem);
    const auth = { creds: initAuthCreds(), keys: memoryKeys() };
    const qrs: string[] = [];
    let opened = false;
    const connect = (): void => {
      const s = makeWASocket({ waWebSocketUrl: wa.url, auth, markOnlineOnConnect: false, logger, fetchAgent: agents.fetchAgent });
      sock = s;
      sockets.push(s);
      s.ev.process(async (events) => {
        const conn = events['connection.update'];
        if (conn?.qr) qrs.push(conn.qr);
        if (conn?.connection === 'open') opened = true;
        if (conn?.connection === 'close' && (conn.lastDisconnect?.error as { output?: { statusCode?: number } })?.output?.statusCode === 515) connect();
        for (const m of events['messages.upsert']?.messages ?? []) upserts.push(m);
        for (const m of events['messaging-history.set']?.messages ?? []) history.push(m);
      });
    };
    connect();
    await until('qr', () => qrs.length > 0);
    await wa.scan(qrs[0]!, { number: OWN });
    await until('open', () => opened);
    await wa.waitForOnline(OWN);
  });

  afterAll(async () => {
    for (const s of sockets) s.end(undefined);
    await agents?.dispatcher.close();
    agents?.fetchAgent.destroy();
    await wa?.close();
  });

  const received = async (id: string): Promise<WAMessage> => {
    await until(`message ${id}`, () => upserts.some((m) => m.key.id === id));
    return upserts.find((m) => m.key.id === id)!;
  };
  const download = async (msg: WAMessage): Promise<Buffer> =>
    (await downloadMediaMessage(msg, 'buffer', { options: { dispatcher: agents.dispatcher } })) as Buffer;

  it('a contact sends a photo, a voice note and a PDF: Baileys downloads the same bytes', async () => {
    const maria = await wa.contact('5511988887777', 'Maria');
    const photo = randomBytes(150_000);
    const voice = randomBytes(24_000);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * 1024 * 1024)]);
    const photoId = await wa.sendMedia(maria, { type: 'image', bytes: photo, mimetype: 'image/jpeg', caption: 'posso mandar foto?' });
    const voiceId = await wa.sendMedia(maria, { type: 'audio', bytes: voice, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 7 });
    const pdfId = await wa.sendMedia(maria, { type: 'document', bytes: pdf, mimetype: 'application/pdf', fileName: 'boleto.pdf' });

    const photoMsg = await received(photoId);
    expect(photoMsg.key.remoteJid).toBe(maria.jid);
    expect(photoMsg.message?.imageMessage).toMatchObject({ caption: 'posso mandar foto?', mimetype: 'image/jpeg' });
    expect(photoMsg.message?.imageMessage?.url).toMatch(new RegExp(`^https://${wa.media.host.replace('.', '\\.')}/v/`));
    expect(digest(await download(photoMsg))).toBe(digest(photo));

    const voiceMsg = await received(voiceId);
    expect(voiceMsg.message?.audioMessage).toMatchObject({ ptt: true, seconds: 7, mimetype: 'audio/ogg; codecs=opus' });
    expect(digest(await download(voiceMsg))).toBe(digest(voice));

    const pdfMsg = await received(pdfId);
    expect(pdfMsg.message?.documentMessage).toMatchObject({ fileName: 'boleto.pdf', mimetype: 'application/pdf' });
    expect(Number(pdfMsg.message?.documentMessage?.fileLength)).toBe(pdf.length);
    expect(digest(await download(pdfMsg))).toBe(digest(pdf));

    // Baileys' ranged download (Range: bytes=…) decrypts the middle of the file
    const part = downloadContentFromMessage(pdfMsg.message!.documentMessage!, 'document', {
      startByte: 100_000,
      endByte: 200_000,
      options: { dispatcher: agents.dispatcher },
    });
    const chunks: Buffer[] = [];
    for await (const c of await part) chunks.push(c as Buffer);
    expect(digest(Buffer.concat(chunks))).toBe(digest(pdf.subarray(100_000, 200_000)));
    expect(wa.errors).toEqual([]);
  });

  it('a contact sends a video and a sticker, and a large file streamed from disk: Baileys downloads the same bytes', async () => {
    const maria = await wa.contact('5511988887777', 'Maria');
    const video = randomBytes(600_000);
    const sticker = randomBytes(20_000);
    const videoId = await wa.sendMedia(maria, { type: 'video', bytes: video, mimetype: 'video/mp4', seconds: 12, caption: 'olha', width: 640, height: 360 });
    const stickerId = await wa.sendMedia(maria, { type: 'sticker', bytes: sticker, mimetype: 'image/webp' });
    const videoMsg = await received(videoId);
    expect(videoMsg.message?.videoMessage).toMatchObject({ seconds: 12, caption: 'olha', width: 640, height: 360, mimetype: 'video/mp4' });
    expect(digest(await download(videoMsg))).toBe(digest(video));
    const stickerMsg = await received(stickerId);
    expect(stickerMsg.message?.stickerMessage?.mimetype).toBe('image/webp');
    expect(digest(await download(stickerMsg))).toBe(digest(sticker));

    const dir = await mkdtemp(join(tmpdir(), 'media-test-'));
    try {
      const path = join(dir, 'big.pdf');
      const big = randomBytes(20 * 1024 * 1024);
      await writeFile(path, big);
      const bigId = await wa.sendMedia(maria, { type: 'document', bytes: { path }, mimetype: 'application/pdf', fileName: 'big.pdf' });
      const bigMsg = await received(bigId);
      const stream = (await downloadMediaMessage(bigMsg, 'stream', { options: { dispatcher: agents.dispatcher } })) as AsyncIterable<Buffer>;
      const hash = createHash('sha256');
      let length = 0;
      for await (const chunk of stream) {
        hash.update(chunk);
        length += chunk.length;
      }
      expect(`${length}:${hash.digest('hex')}`).toBe(digest(big));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(wa.errors).toEqual([]);
  });

  it('Baileys sends an image, a document, a voice note and a sticker: the contact decrypts the same bytes', async () => {
    const joao = await wa.contact('5511977776666', 'João');
    const image = randomBytes(80_000);
    const doc = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(500_000)]);
    const voice = randomBytes(30_000);
    const sticker = randomBytes(15_000);
    const before = wa.delivered.length;
    await sock.sendMessage(joao.jid, { image, mimetype: 'image/jpeg', caption: 'segue a foto' });
    await sock.sendMessage(joao.jid, { document: doc, mimetype: 'application/pdf', fileName: 'contrato.pdf' });
    await sock.sendMessage(joao.jid, { audio: voice, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 3 });
    await sock.sendMessage(joao.jid, { sticker });
    const sent = (await wa.waitForDelivered(before + 4, 30_000)).slice(before);
    expect(sent.map((d) => d.to)).toEqual([joao.number, joao.number, joao.number, joao.number]);
    expect(sent[0]!.message.imageMessage?.caption).toBe('segue a foto');
    expect(digest(await wa.downloadMedia(sent[0]!.message))).toBe(digest(image));
    expect(sent[1]!.message.documentMessage?.fileName).toBe('contrato.pdf');
    expect(digest(await wa.downloadMedia(sent[1]!.message))).toBe(digest(doc));
    expect(sent[2]!.message.audioMessage?.ptt).toBe(true);
    expect(digest(await wa.downloadMedia(sent[2]!.message))).toBe(digest(voice));
    expect(sent[3]!.message.stickerMessage).toBeTruthy();
    expect(digest(await wa.downloadMedia(sent[3]!.message))).toBe(digest(sticker));
    // a message whose key does not fit its file is caught, not decrypted into garbage
    // WhatsApp's upload token expires: Baileys' upload with the old one is refused, it asks
    // media_conn again, and the next send goes through
    wa.media.rotateAuth();
    await expect(sock.sendMessage(joao.jid, { document: doc, mimetype: 'application/pdf', fileName: 'again.pdf' })).rejects.toThrow(
      /Media upload failed on all hosts/,
    );
    expect(wa.media.refused.at(-1)).toMatchObject({ status: 401 });
    await sock.sendMessage(joao.jid, { document: doc, mimetype: 'application/pdf', fileName: 'again.pdf' });
    const [again] = (await wa.waitForDelivered(before + 5, 30_000)).slice(before + 4);
    expect(again!.message.documentMessage?.fileName).toBe('again.pdf');
    expect(digest(await wa.downloadMedia(again!.message))).toBe(digest(doc));
    const forged = proto.Message.fromObject({ imageMessage: { ...sent[0]!.message.imageMessage, mediaKey: randomBytes(32) } });
    await expect(wa.downloadMedia(forged)).rejects.toThrow(/mac does not verify/);
    expect(wa.errors).toEqual([]);
  });

  it('the media host refuses a wrong auth token, a body that does not match its hash, and an oversized upload', async () => {
    const body = randomBytes(1000);
    const hash = createHash('sha256').update(body).digest('base64url');
    const refusedBefore = wa.media.refused.length;
    const wrongAuth = await post(wa, `/mms/image/${hash}?auth=not-the-token&token=${hash}`, body);
    expect(wrongAuth.status).toBe(401);
    expect(wrongAuth.body).toMatch(/auth token/);
    const noAuth = await post(wa, `/mms/image/${hash}?token=${hash}`, body);
    expect(noAuth.status).toBe(401);
    const otherHash = randomBytes(32).toString('base64url').slice(0, 43);
    const mismatch = await post(wa, `/mms/image/${otherHash}?auth=${encodeURIComponent(wa.media.auth)}&token=${otherHash}`, body);
    expect(mismatch.status).toBe(400);
    expect(wa.media.refused.slice(refusedBefore).map((r) => r.status)).toEqual([401, 401, 400]);
    // the right token and hash: stored, and served back at the direct path
    const ok = await post(wa, `/mms/image/${hash}?auth=${encodeURIComponent(wa.media.auth)}&token=${hash}`, body);
    expect(ok.status).toBe(200);
    const { url, direct_path } = JSON.parse(ok.body) as { url: string; direct_path: string };
    expect(url.startsWith(`https://${wa.media.host}${direct_path}`)).toBe(true);
    const got = await fetch(url, { dispatcher: agents.dispatcher } as RequestInit);
    expect(digest(Buffer.from(await got.arrayBuffer()))).toBe(digest(body));
    // TLS verification stays on everywhere else: without the agent the certificate is refused
    await expect(fetch(url)).rejects.toThrow();
    // one range, as Baileys asks for a part; past the end 416; an unknown path 404
    const tail = await fetch(url, { dispatcher: agents.dispatcher, headers: { Range: 'bytes=990-' } } as RequestInit);
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect(digest(Buffer.from(await tail.arrayBuffer()))).toBe(digest(body.subarray(990)));
    const past = await fetch(url, { dispatcher: agents.dispatcher, headers: { Range: 'bytes=1000-' } } as RequestInit);
    expect(past.status).toBe(416);
    await past.arrayBuffer();
    const unknown = await fetch(`https://${wa.media.host}/v/t62.7118-24/${'0'.repeat(32)}_n.enc`, { dispatcher: agents.dispatcher } as RequestInit);
    expect(unknown.status).toBe(404);
    await unknown.arrayBuffer();

    const small = await FakeWhatsApp.start({ maxMediaBytes: 4096 });
    try {
      const big = randomBytes(5000);
      const bigHash = createHash('sha256').update(big).digest('base64url');
      const tooBig = await post(small, `/mms/document/${bigHash}?auth=${encodeURIComponent(small.media.auth)}&token=${bigHash}`, big);
      expect(tooBig.status).toBe(413);
      expect(small.media.refused).toEqual([{ path: `/mms/document/${bigHash}`, status: 413, reason: 'larger than 4096 bytes' }]);
    } finally {
      await small.close();
    }
  });

  it('an expired link is recovered through the re-upload request; a file gone for good is not', async () => {
    const ana = await wa.contact('5511966665555', 'Ana');
    const photo = randomBytes(40_000);
    const id = await wa.sendMedia(ana, { type: 'image', bytes: photo, mimetype: 'image/jpeg' });
    const msg = await received(id);
    await wa.expireMedia(id);
    const expired = await download(msg).catch((e: unknown) => e);
    // Baileys' Boom error carries the status in output.statusCode (downloadMediaMessage's own
    // re-upload looks for error.status, so it never fires: an app calls updateMediaMessage itself)
    expect((expired as { output?: { statusCode?: number } }).output?.statusCode).toBe(410);
    // updateMediaMessage rebuilds the url on the host media_conn named: fetch it first, as an app must
    await sock.refreshMediaConn(false);
    const oldPath = msg.message!.imageMessage!.directPath;
    await sock.updateMediaMessage(msg);
    expect(msg.message!.imageMessage!.directPath).not.toBe(oldPath);
    expect(msg.message!.imageMessage!.url).toMatch(new RegExp(`^https://${wa.media.host.replace('.', '\\.')}/v/`));
    expect(digest(await download(msg))).toBe(digest(photo));

    const gone = await wa.sendMedia(ana, { type: 'document', bytes: randomBytes(2000), mimetype: 'application/pdf', fileName: 'x.pdf' });
    const goneMsg = await received(gone);
    await wa.expireMedia(gone, { permanently: true });
    expect(((await download(goneMsg).catch((e: unknown) => e)) as { output?: { statusCode?: number } }).output?.statusCode).toBe(410);
    await expect(sock.updateMediaMessage(goneMsg)).rejects.toThrow(/re-upload failed by device \(NOT_FOUND\)/);
    expect(wa.errors).toEqual([]);
  });

  it('history carries media: a photo the customer sent and a PDF the phone sent download, and an expired one is re-uploaded', async () => {
    const bia = await wa.contact('5511955554444', 'Bia');
    const photo = randomBytes(50_000);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(70_000)]);
    await wa.sendHistory([
      {
        progress: 100,
        chats: [
          {
            contact: bia,
            messages: [
              { id: 'HPHOTO1', text: '', time: 1_700_000_000, media: { type: 'image', bytes: photo, mimetype: 'image/jpeg', caption: 'antiga' } },
              {
                id: 'HDOC1',
                text: '',
                time: 1_700_000_100,
                fromMe: true,
                media: { type: 'document', bytes: pdf, mimetype: 'application/pdf', fileName: 'orcamento.pdf' },
              },
              { id: 'HTEXT1', text: 'obrigada', time: 1_700_000_200 },
            ],
          },
        ],
      },
    ]);
    await until('history', () => history.some((m) => m.key.id === 'HTEXT1'));
    const photoMsg = history.find((m) => m.key.id === 'HPHOTO1')!;
    const docMsg = history.find((m) => m.key.id === 'HDOC1')!;
    expect(photoMsg.message?.imageMessage?.caption).toBe('antiga');
    expect(docMsg.key.fromMe).toBe(true);
    expect(docMsg.message?.documentMessage?.fileName).toBe('orcamento.pdf');
    expect(history.find((m) => m.key.id === 'HTEXT1')?.message?.conversation).toBe('obrigada');
    expect(digest(await download(photoMsg))).toBe(digest(photo));
    // weeks later the link is gone: the phone re-uploads it on request (its own message too)
    await wa.expireMedia('HDOC1');
    expect(((await download(docMsg).catch((e: unknown) => e)) as { output?: { statusCode?: number } }).output?.statusCode).toBe(410);
    await sock.refreshMediaConn(false);
    await sock.updateMediaMessage(docMsg);
    expect(digest(await download(docMsg))).toBe(digest(pdf));
    expect(wa.errors).toEqual([]);
  });

  it('GURU_WA_TRUST carries the media certificate along with the Noise root key', () => {
    const [hex, serial, der] = trustSetting(wa).split(':');
    expect(hex).toBe(wa.trust.publicKeyHex);
    expect(Number(serial)).toBe(wa.trust.serial);
    expect(Buffer.from(der!, 'base64').toString('base64')).toBe(der);
    expect(wa.trust.mediaCertPem).toContain(der!.slice(0, 60));
  });
});
