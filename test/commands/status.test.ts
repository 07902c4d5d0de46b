import type { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliFactory, type Factory } from '../../src/cli/factory.js';
import { main } from '../../src/cli/main.js';
import type { DaemonClient } from '../../src/client/http.js';
import { agentStatus, statusCommand, type StatusOptions } from '../../src/commands/status.js';
import { Engine } from '../../src/core/engine.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import type { Stores } from '../../src/core/ports.js';
import type { Presence } from '../../src/core/presence.js';
import { openStores } from '../../src/store/open.js';
import { fakeIO } from '../helpers/fake-io.js';
import { TestClock } from '../helpers/test-clock.js';

describe('guru status: parsing', () => {
  const f = new CliFactory(fakeIO({ tty: false }).io, {});

  async function parse(argv: string[]): Promise<[string | undefined, StatusOptions]> {
    let got: [string | undefined, StatusOptions] | undefined;
    const cmd: Command = statusCommand(f, async (_f, status, opts) => {
      got = [status, opts];
    });
    cmd.exitOverride().configureOutput({ writeErr: () => undefined });
    await cmd.parseAsync(argv, { from: 'user' });
    return got!;
  }

  it('takes online, busy or away (any case), or nothing to show it; --user and --json pass through', async () => {
    expect(await parse([])).toEqual([undefined, { json: false }]);
    expect(await parse(['busy'])).toEqual(['busy', { json: false }]);
    expect(await parse(['Away', '--json'])).toEqual(['away', { json: true }]);
    expect(await parse(['online', '--user', 'bia@acme.com'])).toEqual(['online', { user: 'bia@acme.com', json: false }]);
    await expect(parse(['lunch'])).rejects.toThrow(/"lunch" is not a status — use online, busy or away/);
  });

  it('its help says what busy and away mean, with examples', async () => {
    const io = fakeIO({ tty: false });
    expect(await main(['status', '--help'], io.io, {})).toBe(0);
    expect(io.stdout).toContain('Usage: guru status [options] [status]');
    expect(io.stdout).toMatch(/Busy and away agents get no new chats from rodízio entries that skip offline agents/);
    expect(io.stdout).toContain('$ guru status away --user bia@acme.com');
  });
});

/**
 * What `guru status` prints, on a terminal and piped, through the engine's real operations (in
 * this process; presence as the test says).
 */
describe('guru status: output', () => {
  let store: Stores;
  let engine: Engine;
  const online = new Set<string>();
  const presence: Presence = { onlineUserIds: () => online, open: () => ({ alive: () => undefined, close: () => undefined }) };
  const clock = new TestClock('2026-12-02T10:00:00.000Z');
  let bia: Actor;

  beforeEach(async () => {
    online.clear();
    store = await openStores({ kind: 'memory' });
    engine = new Engine({ stores: store, presence, clock });
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse battery' });
    bia = { type: 'user', userId: (await owner.users.add({ email: 'bia@acme.com', name: 'Bia Lima' })).id };
  });
  afterEach(() => store.close());

  /** A factory whose daemon is this engine: the logged-in user is Bia, the admin client the owner. */
  function factory(tty: boolean) {
    const io = fakeIO({ tty, env: { NO_COLOR: '1' } });
    const base = new CliFactory(io.io, {});
    const f: Factory = Object.assign(Object.create(base) as Factory, {
      daemon: async () => ({ operations: () => engine.as(bia) }) as unknown as DaemonClient,
      client: async () => engine.as(OWNER),
      now: () => new Date('2026-12-02T10:05:00.000Z'),
    });
    return { f, io };
  }

  it('on a terminal: a block with the status, since when, what the team sees and the away time', async () => {
    online.add(bia.type === 'user' ? bia.userId : '');
    await engine.as(bia).status.set('busy');
    const { f, io } = factory(true);
    await agentStatus(f, undefined, { json: false });
    expect(io.stdout).toBe(
      [
        'User        Bia Lima <bia@acme.com>',
        'Status      busy',
        'Since       5 minutes ago',
        'Presence    busy',
        'Away after  15m without a key press in the inbox',
        '',
      ].join('\n'),
    );
    expect(io.stderr).toBe('');
  });

  it('piped: tab-separated, ISO times; an automatic away says so; offline without an inbox', async () => {
    await engine.as(bia).status.set('away', { auto: true });
    const { f, io } = factory(false);
    await agentStatus(f, undefined, { json: false });
    expect(io.stdout.split('\n')).toEqual([
      'User\tBia Lima <bia@acme.com>',
      'Status\taway (automatic)',
      'Since\t2026-12-02T10:00:00.000Z',
      'Presence\toffline (no inbox open)',
      'Away after\t15m without a key press in the inbox',
      '',
    ]);
  });

  it('setting says what it means on stderr, stdout stays empty; --json prints the status', async () => {
    const { f, io } = factory(false);
    await agentStatus(f, 'busy', { json: false });
    expect(io.stdout).toBe('');
    expect(io.stderr).toBe(
      '✓ You are busy now — rodízio entries that skip offline agents give you no new chats until `guru status online` (the team sees you offline until your inbox is open: `guru inbox`)\n',
    );
    online.add(bia.type === 'user' ? bia.userId : '');
    const back = factory(false);
    await agentStatus(back.f, 'online', { json: true });
    expect(JSON.parse(back.io.stdout)).toEqual({
      email: 'bia@acme.com',
      name: 'Bia Lima',
      status: 'online',
      since: null,
      auto: false,
      availability: 'online',
      awayAfterMs: 900_000,
    });
    expect(back.io.stderr).toBe('');
  });

  it("--user sets someone else's (as the admin client) and names them", async () => {
    const { f, io } = factory(true);
    await agentStatus(f, 'away', { user: 'bia@acme.com', json: false });
    expect(io.stderr).toBe('✓ Bia Lima <bia@acme.com> is away now\n');
    const audit = (await engine.as(OWNER).audit.list()).filter((e) => e.action === 'user.status');
    expect(audit.map((e) => [e.actor, e.target])).toEqual([['owner', 'bia@acme.com']]);
  });
});
