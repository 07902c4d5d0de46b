// The simulator's media host, standing in for mmg.whatsapp.net: HTTPS on 127.0.0.1 with a
// self-signed certificate of its own (clients trust it through GURU_WA_TRUST, never by turning
// verification off). Like WhatsApp it takes encrypted uploads at `/mms/<type>/<encSha256>` with
// the `auth` token from the `media_conn` iq, checks that the body hashes to the name it was
// uploaded under, and serves each stored file at a direct path (`/v/t62…/<id>_n.enc?…`) that
// anyone holding it can download (the file is useless without the message's mediaKey). Bodies
// stream to and from disk, bounded in size. A direct path can be expired (the download then
// answers 410, as an old WhatsApp link does) and a stored file given a new one (a re-upload).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSelfSigned } from '../../tls/self-signed.js';

/** WhatsApp's largest upload (documents: 2 GB); the simulator's default is smaller. */
export const DEFAULT_MAX_MEDIA_BYTES = 100 * 1024 * 1024;

/** The upload paths Baileys uses (MEDIA_PATH_MAP), by the kind of file they carry. */
const UPLOAD_PATH = /^\/mms\/(image|video|audio|document|md-app-state)\/([A-Za-z0-9_-]{43})$/;
const DIRECT_PATH = /^\/v\/t62\.[0-9-]+\/([0-9a-f]{32})_n\.enc$/;

/** One stored encrypted file. */
export interface StoredMedia {
  /** where its bytes are */
  file: string;
  size: number;
  /** the upload path's type (image, audio, …) */
  type: string;
  /** base64 of the SHA-256 of the stored bytes (the message's fileEncSha256) */
  encSha256: string;
  /** false once `forget` removed it for good: a re-upload request then fails */
  present: boolean;
}

/** A direct path the server answered or made, and the file behind it. */
interface PathEntry {
  media: StoredMedia;
  expired: boolean;
}

export interface MediaServerOptions {
  /** Largest accepted upload in bytes (the `maxContentLengthBytes` media_conn announces). */
  maxBytes?: number;
}

export class MediaServer {
  /** `127.0.0.1:<port>`: the hostname media_conn hands out. */
  readonly host: string;
  /** The server's self-signed certificate (PEM): the one thing a client must trust. */
  readonly certPem: string;
  /** The current `auth` token of media_conn; an upload without it is refused. */
  get auth(): string {
    return this.authToken;
  }
  readonly maxBytes: number;
  /** Uploads refused, with why (wrong auth, too large, hash mismatch…), for tests to inspect. */
  readonly refused: { path: string; status: number; reason: string }[] = [];

  private readonly paths = new Map<string, PathEntry>();
  /** The private directory of stored files, made at the first upload (most simulators see none). */
  private dir: Promise<string> | null = null;
  private authToken = randomBytes(24).toString('base64url');

  private constructor(
    private readonly server: Server,
    certPem: string,
    maxBytes: number,
  ) {
    this.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.certPem = certPem;
    this.maxBytes = maxBytes;
  }

