import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GURU_BIN, guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { seedHome } from '../../bench/seed.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';

/** Every refusal: one clear line on stderr, exit 1, 2 or 3, and the state file byte-for-byte unchanged. */
describe('bad input is refused and loses nothing', () => {
  let dir: string;
  let home: string;
  let stateFile: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com', '--times', '2']);
    await guruOk(home, ['rr', 'add', SP, 'dept:Vendas']);
    await guruOk(home, ['rr', 'add', SP, 'user:caio@acme.com']);
    await guruOk(home, ['user', 'add', '--email', 'zoe@acme.com', '--name', 'Zoe', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['user', 'disable', 'zoe@acme.com']);
    stateFile = join(home, 'state.json');
  });

  afterAll(() => removeDir(dir));

  const cases: [string, string[], number, RegExp, string?][] = [
    ['duplicate email', ['user', 'add', '--email', 'BIA@acme.com', '--name', 'Bia 2', '--password-stdin'], 1, /already exists/, PASSWORD],
    ['malformed email', ['user', 'add', '--email', 'bia@@acme', '--name', 'X', '--password-stdin'], 1, /not a valid email/, PASSWORD],
    [
      'unknown permission',
      ['user', 'add', '--email', 'x@acme.com', '--name', 'X', '--perm', 'chats.fly', '--password-stdin'],
      1,
      /unknown permission "chats\.fly"/,
      PASSWORD,
    ],
    ['unknown permission on a department', ['dept', 'perm', 'add', 'Vendas', 'everything'], 1, /unknown permission "everything"/],
    [
      'unknown department',
      ['user', 'add', '--email', 'x@acme.com', '--name', 'X', '--dept', 'Marketing', '--password-stdin'],
      1,
      /no department named "Marketing"/,
      PASSWORD,
    ],
    ['unknown department member add', ['dept', 'member', 'add', 'Marketing', 'bia@acme.com'], 1, /no department named "Marketing"/],
    ['bad phone number', ['phone', 'add', '+55 11 123'], 1, /not a valid phone number/],
    ['phone without country code', ['phone', 'add', '11999990000'], 1, /E\.164/],
    [
      'leaving a department’s chats unassigned without the daemon',
      ['dept', 'remove', 'Vendas', '--unassign'],
      3,
      /removing a department with --unassign needs the daemon.*guru daemon start/,
    ],
    ['rr add of a disabled user', ['rr', 'add', SP, 'user:zoe@acme.com'], 1, /zoe@acme\.com is disabled.*guru user enable zoe@acme\.com/],
    ['rr move out of range', ['rr', 'move', SP, '1', '7'], 1, /out of range.*1 to 4/],
    ['rr remove out of range', ['rr', 'remove', SP, '0'], 1, /out of range/],
    ['rr add for an unknown user', ['rr', 'add', SP, 'user:zed@acme.com'], 1, /no user with email zed@acme\.com/],
    ['rr target without prefix', ['rr', 'add', SP, 'ana@acme.com'], 1, /user:<email> or dept:<name>/],
    ['rr for an unregistered phone', ['rr', 'show', '+5521988880000'], 1, /not registered/],
    ['missing --email with --no-input', ['--no-input', 'user', 'add', '--name', 'X'], 2, /missing --email/],
    ['missing password with --no-input', ['user', 'add', '--email', 'x@acme.com', '--name', 'X', '--no-input'], 2, /--password-stdin/],
    ['a non-number position', ['rr', 'remove', SP, 'two'], 2, /position must be a whole number/],
    ['an unknown option', ['user', 'list', '--colour'], 2, /unknown option '--colour'/],
    ['lowering seats below active users', ['account', 'set', '--seats', '1'], 1, /3 users are active/],
    ['a password that is too short', ['user', 'add', '--email', 'x@acme.com', '--name', 'X', '--password-stdin'], 1, /too short/, 'abc'],
    ['leaving a user’s chats unassigned without the daemon', ['user', 'remove', 'caio@acme.com', '--unassign'], 3, /needs the daemon/],
    ['disabling the last admin', ['user', 'disable', 'ana@acme.com'], 1, /last active admin/],
    ['an unknown verb', ['user', 'fly'], 2, /unknown command 'fly'/],
  ];

  it.each(cases)('%s', async (_name, args, code, message, stdin) => {
    const before = await readFile(stateFile);
    const result = await guru(home, args, { stdin });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^error: /);
    expect(result.stdout).toBe('');
    // One line of error (commander may add a single usage hint line after it).
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error')).length,
    ).toBe(1);
    expect((await readFile(stateFile)).equals(before)).toBe(true);
  });

  it('commands before `guru init` say to run it', async () => {
    const result = await guru(join(dir, 'nowhere'), ['user', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/guru init/);
  });

  it('a second `guru init` is refused and changes nothing', async () => {
    const before = await readFile(stateFile);
    const result = await guru(home, ['init', '--admin-email', 'z@acme.com', '--admin-name', 'Z', '--password-stdin'], { stdin: PASSWORD });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already initialised/);
    expect((await readFile(stateFile)).equals(before)).toBe(true);
  });
});

describe('a closed pipe', () => {
  it('`guru … | head -1` ends quietly, without a stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = await makeTempDir();
    try {
      const home = join(dir, 'data');
      await seedHome(home, 1000); // ~400 KB of JSON: far more than a pipe holds
      const run = spawnSync('sh', ['-c', `"${process.execPath}" "${GURU_BIN}" user list --json | head -1`], {
        env: { ...process.env, GURU_HOME: home },
        encoding: 'utf8',
      });
      expect(run.stdout).toBe('[\n');
      expect(run.stderr).toBe('');
    } finally {
      await removeDir(dir);
    }
  });
});
