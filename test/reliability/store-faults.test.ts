import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/core/model.js';
import { migrateState, MIGRATIONS } from '../../src/store/migrations.js';
import { apiClient, memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { guruLimited } from '../helpers/limits.js';
import { PASSWORD, SP } from '../helpers/team.js';

/**
 * What Guru does with damaged or unexpected files in its data dir: a torn journal tail is
 * repaired (the crash's fingerprint), anything else is refused naming the file and left byte
 * for byte as it was; a state file of an older schema is migrated, with a backup first.
 */
describe('store faults', () => {
  let dir: string;
  let n = 0;
  const env = { GURU_TRANSPORT: 'memory' };
  const journalName = `${SP.slice(1)}.jsonl`;

  beforeAll(async () => {
    dir = await makeTempDir('guru-faults-');
  });
  afterAll(() => removeDir(dir));

  /** A fresh data dir with an account, one phone and Ana in its rodízio. */
  async function newHome(): Promise<string> {
    const home = join(dir, `home-${++n}`);
    await guruOk(home, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    return home;
  }

  async function messageIds(home: string): Promise<string[]> {
    const client = apiClient(home, ownerToken(home)).operations();
    const ids: string[] = [];
    for (const chat of await client.chats.list({ status: 'all' })) ids.push(...(await client.chats.show(chat.id, { limit: 1000 })).messages.map((m) => m.id));
    return ids.sort();
  }

  /** A journal with three acknowledged messages from two customers, daemon stopped. */
  async function homeWithJournal(): Promise<{ home: string; journal: string }> {
    const home = await newHome();
    const daemon = await startDaemon(home, { env });
    try {
      const phone = memoryPhone(home, SP);
      await phone.write({ id: 'M1', from: '5511911110001@s.whatsapp.net', text: 'olá' });
      await phone.write({ id: 'M2', from: '5511911110002@s.whatsapp.net', text: 'oi, tudo bem?' });
      await phone.write({ id: 'M3', from: '5511911110001@s.whatsapp.net', text: 'ainda aí?' });
    } finally {
      await daemon.stop();
    }
    return { home, journal: join(home, 'journal', journalName) };
  }

  it('a torn journal tail is cut off on daemon start, with a warning; the good messages stay', async () => {
    const { home, journal } = await homeWithJournal();
    const good = await readFile(journal);
    const torn = '{"type":"message","id":"M4","chatId":"c_x","direction":"in","te';
    await appendFile(journal, torn);

    const daemon = await startDaemon(home, { env });
    try {
      expect(await messageIds(home)).toEqual(['M1', 'M2', 'M3']);
    } finally {
      await daemon.stop();
    }
    expect((await readFile(journal)).equals(good)).toBe(true);
    const warnings = (await readFile(join(home, 'daemon.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; file?: string; droppedBytes?: number })
      .filter((l) => l.msg.includes('torn last line'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, file: journal, droppedBytes: Buffer.byteLength(torn) });
    console.log(`store faults: torn journal tail — ${Buffer.byteLength(torn)} bytes cut, 3 of 3 messages kept, 1 warning logged`);
  }, 120_000);

  it('a line damaged in the middle of the journal stops the daemon, naming the file; the journal is untouched', async () => {
    const { home, journal } = await homeWithJournal();
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines[1] = `${lines[1]!.slice(0, 20)}\u0000\u0000 garbage`;
    const damaged = lines.join('\n');
    await writeFile(journal, damaged);

    const result = await guru(home, ['daemon', 'start'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(journal);
    expect(result.stderr).toMatch(/damaged at line 2/);
    expect(await readFile(journal, 'utf8')).toBe(damaged);
    expect((await guru(home, ['daemon', 'status'])).code).not.toBe(0);
    console.log('store faults: journal damaged mid-file — daemon refused to start, file named, 0 bytes changed');
  }, 120_000);

  it('a damaged state file stops every command and the daemon, naming the file, and is never overwritten', async () => {
    const home = await newHome();
    const file = join(home, 'state.json');
    const valid = await readFile(file, 'utf8');
    const v1 = { ...JSON.parse(valid), schemaVersion: 1 };
    const damages: [string, string | Buffer, RegExp][] = [
      ['truncated in half', valid.slice(0, Math.floor(valid.length / 2)), /is not valid JSON/],
      ['truncated by one byte', valid.slice(0, -2), /is not valid JSON/],
      ['empty', '', /is not valid JSON/],
      ['zero-filled (a crash on some filesystems)', Buffer.alloc(valid.length), /is not valid JSON/],
      ['random garbage', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 17) % 256)), /is not valid JSON/],
      ['a JSON array', '[]', /is not a JSON object/],
      ['no schemaVersion', JSON.stringify({ ...JSON.parse(valid), schemaVersion: undefined }), /has no schemaVersion/],
      ['a list missing', JSON.stringify({ ...JSON.parse(valid), users: undefined }), /"users" is missing/],
      ['an older schema, damaged', JSON.stringify({ ...v1, departments: 'x' }), /"departments" is missing or not a list/],
      ['a schema older than any migration', JSON.stringify({ ...JSON.parse(valid), schemaVersion: 0 }), /schema 0, older than any this Guru can migrate/],
      ['a newer schema', JSON.stringify({ ...JSON.parse(valid), schemaVersion: SCHEMA_VERSION + 1 }), /written by a newer Guru/],
    ];
    const commands = [
      ['user', 'list', '--json'],
      ['dept', 'add', 'Vendas'],
      ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'],
      ['daemon', 'start'],
    ];
    let overwritten = 0;
    let tried = 0;
    for (const [n, [what, content, message]] of damages.entries()) {
      await writeFile(file, content);
      const before = await readFile(file);
      // The first damage meets every command side by side, as scripts and a starting daemon
      // would; the others one command each, in turn (how the file is read is one code path, so
      // the full cross product would only spend CLI starts).
      const trying = n === 0 ? commands : [commands[n % commands.length]!];
      tried += trying.length;
      const results = await Promise.all(trying.map((args) => guru(home, args, { stdin: PASSWORD, env })));
      for (const [i, args] of trying.entries()) {
        const result = results[i]!;
        expect(result.code, `${what}: guru ${args.join(' ')}`).toBe(1);
        expect(result.stderr, `${what}: guru ${args.join(' ')}`).toContain(file);
        if (args[0] !== 'daemon') expect(result.stderr, what).toMatch(message);
      }
      if (!(await readFile(file)).equals(before)) overwritten += 1;
      const leftovers = (await readdir(home)).filter((name) => name.includes('state.json') && name !== 'state.json');
      expect(leftovers, `${what}: nothing written beside the file`).toEqual([]);
    }
    expect(overwritten).toBe(0);
    console.log(`store faults: ${damages.length} damaged state files, ${tried} commands tried, ${overwritten} overwritten`);
  }, 120_000);

  it('a state file of the previous schema is read as it is, and migrated by the first write, after a durable 0600 backup', async () => {
    const home = await newHome();
    const file = join(home, 'state.json');
    // Schema 1 as Guru first wrote it: no `sessions` list (added with `guru login`).
    const { sessions: _sessions, ...current } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    const old = `${JSON.stringify({ ...current, schemaVersion: 1 }, null, 2)}\n`;
    await writeFile(file, old);

    // Reads never write: the file stays schema 1 and nobody is told anything.
    const users = await guruJson<{ email: string }[]>(home, ['user', 'list']);
    expect(users.map((u) => u.email)).toEqual(['ana@acme.com']);
    expect(await readFile(file, 'utf8')).toBe(old);

    // Concurrent writers: one migrates (and says so, once), the rest find the current schema.
    const results = await Promise.all(['Vendas', 'Suporte', 'Financeiro', 'Compras'].map((d) => guru(home, ['dept', 'add', d])));
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const notices = results.flatMap((r) => r.stderr.split('\n')).filter((l) => l.startsWith('migrated '));
    const backup = `${file}.v1.bak`;
    expect(notices).toEqual([`migrated ${file} from schema 1 to ${SCHEMA_VERSION}; the old file is kept as ${backup}`]);

    expect(await readFile(backup, 'utf8')).toBe(old);
    expect((await stat(backup)).mode & 0o777).toBe(0o600);
    const migrated = JSON.parse(await readFile(file, 'utf8'));
    expect(migrated.schemaVersion).toBe(SCHEMA_VERSION);
    expect(migrated.sessions).toBeUndefined();
    expect(migrated.departments.map((d: { name: string }) => d.name).sort()).toEqual(['Compras', 'Financeiro', 'Suporte', 'Vendas']);

    // Later commands say nothing more.
    const again = await guruOk(home, ['dept', 'add', 'Jurídico']);
    expect(again.stderr).not.toMatch(/migrated/);
    expect((await readdir(home)).filter((name) => name.endsWith('.bak'))).toEqual(['state.json.v1.bak']);
    console.log(`store faults: schema 1 → ${SCHEMA_VERSION} migrated once by 4 concurrent writers, 1 notice, backup 0600 identical to the old file`);
  }, 120_000);

  it('a migration that fails leaves the original untouched', async () => {
    const home = await newHome();
    const file = join(home, 'state.json');
    const { sessions: _sessions, ...current } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> & { account: { name: string } };
    // Schema 1, with an account name long enough that the file fits a 4 KiB file size limit
    // (the backup fits too) and the migrated file with one more department does not.
    const shape = (name: string) => `${JSON.stringify({ ...current, account: { ...current.account, name }, schemaVersion: 1 }, null, 2)}\n`;
    const old = shape(`Acme ${'x'.repeat(4096 - 80 - Buffer.byteLength(shape('Acme ')))}`);
    await writeFile(file, old);
    expect(Buffer.byteLength(old)).toBeLessThan(4096);

    const failed = await guruLimited(home, ['dept', 'add', `Vendas ${'e'.repeat(50)}`], { fileBlocks: 4 });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${file} cannot grow`);
    expect(failed.stderr).toMatch(/the state file was not changed; free disk space/);
    expect(failed.stderr).not.toMatch(/migrated/);
    expect(await readFile(file, 'utf8')).toBe(old);

    // The same step in memory: a step that throws names the file and changes nothing.
    const broken = [
      {
        from: 1,
        what: 'test',
        up: () => {
          throw new Error('boom');
        },
      },
    ];
    const parsed = JSON.parse(old) as Record<string, unknown>;
    expect(() => migrateState(file, parsed, 1, broken)).toThrow(/could not be migrated from schema 1 to 2 \(boom\)/);
    expect(parsed.schemaVersion).toBe(1);
    expect(MIGRATIONS.at(-1)!.from + 1).toBe(SCHEMA_VERSION);

    // Once there is room, it goes through (the backup already written is the same bytes, reused).
    const ok = await guruOk(home, ['dept', 'add', 'Vendas']);
    expect(ok.stderr).toContain(`migrated ${file} from schema 1 to ${SCHEMA_VERSION}`);
    expect(await readFile(`${file}.v1.bak`, 'utf8')).toBe(old);
    console.log('store faults: failed migration (file size limit) — original 0 bytes changed, clear error; retried later, migrated once');
  }, 120_000);
});
