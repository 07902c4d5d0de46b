import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceOperation as service } from '../../src/api/declare.js';
import { DaemonClient } from '../../src/client/http.js';
import type { ByteSource, ByteStream } from '../../src/core/bytes.js';
import { Engine } from '../../src/core/engine.js';
import { GuruError, denied } from '../../src/core/errors.js';
import { EventHub } from '../../src/core/events.js';
import { OWNER } from '../../src/core/model.js';
import { SOCKET_ORIGIN, tcpOrigin } from '../../src/core/origin.js';
import { DEFAULT_CONNECTION_CAPS } from '../../src/daemon/connection-gate.js';
import { DEFAULT_DOOR_TIMEOUTS, NetworkDoor } from '../../src/daemon/network-door.js';
import { openStores } from '../../src/store/open.js';
import type { FileStores } from '../../src/store/store.js';
import { fixtureCert } from '../helpers/certs.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { inProcessRouter } from '../helpers/in-process-router.js';

const PW = 'correct horse battery';
const OWNER_TOKEN = 'o'.repeat(64);
const CAP = 8 * 1024 * 1024;
const CHUNK = 64 * 1024;
const REQUEST_MS = 1_500;

/** What the test upload route answers: what it read. */
interface Received {
  sha256: string;
  size: number;
}

/** Test routes declared like the real ones (upload: raw body; download: raw answer), served through the router's hook. */
const UPLOAD = service<[bytes: ByteSource, size?: number], Received>()({
  method: 'PUT',
  path: '/v1/test/upload',
  needs: 'session',
  stream: false,
  upload: { maxBytes: CAP },
  output: (z) => z.object({ sha256: z.string(), size: z.number() }),
  encode: (bytes, size) => ({ bytes, ...(size === undefined ? {} : { size }) }),
  decode: (_, _p, bytes) => [bytes],
});
const REFUSING_UPLOAD = service<[bytes: ByteSource], Received>()({
  ...UPLOAD,
  path: '/v1/test/refusing-upload',
  encode: (bytes) => ({ bytes }),
  decode: (_, _p, bytes) => [bytes],
});
const DOWNLOAD = service<[name: string], ByteStream>()({
  method: 'GET',
  path: '/v1/test/download/:name',
  needs: 'session',
  stream: false,
  download: true,
  output: (z) => z.object({ contentType: z.string(), size: z.number(), fileName: z.string().nullable(), body: z.unknown() }),
  encode: (name) => ({ params: { name } }),
  decode: (_, p) => [p.name ?? ''],
});

/** Deterministic bytes: chunk i is 64 KiB of the byte i % 251. */
const chunkOf = (i: number) => Buffer.alloc(CHUNK, i % 251);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function readAll(source: ByteSource): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A promise and its resolver. */
function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * The streamed route mechanism, through the real router, over the unix socket and the TLS
 * network door: an upload's body reaches the handler as the client sends it (capped,
 * authenticated first); a download's bytes reach the client as the handler yields them, with
 * their type, length and file name.
 */
