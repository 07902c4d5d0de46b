import { describe, expect, it } from 'vitest';
import type { Factory } from '../../src/cli/factory.js';
import { inbox, inboxCommand } from '../../src/commands/inbox.js';
import { GuruError } from '../../src/core/errors.js';
import { fakeIO } from '../helpers/fake-io.js';

const factory = (tty: boolean) => ({ io: fakeIO({ tty }).io }) as unknown as Factory;

describe('guru inbox (command)', () => {
  it('off a terminal it is a usage error (exit 2) pointing to `guru chat list --json`', async () => {
    const err = await inbox(factory(false)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GuruError);
    expect(err).toMatchObject({ code: 'usage' });
    expect((err as Error).message).toContain('guru chat list --json');
  });

  it('parses no arguments and its help has examples', async () => {
    let ran = 0;
    const cmd = inboxCommand(factory(true), async () => void ran++);
    await cmd.parseAsync([], { from: 'user' });
    expect(ran).toBe(1);
    let help = '';
    cmd.configureOutput({ writeOut: (s) => (help += s) });
    cmd.outputHelp();
    expect(help).toMatch(/Examples:\n\s+\$ guru inbox/);
  });
});
