import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaFiles } from '../../src/store/media-files.js';
import { fixtureCert } from '../helpers/certs.js';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { rssMb } from '../helpers/rss.js';
import { PASSWORD, SP } from '../helpers/team.js';

const MARIA = '5511988887777@s.whatsapp.net';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Reading a chat through the real daemon and CLI (in-memory transport): reactions, replies,
 * edits and deletions as `guru chat show` and `chat show --json` give them; attachments
 * downloaded with `guru chat media`, on this machine and from a laptop over the TLS door.
 */
describe('reading chats: annotations and attachments', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;
  let chatId: string;
  let laptopHome: string;
  let laptopConfig: string;
  const cert = fixtureCert('first');
  const ana = ['--as', 'ana@acme.com'];
  const laptop = (args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) =>
    guru(laptopHome, args, { ...options, env: { XDG_CONFIG_HOME: laptopConfig, ...options.env } });
  /** A file as Guru keeps it (the daemon's media store, written as it writes) and a message naming it. */
  const attach = async (id: string, bytes: Buffer, content: Record<string, unknown>) => {
    const kept = await new MediaFiles(join(home, 'media')).put(Readable.from([bytes]));
    await phone.write({ from: MARIA, id, fromMe: true, content: { ...content, size: bytes.length, sha256: kept.sha256 } as never });
    return kept;
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    // Bia sees only what is hers or unassigned; Maria's chat is Ana's.
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--perm', 'chats.send,chats.view_unassigned', '--password-stdin'], pw);
    laptopHome = join(dir, 'laptop');
    laptopConfig = join(dir, 'laptop-config');
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } }, [
      '--listen',
      '127.0.0.1:0',
      '--tls-cert',
      cert.certFile,
      '--tls-key',
      cert.keyFile,
    ]);
    phone = memoryPhone(home, SP);
    await phone.write({ from: MARIA, id: 'M1', text: 'Quero 2 caixas', pushName: 'Maria' });
    chatId = (await guruJson<{ id: string }[]>(home, ['chat', 'list', ...ana]))[0]!.id;
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('chat show --json: a reaction on its message, a reply with its quote, an edit replacing the words, a deletion kept and marked', async () => {
    const sent = await guruJson<{ id: string }>(home, ['chat', 'send', chatId, 'Temos sim!', ...ana, '--json']);
    await phone.write({ from: MARIA, id: 'R1', content: { type: 'reaction', target: sent.id, emoji: '👍' } });
    await phone.write({ from: MARIA, id: 'Q1', content: { type: 'text', text: 'Qual o preço disso?', replyTo: sent.id } });
    await phone.write({ from: MARIA, id: 'E1', content: { type: 'edit', target: 'M1', text: 'Quero 3 caixas' } });
    await phone.write({ from: MARIA, id: 'M2', text: 'meu cartão 4111…' });
    await phone.write({ from: MARIA, id: 'D1', content: { type: 'delete', target: 'M2' } });
    const detail = await guruJson<{ messages: Record<string, unknown>[] }>(home, ['chat', 'show', chatId, ...ana, '--json']);
    expect(detail.messages.map((m) => m.id)).toEqual(['M1', sent.id, 'Q1', 'M2']);
    const [m1, ours, q1, m2] = detail.messages;
    expect(m1).toMatchObject({ text: 'Quero 3 caixas', content: { type: 'text', text: 'Quero 3 caixas' }, edited: true, original: 'Quero 2 caixas' });
    expect(ours).toMatchObject({ reactions: [{ emoji: '👍', from: 'customer' }] });
    expect(q1).toMatchObject({ text: 'Qual o preço disso?', replyTo: { id: sent.id, text: 'Temos sim!' } });
    expect(m2).toMatchObject({ text: 'meu cartão 4111…', deleted: true, direction: 'in' });

    const plain = (await guruOk(home, ['chat', 'show', chatId, ...ana])).stdout;
    expect(plain).toMatch(/← Maria: Quero 3 caixas \(edited\)\n/);
    expect(plain).toMatch(/→ Ana Souza: Temos sim! [✓…]+\n {4}👍 Maria\n/);
    expect(plain).toMatch(/← Maria: ↪ “Temos sim!”\n {4}Qual o preço disso\?\n/);
    expect(plain).toMatch(/← Maria: meu cartão 4111… \(deleted by the customer\)\n/);
  });

  it('chat media --save writes the bytes as sent, under a safe name, never over a file; --stdout and --open too', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024)]);
    await attach('DOC1', pdf, { type: 'document', mimetype: 'application/pdf', fileName: '../../Relatório\u202efdp.exe' });
    // The customer sends a photo: the daemon fetches it from WhatsApp (here the in-memory transport) and keeps it.
    const photo = randomBytes(200 * 1024);
    await phone.write({ from: MARIA, id: 'IMG1', content: { type: 'image', mimetype: 'image/jpeg', size: photo.length, caption: 'a caixa' }, media: photo });
    const out = join(dir, 'downloads');
    await mkdir(out);
    const saved = await guruJson<{ path: string; size: number; contentType: string; fileName: string }>(home, ['chat', 'media', 'DOC1', '--save', out, ...ana]);
    expect(saved).toMatchObject({
      path: join(out, '_.._Relatóriofdp.exe'),
      size: pdf.length,
      contentType: 'application/pdf',
      fileName: '../../Relatório\u202efdp.exe',
    });
    expect(sha256(await readFile(saved.path))).toBe(sha256(pdf));
    const again = await guruOk(home, ['chat', 'media', 'DOC1', '--save', out, ...ana]);
    expect(again.stderr).toContain(`Saved ${join(out, '_.._Relatóriofdp (1).exe')} (3 MB, application/pdf)`);
    const image = await guruJson<{ path: string }>(home, ['chat', 'media', 'IMG1', '--save', out, ...ana]);
    expect(image.path).toBe(join(out, 'IMG1.jpg'));
    expect((await readdir(out)).sort()).toEqual(['IMG1.jpg', '_.._Relatóriofdp (1).exe', '_.._Relatóriofdp.exe']);
    expect(sha256(await readFile(image.path))).toBe(sha256(photo));

    // --stdout: the bytes themselves, into a pipe.
    const piped = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn(process.execPath, [GURU_BIN, 'chat', 'media', 'IMG1', '--stdout', ...ana], { env: { ...process.env, GURU_HOME: home } });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`exit ${code}`))));
    });
    expect(sha256(piped)).toBe(sha256(photo));

    // --open: the opener gets the saved file's path as its one argument.
    const opener = join(dir, 'opener.sh');
    const seen = join(dir, 'opened.txt');
    await writeFile(opener, `#!/bin/sh\nprintf '%s' "$1" > '${seen}'\n`);
    await chmod(opener, 0o755);
    const withOpener = await guru(home, ['chat', 'media', 'DOC1', '--open', '--json', ...ana], { env: { GURU_OPENER: opener } });
    expect(withOpener.code, withOpener.stderr).toBe(0);
    const openedPath = (JSON.parse(withOpener.stdout) as { path: string }).path;
    await expect.poll(() => readFile(seen, 'utf8').catch(() => ''), { timeout: 30_000 }).toBe(openedPath);
    expect(sha256(await readFile(openedPath))).toBe(sha256(pdf));

    // chat show lists each attachment with the id to fetch it by.
    const shown = (await guruOk(home, ['chat', 'show', chatId, ...ana])).stdout;
    expect(shown).toMatch(/← Maria: 📷 image · a caixa {2}\[IMG1\]\n/);
    expect(shown).toMatch(/→ from the phone: 📄 _?\.\.\/\.\.\/Relatório.*\[DOC1\]/);

    const both = await guru(home, ['chat', 'media', 'DOC1', '--save', out, '--stdout', ...ana]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('choose one of --save DIR, --open and --stdout');
    const text = await guru(home, ['chat', 'media', 'M1', ...ana]);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('message M1 has no file to download');
  });

  it('someone who may not see the chat cannot fetch its file by id: exit 5, the same words as for an id that does not exist', async () => {
    await guruOk(home, ['chat', 'list', ...ana]);
    const hidden = await guru(home, ['chat', 'media', 'DOC1', '--save', dir, '--as', 'bia@acme.com']);
    const missing = await guru(home, ['chat', 'media', 'NOSUCH1', '--save', dir, '--as', 'bia@acme.com']);
    expect(hidden.code).toBe(5);
    expect(missing.code).toBe(5);
    expect(hidden.stderr.replace('DOC1', 'X')).toBe(missing.stderr.replace('NOSUCH1', 'X'));
    expect(hidden.stderr).toContain('no message "DOC1" in a chat you may see');
    // Ana, who sees every chat, is told plainly that it does not exist.
    const admin = await guru(home, ['chat', 'media', 'NOSUCH1', ...ana]);
    expect(admin.code).toBe(1);
  });

  it('from a laptop over the TLS door, a download is streamed: the daemon holds no copy while the reader waits', async () => {
    const big = randomBytes(40 * 1024 * 1024);
    await attach('BIG1', big, { type: 'video', mimetype: 'video/mp4' });
    const address = daemon.listen!.address;
    const login = await laptop(['login', '--server', address, '--fingerprint', cert.fingerprint, '--email', 'ana@acme.com', '--password-stdin'], {
      stdin: PASSWORD,
    });
    expect(login.code, login.stderr).toBe(0);
    const { token } = JSON.parse(await readFile(join(laptopConfig, 'guru', 'servers.json'), 'utf8')).servers[address];
    const [host, port] = address.split(':');
    const before = await rssMb(daemon.pid);
    // The raw answer: the file's type and exact length, then its bytes (no JSON); read one chunk, then stop reading.
    const digest = createHash('sha256');
    let received = 0;
    let peak = before;
    await new Promise<void>((resolve, reject) => {
      const req = httpsRequest(
        { host, port: Number(port), path: '/v1/messages/BIG1/media', ca: cert.cert, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe('video/mp4');
          expect(res.headers['content-length']).toBe(String(big.length));
          res.once('data', async (first: Buffer) => {
            res.pause();
            digest.update(first);
            received += first.length;
            // While nobody reads, the daemon must not have read the file into memory.
            for (let i = 0; i < 5; i++) {
              await new Promise((r) => setTimeout(r, 200));
              peak = Math.max(peak, await rssMb(daemon.pid));
            }
            res.on('data', (chunk: Buffer) => {
              digest.update(chunk);
              received += chunk.length;
            });
            res.on('end', () => resolve());
            res.resume();
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(received).toBe(big.length);
    expect(digest.digest('hex')).toBe(sha256(big));
    expect(peak - before).toBeLessThan(big.length / 1024 / 1024 / 2);

    // The laptop's CLI: same bytes, saved over the network.
    const out = join(dir, 'laptop-downloads');
    await mkdir(out);
    const saved = await laptop(['chat', 'media', 'BIG1', '--save', out, '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(sha256(await readFile(JSON.parse(saved.stdout).path))).toBe(sha256(big));
  });
});