describe('streamed routes: raw bytes in and out', () => {
  let dir: string;
  let store: FileStores;
  let server: Server;
  let door: NetworkDoor;
  let local: DaemonClient;
  let remote: DaemonClient;
  /** Set by the download handler for the "slow" file: it yields its second chunk once opened. */
  let slowGate = gate();
  /** Every upload handler call, with how it ended. */
  const uploads: { outcome: 'read' | 'failed' | 'refused'; error?: string }[] = [];
  /** Resolved when the upload handler has its first chunk (the "streamed" upload test waits for it). */
  let firstChunk = gate();

  beforeAll(async () => {
    dir = await makeTempDir('guru-bytes-');
    store = await openStores({ kind: 'files', home: join(dir, 'data'), lock: 'hold', create: true });
    const engine = new Engine({ stores: store, stateNow: () => store.stateNow(), events: new EventHub() });
    await engine.as(OWNER).account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    const { router, hook } = inProcessRouter(engine, OWNER_TOKEN);
    hook.serve(UPLOAD, async (_caller, bytes) => {
      const hash = createHash('sha256');
      let size = 0;
      try {
        for await (const chunk of bytes) {
          if (size === 0) firstChunk.open();
          hash.update(chunk);
          size += chunk.length;
        }
      } catch (err) {
        uploads.push({ outcome: 'failed', error: (err as Error).message });
        // As a store would: its own error, not the router's (the router still answers 413).
        throw new GuruError('internal', 'the upload could not be stored');
      }
      uploads.push({ outcome: 'read' });
      return { sha256: hash.digest('hex'), size };
    });
    hook.serve(REFUSING_UPLOAD, async () => {
      uploads.push({ outcome: 'refused' });
      throw denied('you may not upload here');
    });
    hook.serve(DOWNLOAD, async (_caller, name) => {
      if (name === 'missing') throw new GuruError('not_found', 'no such file here');
      const chunks = name === 'slow' ? 4 : name === 'cut' ? 8 : 80; // 80 × 64 KiB = 5 MiB
      const announced = chunks * CHUNK;
      async function* body(): AsyncGenerator<Uint8Array> {
        for (let i = 0; i < chunks; i++) {
          if (name === 'cut' && i === 3) throw new Error('disk read failed');
          if (name === 'slow' && i === 1) await slowGate.promise;
          yield chunkOf(i);
        }
      }
      const fileName = name === 'slow' ? 'relatório "final"/março 2026 ✓.pdf' : null;
      return { contentType: name === 'slow' ? 'text/html\r\nx-evil: 1' : 'application/pdf', size: announced, fileName, body: body() };
    });
    const socket = join(dir, 'api.sock');
    server = createServer((req, res) => void router.handle(req, res, SOCKET_ORIGIN));
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    const cert = fixtureCert('first');
    door = await NetworkDoor.open({
      listen: { host: '127.0.0.1', port: 0 },
      certificate: { cert: cert.cert, key: cert.key, fingerprint: cert.fingerprint, source: 'given' },
      caps: DEFAULT_CONNECTION_CAPS,
      // Short bounds, as a slow link would outlast the real ones (10 s, 30 s).
      timeouts: { ...DEFAULT_DOOR_TIMEOUTS, headersMs: REQUEST_MS, requestMs: REQUEST_MS },
      version: '0.1.0',
      handle: (req, res, origin) => void router.handle(req, res, origin),
    });
    const { token } = await engine.sessions.login('ana@acme.com', PW, tcpOrigin('127.0.0.1'));
    local = new DaemonClient({ socket, token: OWNER_TOKEN, version: '0.1.0' });
    const port = Number(door.status.address.split(':').at(-1));
    remote = new DaemonClient({ server: { host: '127.0.0.1', port, fingerprint: cert.fingerprint }, token, version: '0.1.0' });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    const closed = new Promise((resolve) => door.server.close(resolve));
    door.server.closeAllConnections();
    await closed;
    await store.close();
    await removeDir(dir);
  });

  it.each([
    ['socket', () => local],
    ['TLS door', () => remote],
  ])('over the %s, a file uploads from a stream and arrives whole, with or without its length', async (_, client) => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const file = join(dir, 'upload.bin');
    await writeFile(file, data);
    expect(await client().declared(UPLOAD, createReadStream(file), data.length)).toEqual({ sha256: sha256(data), size: data.length });
    expect(await client().declared(UPLOAD, createReadStream(file))).toEqual({ sha256: sha256(data), size: data.length });
  });

  it('the handler reads the upload while the client is still sending it (not buffered first)', async () => {
    firstChunk = gate();
    async function* source(): AsyncGenerator<Uint8Array> {
      yield chunkOf(1);
      // Only a handler already reading can open this: a client or router that collected the
      // whole body before handing it on would wait here forever.
      await firstChunk.promise;
      yield chunkOf(2);
    }
    const answer = await remote.declared(UPLOAD, source());
    expect(answer).toEqual({ sha256: sha256(Buffer.concat([chunkOf(1), chunkOf(2)])), size: 2 * CHUNK });
  });

  // Node cuts a request that outlasts its bounds even while its body keeps coming: an upload
  // (authenticated) is bounded by its progress instead.
  it('an upload outlasting the request timeout goes through while it keeps moving; one that stops moving for that long is cut', async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 8; i++) {
        yield chunkOf(i);
        await pause(REQUEST_MS / 4);
      }
    }
    // Twice the whole-request bound in all, never more than a quarter of it between two chunks.
    const answer = await remote.declared(UPLOAD, slow());
    expect(answer).toEqual({ sha256: sha256(Buffer.concat([0, 1, 2, 3, 4, 5, 6, 7].map(chunkOf))), size: 8 * CHUNK });

    uploads.length = 0;
    const stopped = gate();
    async function* stalls(): AsyncGenerator<Uint8Array> {
      yield chunkOf(1);
      await stopped.promise;
    }
    const cut = await remote.declared(UPLOAD, stalls()).catch((err: unknown) => err);
    stopped.open();
    expect(cut).toBeInstanceOf(GuruError);
    await expect.poll(() => uploads, { timeout: 10_000 }).toEqual([{ outcome: 'failed', error: expect.any(String) }]);
  });

  it('a request whose JSON body stops coming is still cut at the whole-request bound, with a 408', async () => {
    const port = Number(door.status.address.split(':').at(-1));
    const started = Date.now();
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/login',
          ca: fixtureCert('first').cert,
          headers: { 'content-type': 'application/json', 'content-length': 100 },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write('{"email":'); // 9 of the 100 bytes announced, then nothing
    });
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.text)).toEqual({ error: { code: 'usage', message: 'the request did not arrive in time' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_MS - 100);
  });

  it('an upload over the cap is refused with 413 and its limit; announced over it, before anyone reads a byte', async () => {
    uploads.length = 0;
    async function* tooMuch(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < CAP / CHUNK + 4; i++) yield chunkOf(i);
    }
    const refused = await local.declared(UPLOAD, tooMuch()).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(GuruError);
    expect(refused).toMatchObject({ code: 'invalid_input', message: `request body too large (limit ${CAP} bytes)` });
    expect(uploads).toEqual([{ outcome: 'failed', error: `request body too large (limit ${CAP} bytes)` }]);

    uploads.length = 0;
    const announced = await remote.declared(UPLOAD, tooMuch(), CAP + 1).catch((err: unknown) => err);
    expect(announced).toMatchObject({ code: 'invalid_input', message: `request body too large (limit ${CAP} bytes)` });
    expect(uploads).toEqual([]);
  });

  it('without credentials an upload is refused before the handler runs; a handler refusing unread bytes answers at once', async () => {
    uploads.length = 0;
    const anonymous = new DaemonClient({ ...remote.options, token: null });
    async function* big(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 64; i++) yield chunkOf(i);
    }
    await expect(anonymous.declared(UPLOAD, big())).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(uploads).toEqual([]);
    await expect(remote.declared(REFUSING_UPLOAD, big())).rejects.toMatchObject({ code: 'permission_denied', message: 'you may not upload here' });
    await expect(local.declared(REFUSING_UPLOAD, big())).rejects.toMatchObject({ code: 'permission_denied' });
    expect(uploads).toEqual([{ outcome: 'refused' }, { outcome: 'refused' }]);
  });

  it.each([
    ['socket', () => local],
    ['TLS door', () => remote],
  ])('over the %s, a download streams its bytes with type, length and no name', async (_, client) => {
    const file = await client().declared(DOWNLOAD, 'big');
    expect(file).toMatchObject({ contentType: 'application/pdf', size: 80 * CHUNK, fileName: null });
    const expected = Buffer.concat(Array.from({ length: 80 }, (_, i) => chunkOf(i)));
    expect(sha256(await readAll(file.body))).toBe(sha256(expected));
  });

  it('the client has the first bytes before the daemon produced the rest; the file name and a hostile type survive the trip safely', async () => {
    slowGate = gate();
    let versions: string[] = [];
    const client = new DaemonClient({ ...remote.options, version: '0.0.9', onVersionMismatch: (theirs) => versions.push(theirs) });
    const file = await client.declared(DOWNLOAD, 'slow');
    expect(versions).toEqual(['0.1.0']);
    expect(file.fileName).toBe('relatório "final"/março 2026 ✓.pdf');
    expect(file.contentType).toBe('application/octet-stream');
    const reader = file.body[Symbol.asyncIterator]();
    const first = await reader.next();
    // The handler is still waiting to yield its second chunk: what came was streamed.
    expect(Buffer.from(first.value as Uint8Array).equals(chunkOf(0).subarray(0, (first.value as Uint8Array).length))).toBe(true);
    slowGate.open();
    const rest: Uint8Array[] = [first.value as Uint8Array];
    for (let next = await reader.next(); !next.done; next = await reader.next()) rest.push(next.value);
    expect(Buffer.concat(rest).equals(Buffer.concat([0, 1, 2, 3].map(chunkOf)))).toBe(true);
    versions = [];
  });

  it('a download refused before its bytes is the usual error; one that breaks midway fails the reader, never passes for whole', async () => {
    await expect(remote.declared(DOWNLOAD, 'missing')).rejects.toMatchObject({ code: 'not_found', message: 'no such file here' });
    for (const client of [local, remote]) {
      const file = await client.declared(DOWNLOAD, 'cut');
      expect(file.size).toBe(8 * CHUNK);
      const read = await readAll(file.body).catch((err: unknown) => err);
      expect(read).toBeInstanceOf(GuruError);
      expect((read as GuruError).message).toMatch(/broke off after \d+ of 524288 bytes/);
    }
  });
});
