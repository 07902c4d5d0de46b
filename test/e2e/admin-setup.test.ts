import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';

/**
 * The Foundation script: an admin sets up a whole team from a shell with ~20 `guru` commands,
 * then every `--json` read returns exactly what was set up.
 */
const SP = '+5511999990000';
const RJ = '+5521988880000';
const PW = 'correct horse battery';

describe.each([
  ['without a daemon (single local writer)', false],
  ['through the daemon API', true],
])('an admin scripts the setup of a team, %s', (_mode, withDaemon) => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>> | undefined;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const run = (...args: string[]) => guruOk(home, args);
    const withPassword = (...args: string[]) => guruOk(home, [...args, '--password-stdin'], { stdin: `${PW}\n` });

    await withPassword('init', '--name', 'Acme', '--seats', '6', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza');
    if (withDaemon) daemon = await startDaemon(home);
    await run('dept', 'add', 'Vendas', '--perm', 'chats.send', '--perm', 'chats.transfer');
    await run('dept', 'add', 'Suporte', '--perm', 'chats.send,chats.close');
    await withPassword('user', 'add', '--email', 'bia@acme.com', '--name', 'Bia Lima', '--visible-name', 'Bia', '--dept', 'Vendas');
    await withPassword('user', 'add', '--email', 'caio@acme.com', '--name', 'Caio Reis', '--dept', 'Vendas', '--perm', 'chats.view_unassigned');
    await withPassword('user', 'add', '--email', 'duda@acme.com', '--name', 'Duda Melo', '--dept', 'Suporte');
    await withPassword('user', 'add', '--email', 'edu@acme.com', '--name', 'Edu Rocha', '--role', 'admin');
    await withPassword('user', 'add', '--email', 'fabi@acme.com', '--name', 'Fabi Dias', '--perm', 'audit.view');
    await run('dept', 'member', 'add', 'Suporte', 'fabi@acme.com');
    await run('dept', 'perm', 'add', 'Vendas', 'chats.view_unassigned');
    await run('phone', 'add', SP, '--label', 'Vendas SP');
    await run('phone', 'add', '+55 21 98888-0000', '--label', 'Suporte RJ');
    await run('rr', 'add', SP, 'user:bia@acme.com', '--times', '2');
    await run('rr', 'add', SP, 'dept:Vendas', '--skip-offline');
    await run('rr', 'add', SP, 'user:caio@acme.com', '--inactive');
    await run('round-robin', 'add', RJ, 'dept:Suporte');
    await run('rr', 'add', RJ, 'user:duda@acme.com', '--skip-offline');
    await run('rr', 'move', RJ, '2', '1');
    await run('rr', 'set', SP, '4', '--active');
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it.runIf(withDaemon)('went through the daemon: its log shows every write it served', async () => {
    const log = (await readFile(join(home, 'daemon.log'), 'utf8'))
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const writes = log.filter((l) => l.msg === 'request' && l.method !== 'GET' && l.status === 200);
    expect(writes.length).toBe(18);
    const { stdout } = await guruOk(home, ['user', 'list', '--json']);
    expect(JSON.parse(stdout)).toHaveLength(6);
  });

  it('shows the account with 6 seats, all in use', async () => {
    const account = await guruJson<Record<string, unknown>>(home, ['account', 'show']);
    expect(account).toMatchObject({ name: 'Acme', seats: 6, activeUsers: 6, freeSeats: 0 });
  });

  it('lists the admin plus 5 users with their roles, departments and permissions', async () => {
    const users = await guruJson<any[]>(home, ['user', 'list']);
    expect(users.map((u) => [u.email, u.name, u.role, u.active, u.departments, u.permissions, u.visibleName])).toEqual([
      ['ana@acme.com', 'Ana Souza', 'admin', true, [], [], null],
      ['bia@acme.com', 'Bia Lima', 'normal', true, ['Vendas'], [], 'Bia'],
      ['caio@acme.com', 'Caio Reis', 'normal', true, ['Vendas'], ['chats.view_unassigned'], null],
      ['duda@acme.com', 'Duda Melo', 'normal', true, ['Suporte'], [], null],
      ['edu@acme.com', 'Edu Rocha', 'admin', true, [], [], null],
      ['fabi@acme.com', 'Fabi Dias', 'normal', true, ['Suporte'], ['audit.view'], null],
    ]);
    const fabi = users.find((u) => u.email === 'fabi@acme.com');
    expect(fabi.effectivePermissions).toEqual(['chats.send', 'chats.close', 'audit.view']);
    for (const u of users) expect(Object.keys(u)).not.toContain('passwordHash');
  });

  it('lists both departments with members and permissions', async () => {
    const depts = await guruJson<any[]>(home, ['dept', 'list']);
    expect(depts.map((d) => [d.name, d.members.map((m: any) => m.email), d.permissions])).toEqual([
      ['Vendas', ['bia@acme.com', 'caio@acme.com'], ['chats.view_unassigned', 'chats.send', 'chats.transfer']],
      ['Suporte', ['duda@acme.com', 'fabi@acme.com'], ['chats.send', 'chats.close']],
    ]);
    const one = await guruJson<any>(home, ['dept', 'show', 'vendas']);
    expect(one.name).toBe('Vendas');
  });

  it('lists both phones, normalised to E.164, unlinked', async () => {
    const phones = await guruJson<any[]>(home, ['phone', 'list']);
    expect(phones.map((p) => [p.number, p.label, p.linkState])).toEqual([
      [SP, 'Vendas SP', 'unlinked'],
      [RJ, 'Suporte RJ', 'unlinked'],
    ]);
  });

  it('shows one round-robin per phone, in order, with their flags', async () => {
    const sp = await guruJson<any>(home, ['rr', 'show', SP]);
    expect(sp.entries.map((e: any) => [e.position, e.target.ref, e.active, e.skipOffline])).toEqual([
      [1, 'user:bia@acme.com', true, false],
      [2, 'user:bia@acme.com', true, false],
      [3, 'dept:Vendas', true, true],
      [4, 'user:caio@acme.com', true, false],
    ]);
    expect(sp.next).toBe(1);
    const rj = await guruJson<any>(home, ['round-robin', 'show', RJ]);
    expect(rj.entries.map((e: any) => [e.target.ref, e.skipOffline])).toEqual([
      ['user:duda@acme.com', true],
      ['dept:Suporte', false],
    ]);
  });

  it('audits every change with its actor', async () => {
    const entries = await guruJson<any[]>(home, ['audit']);
    expect(entries).toHaveLength(19);
    expect(entries[0]).toMatchObject({ actor: 'owner', action: 'account.init', target: 'Acme' });
    expect(entries.map((e) => e.action)).toContain('round_robin.move');
    for (const e of entries) expect(Date.parse(e.time)).not.toBeNaN();
  });

  it('prints a header line, then tab-separated rows, when piped', async () => {
    const { stdout } = await guruOk(home, ['user', 'list']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]!.split('\t').slice(0, 4)).toEqual(['EMAIL', 'NAME', 'ROLE', 'STATUS']);
    expect(lines[2]!.split('\t').slice(0, 4)).toEqual(['bia@acme.com', 'Bia Lima', 'normal', 'active']);
    expect(stdout).not.toContain('\u001b[');
  });

  it('refuses a 7th active user, naming the limit and the way out; disabling frees a seat', async () => {
    const seventh = await guru(home, ['user', 'add', '--email', 'gil@acme.com', '--name', 'Gil', '--password-stdin'], { stdin: PW });
    expect(seventh.code).toBe(1);
    expect(seventh.stderr).toContain('6/6');
    expect(seventh.stderr).toContain('guru account set --seats');
    expect(seventh.stderr.trim().split('\n')).toHaveLength(1);

    await guruOk(home, ['user', 'disable', 'fabi@acme.com']);
    await guruOk(home, ['user', 'add', '--email', 'gil@acme.com', '--name', 'Gil', '--password-stdin'], { stdin: PW });
    const reenable = await guru(home, ['user', 'enable', 'fabi@acme.com']);
    expect(reenable.code).toBe(1);
    expect(reenable.stderr).toContain('6/6');

    await guruOk(home, ['account', 'set', '--seats', '7']);
    await guruOk(home, ['user', 'enable', 'fabi@acme.com']);
    const account = await guruJson<any>(home, ['account', 'show']);
    expect(account).toMatchObject({ seats: 7, activeUsers: 7 });
  });
});
