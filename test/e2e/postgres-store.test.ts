import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guru, guruJson } from '../helpers/guru.js';
import { linkedPhone, until } from '../helpers/linked-phone.js';
import { freshStoreUrl } from '../helpers/postgres.js';
import { TEST_PG_PASSWORD } from '../helpers/postgres-server.js';

const NUMBER = '5511999990000';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The whole product over PostgreSQL: `guru init --store`, the REAL daemon with the REAL Baileys
 * linked by QR to the simulator, customers writing (text and a photo), agents answering — and a
 * restart that reconnects from the credentials in the database, without a QR. The data dir keeps
 * only this machine's part: no state, journal, credentials nor files of customers.
 */
describe('PostgreSQL as the store', () => {
  it('init --store, link, chats, a photo, a restart without a QR; the data dir holds no customer data', async () => {
    const url = freshStoreUrl('e2e');
    const phone = await linkedPhone(NUMBER, { store: url });
    try {
      const { fake, home } = phone;
      const status = await guruJson<any>(home, ['daemon', 'status']);
      expect(status.store.kind).toBe('postgres');
      expect(status.store.where).toContain('postgres://postgres:***@127.0.0.1');
      expect(JSON.stringify(status)).not.toContain(TEST_PG_PASSWORD);

      const [maria] = await phone.customers(1);
      const ops = await phone.ana();
      await ops.chats.send(maria!.chatId, 'Olá Maria, em que posso ajudar?');
      await fake.waitForDelivered(1);
      const photo = randomBytes(300_000);
      await fake.sendMedia(maria!.contact, { type: 'image', bytes: photo, mimetype: 'image/jpeg', caption: 'segue a foto' });
      const stored = await until('the photo stored', async () => {
        const shown = await guruJson<any>(home, ['chat', 'show', maria!.chatId, '--as', 'ana@acme.com']);
        const message = shown.messages.find((m: any) => m.media?.state === 'stored');
        return message ?? undefined;
      });
      expect(stored.media.sha256).toBe(sha256(photo));

      // A restart: the state, the chats and the WhatsApp session come back from the database.
      await phone.daemon.stop();
      await phone.restart();
      await until('reconnected without a QR', async () => ((await phone.linkState()) === 'connected' ? true : undefined));
      await fake.sendMessage(maria!.contact, 'Obrigada!');
      const shown = await until('the new message', async () => {
        const chat = await guruJson<any>(home, ['chat', 'show', maria!.chatId, '--as', 'ana@acme.com']);
        return chat.messages.some((m: any) => m.text === 'Obrigada!') ? chat : undefined;
      });
      expect(shown.messages.map((m: any) => m.text)).toEqual(
        expect.arrayContaining(['Oi, sou Cliente 0', 'Olá Maria, em que posso ajudar?', '📷 image · segue a foto', 'Obrigada!']),
      );
      const saved = await guruJson<{ path: string }>(home, ['chat', 'media', stored.id, '--save', join(home, '..'), '--as', 'ana@acme.com']);
      expect(sha256(await readFile(saved.path))).toBe(sha256(photo));

      // The data dir: the store's URL (0600), the owner token, socket, log; nothing of customers.
      const names = await readdir(home);
      for (const gone of ['state.json', 'journal', 'whatsapp', 'media', 'contacts.json', 'audit.jsonl', 'sessions.jsonl']) expect(names).not.toContain(gone);
      expect((await stat(join(home, 'store.url'))).mode & 0o777).toBe(0o600);
      const log = await readFile(join(home, 'daemon.log'), 'utf8');
      expect(log).not.toContain(TEST_PG_PASSWORD);

      // Commands without the daemon work on the database too.
      await phone.daemon.stop();
      const users = await guruJson<any[]>(home, ['user', 'list']);
      expect(users.map((u) => u.email)).toEqual(['ana@acme.com']);
    } finally {
      await phone.close();
    }
  }, 240_000);

  it('a store that cannot be reached, or a bad URL, is refused with what to do, and leaves no data dir behind', async () => {
    const dir = join((await import('node:os')).tmpdir(), `guru-pg-bad-${randomBytes(4).toString('hex')}`);
    const down = await guru(
      dir,
      ['init', '--store', 'postgres://guru:hunter2@127.0.0.1:1/guru', '--admin-email', 'a@b.co', '--admin-name', 'A', '--password-stdin'],
      {
        stdin: 'correct horse battery',
      },
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the PostgreSQL store postgres:\/\/guru:\*\*\*@127\.0\.0\.1:1\/guru/);
    expect(down.stderr).not.toContain('hunter2');
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    const bad = await guru(dir, ['init', '--store', 'postgres://h/', '--admin-email', 'a@b.co', '--admin-name', 'A', '--password-stdin'], {
      stdin: 'correct horse battery',
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/names no database/);
    const env = await guru(dir, ['user', 'list'], { env: { GURU_STORE_URL: 'mysql://x/y' } });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/GURU_STORE_URL holds mysql:\/\/x\/y, which is not a PostgreSQL URL/);
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
