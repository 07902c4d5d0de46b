import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliFactory } from '../../src/cli/factory.js';
import { buildProgram, main } from '../../src/cli/main.js';
import { parseSince } from '../../src/commands/audit.js';
import { chatNew, chatNewCommand } from '../../src/commands/chat/new.js';
import { chatReact, chatReactCommand } from '../../src/commands/chat/react.js';
import { chatSend, chatSendCommand } from '../../src/commands/chat/send.js';
import { rrSetCommand, type RrSetOptions } from '../../src/commands/round-robin/set.js';
import { userAddCommand, type UserAddOptions } from '../../src/commands/user/add.js';
import { userLifecycleCommand } from '../../src/commands/user/lifecycle.js';
import { deptRemoveCommand } from '../../src/commands/dept/remove.js';
import { fakeIO } from '../helpers/fake-io.js';

/** Parsing alone: builders get a fake `run`, so nothing touches a data dir. */
describe('command parsing', () => {
  const f = new CliFactory(fakeIO({ tty: false }).io, {});

  async function parse<T>(build: (run: (...args: any[]) => Promise<void>) => Command, argv: string[]): Promise<T> {
    let captured: unknown;
    const cmd = build(async (...args: unknown[]) => {
      captured = args.at(-1);
    });
    cmd.exitOverride();
    await cmd.parseAsync(argv, { from: 'user' });
    return captured as T;
  }

  it('user add collects repeated and comma-separated --perm and --dept', async () => {
    const opts = await parse<UserAddOptions>(
      (run) => userAddCommand(f, run),
      ['--email', 'a@b.co', '--name', 'A', '--perm', 'chats.send,chats.close', '--perm', 'audit.view', '--dept', 'Vendas', '--dept', 'Suporte'],
    );
    expect(opts.perm).toEqual(['chats.send', 'chats.close', 'audit.view']);
    expect(opts.dept).toEqual(['Vendas', 'Suporte']);
    expect(opts.role).toBe('normal');
    expect(opts.passwordStdin).toBe(false);
  });

  it('rr set leaves unspecified flags undefined and understands --no-skip-offline', async () => {
    const none = await parse<RrSetOptions>((run) => rrSetCommand(f, run), ['+5511999990000', '2']);
    expect(none.skipOffline).toBeUndefined();
    expect(none.active).toBeUndefined();
    const off = await parse<RrSetOptions>((run) => rrSetCommand(f, run), ['+5511999990000', '2', '--no-skip-offline', '--inactive']);
    expect(off).toMatchObject({ skipOffline: false, inactive: true });
  });

  it('chat new takes the number, an optional first message and --phone; text and --stdin together are refused before any request', async () => {
    let got: unknown[] = [];
    const cmd = chatNewCommand(f, async (...args: unknown[]) => {
      got = args.slice(1);
    });
    cmd.exitOverride();
    await cmd.parseAsync(['+55 11 90000-1111', 'Olá!', '--phone', 'Vendas'], { from: 'user' });
    expect(got).toEqual(['+55 11 90000-1111', 'Olá!', expect.objectContaining({ phone: 'Vendas', stdin: false })]);
    await cmd.parseAsync(['+5511900001111'], { from: 'user' });
    expect(got.slice(0, 2)).toEqual(['+5511900001111', undefined]);
    await expect(chatNew(f, '+5511900001111', 'Olá', { stdin: true, json: false })).rejects.toMatchObject({ code: 'usage' });
  });

  it('chat send takes --file, --caption and --reply-to; a file with text or --stdin, or a caption without a file, is refused before any request', async () => {
    let got: unknown[] = [];
    const cmd = chatSendCommand(f, async (...args: unknown[]) => {
      got = args.slice(1);
    });
    cmd.exitOverride();
    await cmd.parseAsync(['k3f9x2ab', '--file', 'boleto.pdf', '--caption', 'Segue', '--reply-to', '3EB0AA'], { from: 'user' });
    expect(got).toEqual(['k3f9x2ab', undefined, expect.objectContaining({ file: 'boleto.pdf', caption: 'Segue', replyTo: '3EB0AA', stdin: false })]);
    for (const [text, opts] of [
      ['texto', { file: 'a.pdf' }],
      [undefined, { file: 'a.pdf', stdin: true }],
      ['texto', { caption: 'c' }],
      [undefined, {}],
    ] as const) {
      await expect(chatSend(f, 'k3f9x2ab', text, { stdin: false, json: false, ...opts })).rejects.toMatchObject({ code: 'usage' });
    }
  });

  it('chat react takes an emoji or --remove, not both nor neither', async () => {
    expect(await parse((run) => chatReactCommand(f, run), ['3EB0AA', '👍'])).toMatchObject({ remove: false });
    expect(await parse((run) => chatReactCommand(f, run), ['3EB0AA', '--remove'])).toMatchObject({ remove: true });
    await expect(chatReact(f, '3EB0AA', '👍', { remove: true, json: false })).rejects.toMatchObject({ code: 'usage' });
    await expect(chatReact(f, '3EB0AA', undefined, { remove: false, json: false })).rejects.toMatchObject({ code: 'usage' });
  });

  it('user disable|remove and dept remove take --unassign; user enable does not', async () => {
    for (const verb of ['disable', 'remove'] as const) {
      expect(await parse((run) => userLifecycleCommand(f, verb, run), ['bia@acme.com', '--unassign'])).toMatchObject({ unassign: true });
      expect(await parse<{ unassign?: boolean }>((run) => userLifecycleCommand(f, verb, run), ['bia@acme.com'])).not.toHaveProperty('unassign', true);
    }
    expect(await parse((run) => deptRemoveCommand(f, run), ['Vendas', '--unassign'])).toMatchObject({ unassign: true });
    await expect(parse((run) => userLifecycleCommand(f, 'enable', run), ['bia@acme.com', '--unassign'])).rejects.toThrow(/unknown option '--unassign'/);
  });

  it('--since takes durations and dates', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(parseSince('30m', now).toISOString()).toBe('2026-11-26T11:30:00.000Z');
    expect(parseSince('2d', now).toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(() => parseSince('yesterday', now)).toThrow(/neither a duration/);
  });

  it('every command has examples in its help', async () => {
    const leaves: string[][] = [];
    const walk = (cmd: Command, path: string[]) => {
      if (cmd.commands.length === 0) leaves.push(path);
      for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
    };
    walk(buildProgram(new CliFactory(fakeIO({ tty: false }).io, {})), []);
    expect(leaves.length).toBeGreaterThan(25);
    for (const path of leaves) {
      const io = fakeIO({ tty: false });
      expect(await main([...path, '--help'], io.io, {})).toBe(0);
      expect(io.stdout, `guru ${path.join(' ')} --help`).toMatch(/Examples:\n {2}\$ guru /);
    }
  });

  it('a noun without a verb shows its help and exits 2', async () => {
    const io = fakeIO({ tty: false });
    expect(await main(['user'], io.io, {})).toBe(2);
    expect(io.stderr).toMatch(/Usage: guru user/);
  });

  it('--version prints the package version', async () => {
    const io = fakeIO({ tty: false });
    expect(await main(['--version'], io.io, {})).toBe(0);
    expect(io.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
