import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { fakeIO } from '../helpers/fake-io.js';
import { PASSWORD, seedTeam } from '../helpers/team.js';

/** Commands in TTY and non-TTY mode, run in-process against a real data dir. */
describe('command output', () => {
  let dir: string;
  let home: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
  });
  afterAll(() => removeDir(dir));

  const run = async (args: string[], options: { tty: boolean; env?: NodeJS.ProcessEnv; stdin?: string }) => {
    const io = fakeIO({ ...options, env: { GURU_HOME: home, ...options.env } });
    const code = await main(args, io.io, { GURU_HOME: home, ...options.env });
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  it('on a TTY prints an aligned table with a header and relative times', async () => {
    const { code, stdout } = await run(['user', 'list'], { tty: true, env: { NO_COLOR: '1' } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+STATUS\s+ONLINE\s+DEPARTMENTS\s+VISIBLE NAME$/);
    const nameColumn = lines[0]!.indexOf('NAME');
    for (const line of lines.slice(1)) expect(line.slice(nameColumn, nameColumn + 3)).toMatch(/^(Ana|Bia|Cai)/);
    const phones = await run(['phone', 'list'], { tty: true });
    expect(phones.stdout).toMatch(/just now|minute/);
  });

  it('piped, prints a header line, then tab-separated rows with ISO times', async () => {
    const { stdout } = await run(['phone', 'list'], { tty: false });
    const [header, row, ...more] = stdout.trimEnd().split('\n');
    expect(more).toEqual([]);
    expect(header!.split('\t')[0]).toBe('NUMBER');
    const fields = row!.split('\t');
    expect(fields[0]).toBe('+5511999990000');
    expect(fields[header!.split('\t').indexOf('ADDED')]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("piped, rr show's yes/no columns are explained by the header; --json names every field", async () => {
    await run(['rr', 'add', '+5511999990000', 'user:bia@acme.com', '--skip-offline'], { tty: false });
    const { stdout } = await run(['rr', 'show', '+5511999990000'], { tty: false });
    const [header, row] = stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(header).toEqual(['POS', 'TARGET', 'NAME', 'ACTIVE', 'SKIP OFFLINE', 'MAX OPEN', 'NEXT']);
    expect(row!.slice(0, 6)).toEqual(['1', 'user:bia@acme.com', 'Bia', 'yes', 'yes', '']);
    const json = JSON.parse((await run(['rr', 'show', '+5511999990000', '--json'], { tty: false })).stdout);
    expect(json.entries[0]).toMatchObject({ position: 1, active: true, skipOffline: true, maxOpen: null });
    await run(['rr', 'remove', '+5511999990000', '1'], { tty: false });
  });

  it('colours only a TTY, and never with NO_COLOR or --no-color', async () => {
    const coloured = await run(['user', 'list'], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout).toContain('\u001b[1m');
    expect((await run(['user', 'list'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await run(['user', 'list', '--no-color'], { tty: true })).stdout).not.toContain('\u001b[');
    expect((await run(['user', 'list'], { tty: false })).stdout).not.toContain('\u001b[');
  });

  it('--json has no ANSI even when colour is forced', async () => {
    const { stdout } = await run(['user', 'list', '--json'], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(stdout).not.toContain('\u001b[');
    expect(JSON.parse(stdout)).toHaveLength(3);
  });

  it('never prompts with --no-input, even on a terminal, and names the flag', async () => {
    const { code, stderr } = await run(['--no-input', 'user', 'add', '--email', 'x@acme.com', '--name', 'X'], { tty: true });
    expect(code).toBe(2);
    expect(stderr).toMatch(/--password-stdin/);
    const missing = await run(['user', 'add', '--no-input'], { tty: true });
    expect(missing.stderr).toMatch(/missing --email/);
  });

  it('reads the password from stdin and strips one trailing newline', async () => {
    const add = await run(['user', 'add', '--email', 'dani@acme.com', '--name', 'Dani', '--password-stdin'], { tty: false, stdin: `${PASSWORD}\n` });
    expect(add.code).toBe(0);
    expect(add.stderr).toMatch(/Added normal Dani/);
  });

  it('a look-alike or a control character in a name is refused with a clear error, and nothing is added', async () => {
    // seedTeam made department Vendas; this one has a Cyrillic "е".
    const lookalike = await run(['dept', 'add', 'V\u0435ndas'], { tty: true, env: { NO_COLOR: '1' } });
    expect(lookalike.code).toBe(1);
    expect(lookalike.stderr).toBe(
      'error: "Vеndas" looks the same as the existing department "Vendas" (look-alike characters: "е" U+0435) — use "Vendas" itself, or a name that reads differently\n',
    );
    const control = await run(['dept', 'add', 'Sup\u001b]0;x\u0007orte'], { tty: true, env: { NO_COLOR: '1' } });
    expect(control.code).toBe(1);
    expect(control.stderr).toBe('error: department name must not contain control characters (found U+001B at position 4) — type the name as plain text\n');
    const list = await run(['dept', 'list', '--json'], { tty: false });
    expect((JSON.parse(list.stdout) as { name: string }[]).map((d) => d.name)).not.toContain('V\u0435ndas');
  });

  it('user edit with --visible-name and --clear-visible-name is refused as contradictory, and nothing changes', async () => {
    await run(['user', 'edit', 'bia@acme.com', '--visible-name', 'Bia'], { tty: false });
    const both = await run(['user', 'edit', 'bia@acme.com', '--visible-name', 'Bia V', '--clear-visible-name', '--name', 'Renamed'], { tty: false });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--visible-name and --clear-visible-name contradict each other — pass one/);
    const bia = JSON.parse((await run(['user', 'show', 'bia@acme.com', '--json'], { tty: false })).stdout);
    expect(bia).toMatchObject({ name: 'Bia', visibleName: 'Bia' });
  });

  it.each([
    [['user', 'add', '--email', 'x@acme.com', '--name', 'X', '--password', 'hunter2'], 'pass the password on stdin with --password-stdin'],
    [['login', '--email', 'x@acme.com', '--password=hunter2'], 'pass the password on stdin with --password-stdin'],
    [['init', '--password', 'hunter2', '--admin-email', 'a@b.co'], 'pass the password on stdin with --password-stdin'],
    [['user', 'list', '--password=hunter2'], 'passwords never go on the command line'],
  ])('guru %j: --password points at --password-stdin and never echoes the password', async (args, hint) => {
    const { code, stdout, stderr } = await run(args, { tty: false });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: unknown option --password — ${hint}`);
    expect(stderr).not.toContain('hunter2');
  });

  it('messages go to stderr, data to stdout', async () => {
    const { stdout, stderr } = await run(['dept', 'add', 'Suporte'], { tty: false });
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Added department Suporte/);
  });
});
