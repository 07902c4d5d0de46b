import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import { AuditFile } from '../../src/store/audit-file.js';
import { openStores } from '../../src/store/open.js';
import { PW } from '../helpers/engine.js';
import { guru, makeTempDir, removeDir } from '../helpers/guru.js';

describe('store', () => {
  let dir: string;
  let home: string;
  beforeEach(async () => {
    dir = await makeTempDir('guru-store-');
    home = join(dir, 'data');
  });
  afterEach(() => removeDir(dir));

  async function init() {
    const store = await openStores({ kind: 'files', home, lock: 'per-write', create: true });
    await new Engine({ stores: store }).as(OWNER).account.init({
      accountName: 'Acme',
      seats: 3,
      adminEmail: 'ana@acme.com',
      adminName: 'Ana',
      adminPassword: PW,
    });
    await store.close();
  }

  it.each([
    ['garbage', 'this is not json', /is not valid JSON/],
    ['truncated', '{"schemaVersion": 1, "users": [', /is not valid JSON/],
    ['an empty file', '', /is not valid JSON/],
    ['a JSON array', '[]', /is not a JSON object/],
    ['no schema version', '{"users": []}', /has no schemaVersion/],
    ['a missing list', '{"schemaVersion": 1, "account": null, "users": [], "departments": [], "phones": []}', /"roundRobins" is missing/],
    ['a newer schema', '{"schemaVersion": 99, "users": []}', /newer Guru \(schema 99/],
  ])('a state file with %s stops every command, names the file and is never overwritten', async (_what, content, message) => {
    await init();
    const file = join(home, 'state.json');
    await writeFile(file, content);
    for (const args of [
      ['user', 'list'],
      ['dept', 'add', 'Vendas'],
      ['user', 'add', '--email', 'b@acme.com', '--name', 'B', '--password-stdin'],
    ]) {
      const result = await guru(home, args, { stdin: PW });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain(file);
    }
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  it('an unreadable state file is reported, not replaced', async () => {
    await init();
    const file = join(home, 'state.json');
    await rm(file);
    await mkdir(file); // unreadable as a file even for root: EISDIR
    const result = await guru(home, ['dept', 'add', 'Vendas']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/state file .*state\.json cannot be read \(EISDIR\)/);
    expect((await stat(file)).isDirectory()).toBe(true);
  });

  it('the lock (a dir in the data dir) is 0700 like every dir there, not world-readable', async () => {
    await init();
    const daemonLike = await openStores({ kind: 'files', home, lock: 'hold' });
    try {
      expect((await stat(join(home, 'guru.lock'))).mode & 0o777).toBe(0o700);
    } finally {
      await daemonLike.close();
    }
  });

  it('a held lock makes a second writer wait, then give up with a clear error', async () => {
    await init();
    const daemonLike = await openStores({ kind: 'files', home, lock: 'hold' });
    const other = await openStores({ kind: 'files', home, lock: 'per-write', lockWaitMs: 300 });
    const before = await readFile(join(home, 'state.json'));
    await expect(new Engine({ stores: other }).as(OWNER).departments.add('Vendas')).rejects.toMatchObject({
      code: 'store_busy',
    });
    expect((await readFile(join(home, 'state.json'))).equals(before)).toBe(true);
    await daemonLike.close();
    await new Engine({ stores: other }).as(OWNER).departments.add('Vendas');
  });

  it('per-write updates start from the file as it is now, so no update is lost', async () => {
    await init();
    const a = await openStores({ kind: 'files', home, lock: 'per-write' });
    const b = await openStores({ kind: 'files', home, lock: 'per-write' });
    await new Engine({ stores: a }).as(OWNER).departments.add('Vendas');
    await new Engine({ stores: b }).as(OWNER).departments.add('Suporte');
    const state = JSON.parse(await readFile(join(home, 'state.json'), 'utf8'));
    expect(state.departments.map((d: any) => d.name)).toEqual(['Vendas', 'Suporte']);
  });

  it('creates the data dir 0700 and the state file 0600', async () => {
    await init();
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect((await stat(join(home, 'state.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'audit.jsonl'))).mode & 0o777).toBe(0o600);
  });

  it('the audit log skips a line torn by a crash', async () => {
    const file = join(dir, 'audit.jsonl');
    const log = new AuditFile(file);
    await log.append([{ time: '2026-01-01T00:00:00.000Z', actor: 'owner', action: 'x', target: 'y' }]);
    await writeFile(file, `${await readFile(file, 'utf8')}{"time":"2026-01-0`, { flag: 'w' });
    expect(await log.list({})).toHaveLength(1);
  });

  it('audit entries a crash kept from the log are appended by the next writer, once, in order', async () => {
    await init();
    const file = join(home, 'state.json');
    // As a kill -9 between the state write and the audit append leaves things: the file carries
    // the entries of its last change; the log lacks the second one.
    const state = JSON.parse(await readFile(file, 'utf8'));
    const carried = [
      { id: 'a_000000000001', time: '2026-12-01T10:00:00.000Z', actor: 'owner', action: 'department.add', target: 'Vendas' },
      { id: 'a_000000000002', time: '2026-12-01T10:00:00.000Z', actor: 'owner', action: 'department.add', target: 'Suporte' },
    ];
    await writeFile(file, JSON.stringify({ ...state, commit: { seq: state.commit.seq + 1, audit: carried } }));
    await new AuditFile(join(home, 'audit.jsonl')).append([carried[0]!]);

    const daemonLike = await openStores({ kind: 'files', home, lock: 'hold' });
    await daemonLike.close();
    const again = await openStores({ kind: 'files', home, lock: 'hold' });
    await again.close();
    const other = await openStores({ kind: 'files', home, lock: 'per-write' });
    await new Engine({ stores: other }).as(OWNER).departments.add('Financeiro');

    const entries = await new AuditFile(join(home, 'audit.jsonl')).list({});
    expect(entries.map((e) => e.target)).toEqual(['Acme', 'Vendas', 'Suporte', 'Financeiro']);
    expect(entries.every((e) => typeof e.id === 'string')).toBe(true);
  });

  it('a rodízio turn writes only the cursor record; the next full write carries the cursor, and it survives reopening', async () => {
    await init();
    const store = await openStores({ kind: 'files', home, lock: 'hold' });
    const owner = new Engine({ stores: store }).as(OWNER);
    await owner.phones.add('+5511999990000');
    await owner.roundRobin.add('+5511999990000', 'user:ana@acme.com', { times: 3 });
    const stateBytes = await readFile(join(home, 'state.json'));
    await store.state.update((draft) => {
      draft.roundRobins[0]!.cursor = 1;
    });
    expect((await readFile(join(home, 'state.json'))).equals(stateBytes)).toBe(true);
    expect(JSON.parse(await readFile(join(home, 'cursors.json'), 'utf8')).cursors).toEqual({ '+5511999990000': 1 });
    await store.close();

    const reopened = await openStores({ kind: 'files', home, lock: 'per-write' });
    expect((await reopened.state.read()).roundRobins[0]!.cursor).toBe(1);
    await new Engine({ stores: reopened }).as(OWNER).departments.add('Vendas');
    const written = JSON.parse(await readFile(join(home, 'state.json'), 'utf8'));
    expect(written.roundRobins[0].cursor).toBe(1);
    // The record now names an older write: a later cursor in the state file wins over it.
    const reread = await openStores({ kind: 'files', home, lock: 'per-write' });
    await reread.state.update((draft) => {
      draft.roundRobins[0]!.cursor = 2;
    });
    await new Engine({ stores: reread }).as(OWNER).departments.add('Suporte');
    expect((await (await openStores({ kind: 'files', home, lock: 'per-write' })).state.read()).roundRobins[0]!.cursor).toBe(2);
  });

  it('a state file of schema 2 hands its sessions to the session log when migrated; they keep working', async () => {
    await init();
    const file = join(home, 'state.json');
    const { commit: _commit, ...state } = JSON.parse(await readFile(file, 'utf8'));
    const token = 'f'.repeat(64);
    const { hashToken } = await import('../../src/core/sessions.js');
    const session = { id: 's_1', tokenHash: hashToken(token), userId: state.users[0].id, createdAt: '2026-01-01T00:00:00.000Z' };
    await writeFile(file, JSON.stringify({ ...state, schemaVersion: 2, sessions: [session] }));
    const store = await openStores({ kind: 'files', home, lock: 'hold', onMigrated: () => undefined });
    const engine = new Engine({ stores: store });
    expect(await engine.sessions.authenticate(token, null)).toEqual({ type: 'user', userId: state.users[0].id });
    await store.close();
    const migrated = JSON.parse(await readFile(file, 'utf8'));
    expect(migrated.sessions).toBeUndefined();
    expect(JSON.parse(await readFile(`${file}.v2.bak`, 'utf8')).sessions).toHaveLength(1);
    expect((await stat(join(home, 'sessions.jsonl'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(home, 'sessions.jsonl'), 'utf8')).not.toContain(token);
  });

  it('the session log keeps what was done across reopening, skips a torn line, and compacts', async () => {
    const { SessionLog } = await import('../../src/store/session-log.js');
    const file = join(dir, 'sessions.jsonl');
    const log = new SessionLog(file, true);
    const at = '2026-12-01T10:00:00.000Z';
    for (let i = 0; i < 1500; i++) await log.add({ id: `s${i}`, tokenHash: `h${i}`, userId: i % 2 ? 'u1' : 'u2', createdAt: at, lastSeenAt: at });
    await log.end('s0');
    expect(await log.endAllOf('u1')).toBe(750);
    await writeFile(file, `${await readFile(file, 'utf8')}{"op":"end","id":"s`);
    const reopened = new SessionLog(file, true);
    expect(await reopened.count()).toBe(749);
    expect(await reopened.find('h2')).toMatchObject({ id: 's2', userId: 'u2' });
    expect(await reopened.find('h1')).toBeNull();
    // Pruning most of them leaves far more dead lines than live ones: the log is rewritten.
    expect(await reopened.prune('2026-12-01T09:00:00.000Z', (s) => s.id === 's2')).toBe(748);
    await reopened.touch('s2', '2026-12-01T11:00:00.000Z');
    expect(await reopened.prune('2026-12-01T10:30:00.000Z')).toBe(0);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThan(10);
    expect(await new SessionLog(file, false).find('h2')).toMatchObject({ lastSeenAt: '2026-12-01T11:00:00.000Z' });
  });
});
