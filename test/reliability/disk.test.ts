import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, isAlive, memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { chownTree, guruLimited, listTree, makeReadOnly, NOBODY } from '../helpers/limits.js';
import { PASSWORD, SP } from '../helpers/team.js';

/**
 * A full disk and a read-only data dir, met by the real CLI and daemon. The disk fills up for
 * real, per process: RLIMIT_FSIZE (`ulimit -f`) makes every write past it fail with EFBIG
 * after a partial write, as ENOSPC does on a full disk.
 */
describe('disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir('guru-disk-');
    await chmod(dir, 0o755); // `nobody` must reach the data dirs inside
  });
  afterAll(() => removeDir(dir));

  async function newHome(name: string): Promise<string> {
    const home = join(dir, name);
    await guruOk(home, ['init', '--name', 'Acme', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    return home;
  }

  it('a state file that cannot grow: clear error, non-zero exit, old file intact, no temp files', async () => {
    const home = await newHome('full-cli');
    const file = join(home, 'state.json');
    // Pad the state (a department with a long name) until it ends just short of a 1 KiB
    // boundary, then allow exactly up to that boundary: the file as it is fits, one user more does not.
    for (let i = 0; ; i++) {
      const slack = 1024 - ((await stat(file)).size % 1024);
      if (slack < 200) break;
      await guruOk(home, ['dept', 'add', `D${i} ${'x'.repeat(Math.max(1, Math.min(55, slack - 190)))}`]);
    }
    const before = await readFile(file);
    const blocks = Math.ceil(before.length / 1024);
    const treeBefore = await listTree(home);

    const results = [];
    for (const email of ['bia@acme.com', 'caio@acme.com', 'duda@acme.com']) {
      results.push(
        await guruLimited(home, ['user', 'add', '--email', email, '--name', 'Someone', '--password-stdin'], { stdin: PASSWORD, fileBlocks: blocks }),
      );
    }
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${file} cannot grow: the file size limit was reached (EFBIG)`);
      expect(result.stderr).toMatch(/the state file was not changed; free disk space/);
    }
    expect((await readFile(file)).equals(before)).toBe(true);
    expect(JSON.parse(before.toString()).users).toHaveLength(1);
    expect(await listTree(home)).toEqual(treeBefore); // no temp file, no backup, nothing new
    expect((await guruOk(home, ['user', 'list', '--json'])).stdout).toContain('ana@acme.com');

    // With room again, the same command goes through.
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'], { stdin: PASSWORD });
    console.log(`disk full (cli): ${results.length} user adds refused at a ${blocks} KiB limit, exit 1, state.json 0 bytes changed, 0 temp files left`);
  }, 120_000);

  it('a journal that cannot grow: the daemon refuses messages without acknowledging, stays up and answers reads; nothing acknowledged is lost', async () => {
    const home = await newHome('full-daemon');
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    const env = { GURU_TRANSPORT: 'memory', GURU_LOG_LEVEL: 'warn' };
    const journal = join(home, 'journal', `${SP.slice(1)}.jsonl`);
    const customer = '5511911110001@s.whatsapp.net';
    const text = (i: number) => `mensagem ${i} ${'·'.repeat(300)}`;
    const acked = new Set<string>();

    // A journal of some size, written with room to spare.
    let daemon = await startDaemon(home, { env });
    const phone = memoryPhone(home, SP);
    for (let i = 0; i < 40; i++) {
      await phone.write({ id: `A${i}`, from: customer, text: text(i) });
      acked.add(`A${i}`);
    }
    await daemon.stop();

    // Now the journal may grow by little more than a kilobyte: a message or two, then no more.
    const size = (await stat(journal)).size;
    const blocks = Math.floor(size / 1024) + 2;
    for (const f of ['state.json', 'audit.jsonl', 'daemon.log']) expect((await stat(join(home, f))).size).toBeLessThan(blocks * 1024 - 4096);
    const started = await guruLimited(home, ['daemon', 'start'], { env, fileBlocks: blocks });
    expect(started.code, started.stderr).toBe(0);
    const pid = (JSON.parse((await guruOk(home, ['daemon', 'status', '--json'])).stdout) as { pid: number }).pid;
    daemon = { pid, listen: null, stop: async () => void (await guru(home, ['daemon', 'stop'])) };

    const refused: { id: string; message: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const id = `B${i}`;
      try {
        await phone.write({ id, from: customer, text: text(100 + i) });
        acked.add(id);
      } catch (err) {
        refused.push({ id, message: (err as Error).message });
      }
    }
    expect(refused.length).toBeGreaterThan(5);
    for (const r of refused) {
      expect(r.message).toContain(`${journal} cannot grow: the file size limit was reached (EFBIG)`);
      expect(r.message).toMatch(/the message was not stored \(nor acknowledged\); free disk space/);
    }
    // Stays up and keeps answering reads.
    expect(isAlive(pid)).toBe(true);
    const client = apiClient(home, ownerToken(home)).operations();
    const chats = await client.chats.list({ status: 'all' });
    expect(chats).toHaveLength(1);
    const shown = (await client.chats.show(chats[0]!.id, { limit: 1000 })).messages.map((m) => m.id);
    expect(new Set(shown)).toEqual(acked);
    expect((await guruOk(home, ['user', 'list', '--json'])).stdout).toContain('ana@acme.com');
    // … with the reason in its log.
    const logged = (await readFile(join(home, 'daemon.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; error?: string; file?: string })
      .filter((l) => l.msg.startsWith('could not write the message journal'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatchObject({ level: 40, file: journal });
    expect(logged[0]!.error).toMatch(/EFBIG/);
    await daemon.stop();

    // The limit lifted: the journal opens whole (no torn tail to repair), everything acknowledged is there.
    const lines = (await readFile(journal, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    for (const line of lines) JSON.parse(line);
    daemon = await startDaemon(home, { env });
    try {
      const after = apiClient(home, ownerToken(home)).operations();
      const [chat] = await after.chats.list({ status: 'all' });
      const ids = (await after.chats.show(chat!.id, { limit: 1000 })).messages.map((m) => m.id);
      expect(new Set(ids)).toEqual(acked);
      expect(ids).toHaveLength(acked.size);
      // The refused ones, redelivered now, land.
      for (const r of refused) await phone.write({ id: r.id, from: customer, text: 'de novo' });
      expect((await after.chats.show(chat!.id, { limit: 1000 })).messages).toHaveLength(acked.size + refused.length);
    } finally {
      await daemon.stop();
    }
    const repairs = (await readFile(join(home, 'daemon.log'), 'utf8')).split('\n').filter((l) => l.includes('torn last line'));
    expect(repairs).toEqual([]);
    console.log(
      `disk full (daemon): ${acked.size - 40} acknowledged then ${refused.length} refused at a ${blocks} KiB limit; daemon up, reads answered; after restart ${acked.size}/${acked.size} acknowledged kept, 0 repairs`,
    );
  }, 120_000);

  it('a read-only data dir: reads work, writes fail naming the dir as read-only, nothing half-written', async () => {
    const home = await newHome('read-only');
    await guruOk(home, ['dept', 'add', 'Vendas']);
    await guruOk(home, ['phone', 'add', SP]);
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chownTree(home, NOBODY); // root ignores permissions: act as nobody
    await makeReadOnly(home);
    const run = (args: string[], stdin?: string) =>
      guruLimited(home, args, { ...(stdin ? { stdin } : {}), ...(asRoot ? { user: NOBODY } : {}), env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') } });
    const treeBefore = await listTree(home);
    const stateBefore = await readFile(join(home, 'state.json'));

    const reads = [['user', 'list', '--json'], ['audit'], ['audit', '--json'], ['dept', 'list', '--json'], ['phone', 'list', '--json'], ['account', 'show']];
    for (const args of reads) {
      const result = await run(args);
      expect(result.code, `guru ${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect((await run(['user', 'list', '--json'])).stdout).toContain('ana@acme.com');
    expect((await run(['audit'])).stdout).toContain('department.add');

    const writes = [
      ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'],
      ['dept', 'add', 'Suporte'],
      ['dept', 'rename', 'Vendas', 'Comercial'],
      ['account', 'set', '--seats', '9'],
      ['rr', 'add', SP, 'user:ana@acme.com'],
    ];
    for (const args of writes) {
      const result = await run(args, PASSWORD);
      expect(result.code, `guru ${args.join(' ')}`).toBe(1);
      expect(result.stderr, `guru ${args.join(' ')}`).toContain(`${home} is read-only`);
      expect(result.stderr).toMatch(/nothing was changed/);
    }
    expect((await readFile(join(home, 'state.json'))).equals(stateBefore)).toBe(true);
    expect(await listTree(home)).toEqual(treeBefore);
    console.log(
      `read-only dir (${asRoot ? 'as nobody' : 'as this user'}): ${reads.length} reads ok, ${writes.length} writes refused naming the dir, 0 files changed`,
    );
  }, 120_000);
});
