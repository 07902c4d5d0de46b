import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { durationArg, formatDuration } from '../../src/cli/duration.js';
import { CliFactory } from '../../src/cli/factory.js';
import { accountSetCommand, type AccountSetOptions } from '../../src/commands/account/set.js';
import { fakeIO } from '../helpers/fake-io.js';

/** `guru account set`'s new flags, parsed alone (a fake `run`: nothing touches a data dir). */
describe('account set: --session-idle, --smtp, --mail-from', () => {
  const f = new CliFactory(fakeIO({ tty: false }).io, {});

  async function parse(argv: string[]): Promise<AccountSetOptions> {
    let captured: AccountSetOptions | undefined;
    const cmd: Command = accountSetCommand(f, async (_f, opts) => {
      captured = opts;
    });
    cmd.exitOverride().configureOutput({ writeErr: () => undefined });
    await cmd.parseAsync(argv, { from: 'user' });
    return captured!;
  }

  it('takes human durations and reads them as milliseconds', async () => {
    expect((await parse(['--session-idle', '12h'])).sessionIdle).toBe(12 * 3_600_000);
    expect((await parse(['--session-idle', '30m'])).sessionIdle).toBe(30 * 60_000);
    expect((await parse(['--session-idle', '7d'])).sessionIdle).toBe(7 * 86_400_000);
    await expect(parse(['--session-idle', '12'])).rejects.toThrow(/--session-idle must be a duration such as 30m, 12h or 7d \(got "12"\)/);
    await expect(parse(['--session-idle', 'soon'])).rejects.toThrow(/must be a duration/);
    expect(() => durationArg('--x')('1.5h')).toThrow(/must be a duration/);
  });

  it('--away-after takes a duration, or never / 0', async () => {
    expect((await parse(['--away-after', '10m'])).awayAfter).toBe(10 * 60_000);
    expect((await parse(['--away-after', 'never'])).awayAfter).toBe(0);
    expect((await parse(['--away-after', '0'])).awayAfter).toBe(0);
    await expect(parse(['--away-after', 'later'])).rejects.toThrow(/--away-after must be a duration/);
  });

  it('shows durations in the largest whole unit', () => {
    expect([43_200_000, 5_400_000, 604_800_000, 60_000, 1_500].map(formatDuration)).toEqual(['12h', '90m', '7d', '1m', '1500ms']);
  });

  it('passes --smtp and --mail-from through as given', async () => {
    const opts = await parse(['--smtp', 'smtps://guru@mail.acme.com', '--mail-from', 'guru@acme.com', '--smtp-password-stdin']);
    expect(opts).toMatchObject({ smtp: 'smtps://guru@mail.acme.com', mailFrom: 'guru@acme.com', smtpPasswordStdin: true });
  });
});
