import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliFactory } from '../../src/cli/factory.js';
import { jsonFlag, jsonLinesFlag, printResult } from '../../src/cli/json.js';
import { buildProgram } from '../../src/cli/main.js';
import { fakeIO } from '../helpers/fake-io.js';

/** Every command of the tree, by its path (`user list`, `rr show`…). */
function commands(program: Command): Map<string, Command> {
  const all = new Map<string, Command>();
  const walk = (cmd: Command, path: string[]) => {
    if (path.length > 0) all.set(path.join(' '), cmd);
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return all;
}

describe('one --json flag (gh cmdutil.AddJSONFlags)', () => {
  const program = buildProgram(new CliFactory(fakeIO({ tty: false }).io, {}));
  const all = commands(program);

  it('every read command takes it', () => {
    const reads = [
      'user list',
      'user show',
      'user sessions',
      'dept list',
      'dept show',
      'phone list',
      'phone status',
      'account show',
      'round-robin show',
      'round-robin simulate',
      'chat list',
      'chat show',
      'chat why',
      'chat scheduled',
      'audit',
      'whoami',
      'daemon status',
      'tail',
    ];
    for (const path of reads) {
      expect(
        all.get(path)?.options.some((o) => o.long === '--json'),
        path,
      ).toBe(true);
    }
  });

  it('wherever it is, it is the shared flag: one help pattern, off by default', () => {
    const withJson = [...all].filter(([, cmd]) => cmd.options.some((o) => o.long === '--json'));
    expect(withJson.length).toBeGreaterThanOrEqual(36);
    for (const [path, cmd] of withJson) {
      const option = cmd.options.find((o) => o.long === '--json')!;
      expect(option.description, path).toMatch(/^print (.+ )?as (JSON$|a JSON line \(NDJSON\)$|JSON lines \()/);
      expect(option.defaultValue, path).toBe(false);
    }
  });

  it('help texts are what scripts and docs know', () => {
    expect(jsonFlag().description).toBe('print as JSON');
    expect(jsonFlag('the new user').description).toBe('print the new user as JSON');
    expect(jsonLinesFlag('print each event as a JSON line (NDJSON)').description).toBe('print each event as a JSON line (NDJSON)');
  });

  it('house rule: no command declares --json by hand or prints JSON itself', async () => {
    const root = join(import.meta.dirname, '../../src/commands');
    const offenders: string[] = [];
    for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const source = await readFile(join(entry.parentPath, entry.name), 'utf8');
      if (/\.option\(\s*'--json'/.test(source) || /\bio\.json\(|printJson/.test(source)) {
        offenders.push(relative(root, join(entry.parentPath, entry.name)));
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('printResult routes through the IO object', () => {
  const value = [{ name: 'Maria\u001b]0;x\u0007', note: 'two\nlines' }];
  const human = (io: ReturnType<typeof fakeIO>['io']) => (rows: typeof value) => io.out(`${rows[0]!.name}\t${rows[0]!.note}\n`);

  it('--json: the exact value, pretty or one line per value; nothing of the human output', () => {
    const pretty = fakeIO({ tty: true });
    printResult(pretty.io, { json: true }, value, human(pretty.io));
    expect(pretty.stdout).toBe(`${JSON.stringify(value, null, 2)}\n`);
    const lines = fakeIO({ tty: false });
    printResult(lines.io, { json: true }, value[0], () => lines.io.out('human'), 'line');
    expect(lines.stdout).toBe(`${JSON.stringify(value[0])}\n`);
    expect(JSON.parse(lines.stdout)).toEqual(value[0]);
  });

  it('without it: the human output, sanitised by the IO', () => {
    const io = fakeIO({ tty: true });
    printResult(io.io, { json: false }, value, human(io.io));
    expect(io.stdout).toBe('Maria^[]0;x^G\ttwo\nlines\n');
  });
});