  static async start(options: MediaServerOptions = {}): Promise<MediaServer> {
    const { cert, key } = await makeSelfSigned({ commonName: 'Guru WhatsApp simulator media', names: ['127.0.0.1', 'localhost'], validDays: 365 });
    const server = createServer({ cert, key });
    let media: MediaServer | undefined;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      media?.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) reply(res, 500, { error: String(err) });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    media = new MediaServer(server, cert, options.maxBytes ?? DEFAULT_MAX_MEDIA_BYTES);
    return media;
  }

  /** `https://127.0.0.1:<port>` + a direct path: the `url` a media message carries. */
  urlOf(directPath: string): string {
    return `https://${this.host}${directPath}&mms3=true`;
  }

  /** The stored file behind a direct path (expired or not), or undefined. */
  lookup(directPath: string): StoredMedia | undefined {
    return this.paths.get(pathKey(directPath))?.media;
  }

  /** Downloads of `directPath` answer 410 from now on, as a link WhatsApp no longer serves. */
  expire(directPath: string): void {
    const entry = this.paths.get(pathKey(directPath));
    if (!entry) throw new Error(`FakeWhatsApp: no media at ${directPath}`);
    entry.expired = true;
  }

  /** The file behind `directPath` is gone for good: expired, and a re-upload request fails. */
  async forget(directPath: string): Promise<void> {
    const entry = this.paths.get(pathKey(directPath));
    if (!entry) throw new Error(`FakeWhatsApp: no media at ${directPath}`);
    entry.expired = true;
    entry.media.present = false;
    await unlink(entry.media.file).catch(() => undefined);
  }

  /**
   * A new media_conn token, as WhatsApp's expire: uploads with the old one are refused (401) until
   * the client asks media_conn again.
   */
  rotateAuth(): void {
    this.authToken = randomBytes(24).toString('base64url');
  }

  /** A path in the server's private directory for a file being written (removed at close). */
  async scratchPath(): Promise<string> {
    return join(await this.storage(), `scratch-${randomBytes(8).toString('hex')}`);
  }

  /** A fresh direct path for a stored file (the phone re-uploaded it); undefined if it is gone. */
  renew(directPath: string): string | undefined {
    const media = this.lookup(directPath);
    if (!media?.present) return undefined;
    return this.addPath(media);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (!this.dir) return;
    const dir = await this.dir;
    await rm(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  }

  /** The storage directory, made on first use; removed at close, or at exit if close never came. */
  private storage(): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), 'guru-wa-media-')).then((dir) => {
      if (!exitHooked) process.once('exit', removeLiveDirs);
      exitHooked = true;
      liveDirs.add(dir);
      return dir;
    });
    return this.dir;
  }

  private addPath(media: StoredMedia): string {
    const id = randomBytes(16).toString('hex');
    const path = `/v/t62.7118-24/${id}_n.enc`;
    // WhatsApp's query (signature, expiry, …): carried along, not checked
    const query = `ccb=11-4&oh=01_${randomBytes(16).toString('base64url')}&oe=${(Math.floor(Date.now() / 1000) + 14 * 86400).toString(16).toUpperCase()}&_nc_sid=5e03e0`;
    this.paths.set(path, { media, expired: false });
    return `${path}?${query}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `https://${this.host}`);
    if (req.method === 'POST') return this.upload(req, res, url);
    if (req.method === 'GET' || req.method === 'HEAD') return this.download(req, res, url);
    req.resume();
    reply(res, 405, { error: 'method not allowed' });
  }

  /** `POST /mms/<type>/<encSha256>?auth=…&token=…`: the body is stored if all checks pass. */
  private async upload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const refuse = (status: number, reason: string): void => {
      this.refused.push({ path: url.pathname, status, reason });
      // what is left of the body is read and dropped (cut past the limit), so the client gets
      // the answer rather than a reset; the connection closes after it
      let dropped = 0;
      req.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > this.maxBytes) req.destroy();
      });
      res.setHeader('Connection', 'close');
      reply(res, status, { error: reason });
    };
    const match = UPLOAD_PATH.exec(url.pathname);
    if (!match) return refuse(404, `no upload path ${url.pathname}`);
    if (url.searchParams.get('auth') !== this.auth) return refuse(401, 'wrong or missing auth token (ask media_conn for one)');
    const hash = match[2]!;
    if (url.searchParams.get('token') !== hash) return refuse(400, 'token does not match the path');
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > this.maxBytes) return refuse(413, `larger than ${this.maxBytes} bytes`);
    const file = join(await this.storage(), randomBytes(16).toString('hex'));
    const out = createWriteStream(file, { mode: 0o600 });
    const sha = createHash('sha256');
    let size = 0;
    try {
      for await (const data of req) {
        const chunk = data as Buffer;
        size += chunk.length;
        if (size > this.maxBytes) {
          out.destroy();
          await unlink(file).catch(() => undefined);
          return refuse(413, `larger than ${this.maxBytes} bytes`);
        }
        sha.update(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    } catch (err) {
      out.destroy();
      await unlink(file).catch(() => undefined);
      throw err;
    }
    const digest = sha.digest();
    if (digest.toString('base64url') !== hash) {
      await unlink(file);
      return refuse(400, 'the body does not hash to the encSha256 it was uploaded as');
    }
    const media: StoredMedia = { file, size, type: match[1]!, encSha256: digest.toString('base64'), present: true };
    const directPath = this.addPath(media);
    reply(res, 200, { url: this.urlOf(directPath), direct_path: directPath });
  }

  /** `GET <direct path>`: the stored bytes, streamed; one `Range: bytes=a-b` honoured. */
  private async download(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    req.resume();
    if (!DIRECT_PATH.test(url.pathname)) return reply(res, 404, { error: 'not found' });
    const entry = this.paths.get(url.pathname);
    if (!entry) return reply(res, 404, { error: 'not found' });
    if (entry.expired || !entry.media.present) return reply(res, 410, { error: 'gone' });
    const { size } = await stat(entry.media.file);
    let start = 0;
    let end = size - 1;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d+)-(\d*)$/.exec(range);
      if (!m || Number(m[1]) >= size) {
        res.setHeader('Content-Range', `bytes */${size}`);
        return reply(res, 416, { error: 'range not satisfiable' });
      }
      start = Number(m[1]);
      if (m[2]) end = Math.min(end, Number(m[2]));
      if (end < start) {
        res.setHeader('Content-Range', `bytes */${size}`);
        return reply(res, 416, { error: 'range not satisfiable' });
      }
    }
    res.writeHead(range ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(end - start + 1),
      'Accept-Ranges': 'bytes',
      ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD' || size === 0) return void res.end();
    const input = createReadStream(entry.media.file, { start, end });
    input.pipe(res);
    await once(res, 'close');
    input.destroy();
  }
}

/** Storage directories of servers not closed yet: a process that exits without close leaves none behind. */
const liveDirs = new Set<string>();
let exitHooked = false;
const removeLiveDirs = (): void => {
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
};

const reply = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
};

/** The key of a direct path (or a url made from one) in `paths`: its pathname. */
const pathKey = (directPath: string): string => new URL(directPath, 'https://media.invalid').pathname;
