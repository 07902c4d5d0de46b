import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../src/core/chats/model.js';
import { openStores } from '../../src/store/open.js';
import { SessionLog } from '../../src/store/session-log.js';
import { apiClient, memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { freshStoreUrl } from '../helpers/postgres.js';
import { TEST_PG_PASSWORD } from '../helpers/postgres-server.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';

const SECOND = '+5511888880000';
const MEMORY = { env: { GURU_TRANSPORT: 'memory' } };
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
async function* bytesOf(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** What a data dir's files hold, as a person would check it after a round trip. */
async function snapshot(home: string) {
  const stores = await openStores({ kind: 'files', home, lock: 'per-write', keyFile: null });
  const state = JSON.stringify(await stores.state.read(), null, 2);
  await stores.close();
  const { commit: _commit, ...written } = JSON.parse(await readFile(join(home, 'state.json'), 'utf8'));
  const files = async (dir: string) =>
    Object.fromEntries(
      await Promise.all(
        (await readdir(join(home, dir), { recursive: true, withFileTypes: true }))
          .filter((e) => e.isFile() && !e.name.endsWith('.checkpoint.json') && relative(home, e.parentPath) !== 'media/tmp')
          .map(async (e) => [relative(home, join(e.parentPath, e.name)), sha256(await readFile(join(e.parentPath, e.name)))] as const),
      ),
    );
  const sessions = (await new SessionLog(join(home, 'sessions.jsonl'), false).list()).sort((a, b) => a.id.localeCompare(b.id));
  return {
    state,
    stateFile: JSON.stringify(written, null, 2),
    journal: await files('journal'),
    media: await files('media'),
    secrets: { ...(await files('whatsapp')), ...(await files('mail')) },
    audit: sha256(await readFile(join(home, 'audit.jsonl'))),
    contacts: sha256(await readFile(join(home, 'contacts.json'))),
    sessions,
  };
}

/**
 * `guru store migrate` with the real binary, over a data dir made by a day's work (the CLI, the
 * daemon with customers writing, a photo, logins) and a long journal, contacts, a big file and
 * secrets (one encrypted) written through the stores: files → PostgreSQL, where the CLI and a
 * daemon work on the copy, and back to files — the same bytes as before.
 */
describe('guru store migrate', () => {
  let dir: string;
  let home: string;
  const photo = randomBytes(40_000);
  const big = randomBytes(600_000);
  const customers = Array.from({ length: 3 }, (_, i) => `+55119555500${i}0`);

  beforeAll(async () => {
    dir = await makeTempDir('guru-migrate-');
    home = join(dir, 'data');
    await seedTeam(home);
    await guruOk(home, ['phone', 'add', SECOND, '--label', 'Suporte']);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    const daemon = await startDaemon(home, MEMORY);
    try {
      const phone = memoryPhone(home, SP);
      await phone.write({ from: '5511977776666@s.whatsapp.net', pushName: 'Maria', text: 'oi, tudo bem? 😀' });
      await phone.write({
        from: '5511966665555@s.whatsapp.net',
        pushName: 'João',
        id: 'IMG1',
        content: { type: 'image', mimetype: 'image/jpeg', size: photo.length, caption: 'a caixa' },
        media: photo,
      });
      const anonymous = apiClient(home, null);
      const ana = apiClient(home, (await anonymous.login('ana@acme.com', PASSWORD)).token).operations();
      await anonymous.login('bia@acme.com', PASSWORD);
      const [chat] = await ana.chats.list({});
      await ana.chats.send(chat!.id, 'Tudo ótimo!');
    } finally {
      await daemon.stop();
    }
    // Through the stores: 2,501 records on the second number (three batches), contacts, a file of
    // 600 KB (three PostgreSQL chunks), a WhatsApp session encrypted with a key, SMTP settings plain.
    const key = join(dir, 'secrets.key');
    await writeFile(key, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const stores = await openStores({ kind: 'files', home, lock: 'hold', keyFile: key });
    try {
      const time = (i: number) => new Date(Date.UTC(2026, 10, 1, 12, 0, i)).toISOString();
      const records: JournalRecord[] = [
        { type: 'chat.opened', chatId: 'c_suporte1', customer: customers[0]!, name: 'Zé', time: time(0), assignee: null, trail: [], cause: 'new' },
        ...Array.from(
          { length: 2500 },
          (_, i): JournalRecord => ({ type: 'message', id: `S${i}`, chatId: 'c_suporte1', direction: 'in', text: `pedido nº ${i} — ação`, time: time(i + 1) }),
        ),
      ];
      await stores.journal.append(SECOND, records);
      for (const [i, customer] of customers.entries()) {
        await stores.contacts.put({ customer, name: `Cliente ${i}`, fields: { plano: i % 2 ? 'ouro' : 'prata' }, updatedAt: time(i), updatedBy: 'owner' });
      }
      await stores.media.put(bytesOf(big));
      await stores.secrets.phoneCredentials(SP).write('{"creds":{"me":"5511999990000"}}');
    } finally {
      await stores.close();
    }
    const plain = await openStores({ kind: 'files', home, lock: 'hold', keyFile: null });
    await plain.secrets.mailSettings().write('{"host":"smtp.acme.com","port":587,"user":"guru","password":"s3nh4"}');
    await plain.close();
  }, 120_000);
  afterAll(() => removeDir(dir));

  it('refuses while a daemon runs, and into a store that already holds data; nothing moves', async () => {
    const daemon = await startDaemon(home, MEMORY);
    const url = freshStoreUrl();
    try {
      const busy = await guru(home, ['store', 'migrate', '--to', url]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/a daemon is running on .* — stop it first \(`guru daemon stop`\)/);
    } finally {
      await daemon.stop();
    }

    // Another installation already lives in that schema.
    const other = join(dir, 'other');
    await guruOk(other, ['init', '--store', url, '--admin-email', 'rui@outra.com', '--admin-name', 'Rui', '--password-stdin'], { stdin: PASSWORD });
    const full = await guru(home, ['store', 'migrate', '--to', url]);
    expect(full.code).toBe(1);
    expect(full.stderr).toMatch(/already holds Guru data \(an account, audit entries\) — nothing was copied; migrate into an empty store/);
    expect(full.stderr).not.toContain(TEST_PG_PASSWORD);
    expect((await guruJson<any[]>(other, ['user', 'list'])).map((u) => u.email)).toEqual(['rui@outra.com']);

    const same = await guru(home, ['store', 'migrate', '--to', 'files']);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/keeps its data in files already/);
    const bad = await guru(home, ['store', 'migrate', '--to', 'mysql://x/y']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--to takes `files` or a PostgreSQL URL/);

    await expect(stat(join(home, 'store.url'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await guruJson<any[]>(home, ['user', 'list'])).map((u) => u.email)).toEqual(['ana@acme.com', 'bia@acme.com', 'caio@acme.com']);
  }, 120_000);

  it('files → PostgreSQL → files: the same state, journals, audit, contacts, media, sessions and secrets, byte for byte', async () => {
    const before = await snapshot(home);
    const url = freshStoreUrl('migrate');

    // To PostgreSQL: copied, verified, the data dir switched; its old files kept aside.
    const there = await guru(home, ['store', 'migrate', '--to', url, '--json']);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stderr).toMatch(/copied the journal of \+5511888880000: 2,501 records/);
    expect(`${there.stdout}${there.stderr}`).not.toContain(TEST_PG_PASSWORD);
    const report = JSON.parse(there.stdout);
    expect(report.from).toEqual({ kind: 'files', where: home });
    expect(report.to.kind).toBe('postgres');
    expect(report.to.where).toContain('postgres:***@');
    expect(report.state).toMatchObject({ users: 3, departments: 1, phones: 2 });
    const journal = Object.fromEntries(report.journal.map((j: any) => [j.phone, j]));
    expect(journal[SECOND].records).toBe(2501);
    expect(journal[SP].records).toBeGreaterThanOrEqual(3);
    // A journal's checksum is that of its file: `sha256sum journal/<number>.jsonl`.
    expect(journal[SECOND].sha256).toBe(before.journal['journal/5511888880000.jsonl']);
    expect(journal[SP].sha256).toBe(before.journal['journal/5511999990000.jsonl']);
    expect(report.audit.sha256).toBe(before.audit);
    expect(report.contacts.count).toBe(3);
    expect(report.media.files).toBe(2);
    expect(report.media.bytes).toBe(photo.length + big.length);
    expect(report.sessions.count).toBe(2);
    expect(report.secrets.count).toBe(2);
    expect(report.setAside).toMatch(/\/files-before-migration-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d$/);
    expect(report.envStoreUrl).toBe(false);

    expect((await readFile(join(home, 'store.url'), 'utf8')).trim()).toBe(url);
    expect((await stat(join(home, 'store.url'))).mode & 0o777).toBe(0o600);
    const names = await readdir(home);
    for (const gone of ['state.json', 'cursors.json', 'journal', 'media', 'whatsapp', 'mail', 'audit.jsonl', 'sessions.jsonl', 'contacts.json'])
      expect(names).not.toContain(gone);
    expect(await readdir(report.setAside)).toEqual(
      expect.arrayContaining(['state.json', 'journal', 'media', 'whatsapp', 'mail', 'audit.jsonl', 'contacts.json']),
    );

    // The CLI and a daemon work on the copy.
    expect((await guruJson<any[]>(home, ['user', 'list'])).map((u) => u.email)).toEqual(['ana@acme.com', 'bia@acme.com', 'caio@acme.com']);
    expect(await guruJson<any[]>(home, ['audit'])).toHaveLength(report.audit.count);
    expect(await guruJson<any[]>(home, ['user', 'sessions', 'bia@acme.com'])).toHaveLength(1);
    const again = await guru(home, ['store', 'migrate', '--to', url]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/keeps its data in postgres:\/\/postgres:\*\*\*@.* already — nothing to migrate/);
    // A daemon on the database from elsewhere (another data dir, as another machine would) is seen
    // too: it holds the numbers' leases.
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere, { mode: 0o700 });
    await writeFile(join(elsewhere, 'store.url'), `${url}\n`, { mode: 0o600 });
    const remote = await startDaemon(elsewhere, MEMORY);
    try {
      const busy = await guru(home, ['store', 'migrate', '--to', 'files']);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(
        /a Guru daemon runs on postgres:\/\/postgres:\*\*\*@\S+ \(\S+ pid \d+\) — stop it first, on whichever machine it runs, then migrate/,
      );
      await expect(stat(join(home, 'state.json'))).rejects.toMatchObject({ code: 'ENOENT' });
      // One standing by (every number is held by the other) is seen as well.
      const second = join(dir, 'standby');
      await mkdir(second, { mode: 0o700 });
      await writeFile(join(second, 'store.url'), `${url}\n`, { mode: 0o600 });
      const standby = await startDaemon(second, MEMORY);
      try {
        const both = await guru(home, ['store', 'migrate', '--to', 'files']);
        expect(both.code).toBe(1);
        expect(both.stderr).toContain(`pid ${standby.pid}`);
      } finally {
        await standby.stop();
      }
    } finally {
      await remote.stop();
    }
    const daemon = await startDaemon(home, MEMORY);
    try {
      expect((await guruJson<any>(home, ['daemon', 'status'])).store.kind).toBe('postgres');
      const chats = await guruJson<any[]>(home, ['chat', 'list', '--all', '--as', 'ana@acme.com']);
      expect(chats.map((c) => c.customer).sort()).toEqual([customers[0], '+5511966665555', '+5511977776666'].sort());
    } finally {
      await daemon.stop();
    }

    // Back to files: the data dir's own files again, as they were.
    const back = await guru(home, ['store', 'migrate', '--to', 'files', '--json']);
    expect(back.code, back.stderr).toBe(0);
    const returned = JSON.parse(back.stdout);
    expect(returned.from.kind).toBe('postgres');
    expect(returned.to).toEqual({ kind: 'files', where: home });
    expect(returned.setAside).toBeNull();
    for (const part of ['state', 'journal', 'audit', 'contacts', 'media', 'sessions', 'secrets']) expect(returned[part], part).toEqual(report[part]);
    await expect(stat(join(home, 'store.url'))).rejects.toMatchObject({ code: 'ENOENT' });

    const after = await snapshot(home);
    expect(after.state).toBe(before.state);
    expect(after.stateFile).toBe(before.state);
    expect(after.journal).toEqual(before.journal);
    expect(after.audit).toBe(before.audit);
    expect(after.contacts).toBe(before.contacts);
    expect(after.media).toEqual(before.media);
    expect(Object.keys(after.media)).toHaveLength(2);
    expect(after.secrets).toEqual(before.secrets);
    expect(await readFile(join(home, 'whatsapp', '5511999990000.json'), 'utf8')).toMatch(/^\{"guru-encrypted-secret":1/);
    expect(after.sessions).toEqual(before.sessions);
    expect((await guruJson<any[]>(home, ['user', 'list'])).map((u) => u.email)).toEqual(['ana@acme.com', 'bia@acme.com', 'caio@acme.com']);
  }, 240_000);

  it('a copy that stops half way leaves the data dir on its store, unchanged, and says what to clean up', async () => {
    const small = join(dir, 'small');
    await guruOk(small, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    const stores = await openStores({ kind: 'files', home: small, lock: 'hold', keyFile: null });
    const { sha256: name } = await stores.media.put(bytesOf(randomBytes(1000)));
    await stores.close();
    // The disk changed a kept file behind Guru's back: its bytes no longer match its name.
    await writeFile(join(small, 'media', name.slice(0, 2), name), 'not the same bytes');
    const url = freshStoreUrl();
    const failed = await guru(small, ['store', 'migrate', '--to', url]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/media file [0-9a-f]{12}… in .* does not hold the bytes its name says/);
    expect(failed.stderr).toMatch(
      /the migration stopped: .* still uses .*, unchanged; the partial copy in postgres:\/\/postgres:\*\*\*@.* must go before trying again: `DROP SCHEMA t_[0-9a-f]+ CASCADE`/,
    );
    await expect(stat(join(small, 'store.url'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(small)).toContain('state.json');
    expect((await guruJson<any[]>(small, ['user', 'list'])).map((u) => u.email)).toEqual(['ana@acme.com']);
  });
});
