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
    for (const args of [['user', 'list'], ['dept', 'add', 'Vendas'], ['user', 'add', '--email', 'b@acme.com', '--name', 'B', '--password-stdin']]) {
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
});
