import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFactory } from '../../src/cli/factory.js';
import { main } from '../../src/cli/main.js';
import { phoneSetCommand, type PhoneSetOptions } from '../../src/commands/phone/set.js';
import { rrAddCommand, type RrAddOptions } from '../../src/commands/round-robin/add.js';
import { rrSetCommand, type RrSetOptions } from '../../src/commands/round-robin/set.js';
import { rrSimulateCommand, type RrSimulateOptions } from '../../src/commands/round-robin/simulate.js';
import { chooseLanguage, loadLanguages } from '../../src/i18n/translate.js';
import { fakeIO } from '../helpers/fake-io.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { SP, seedTeam } from '../helpers/team.js';

/** `--max-open`, `rr simulate --busy/--away/--load` and `guru phone set`: parsing, output, and in Portuguese. */
describe('capacity and absent-agent commands', () => {
  const f = new CliFactory(fakeIO({ tty: false }).io, {});

  async function parse<T>(build: (run: (...args: any[]) => Promise<void>) => Command, argv: string[]): Promise<T> {
    let captured: unknown;
    const cmd = build(async (...args: unknown[]) => {
      captured = args.at(-1);
    });
    cmd.exitOverride();
    cmd.configureOutput({ writeErr: () => undefined });
    await cmd.parseAsync(argv, { from: 'user' });
    return captured as T;
  }

  it('rr add takes --max-open N; rr set takes --max-open N or --no-max-open, and leaves it undefined otherwise', async () => {
    expect((await parse<RrAddOptions>((run) => rrAddCommand(f, run), [SP, 'user:bia@acme.com', '--max-open', '5'])).maxOpen).toBe(5);
    expect((await parse<RrAddOptions>((run) => rrAddCommand(f, run), [SP, 'user:bia@acme.com'])).maxOpen).toBeUndefined();
    await expect(parse((run) => rrAddCommand(f, run), [SP, 'user:bia@acme.com', '--max-open', 'lots'])).rejects.toThrow(/--max-open must be a whole number/);
    expect((await parse<RrSetOptions>((run) => rrSetCommand(f, run), [SP, '1', '--max-open', '3'])).maxOpen).toBe(3);
    expect((await parse<RrSetOptions>((run) => rrSetCommand(f, run), [SP, '1', '--no-max-open'])).maxOpen).toBe(false);
    expect((await parse<RrSetOptions>((run) => rrSetCommand(f, run), [SP, '1', '--active'])).maxOpen).toBeUndefined();
  });

  it('rr simulate collects --busy, --away (repeatable, comma-separated) and --load email=N', async () => {
    const opts = await parse<RrSimulateOptions>(
      (run) => rrSimulateCommand(f, run),
      [SP, '--busy', 'a@x.co,b@x.co', '--busy', 'c@x.co', '--away', 'd@x.co', '--load', 'a@x.co=3', '--load', 'e@x.co = 0'],
    );
    expect(opts).toMatchObject({ busy: ['a@x.co', 'b@x.co', 'c@x.co'], away: ['d@x.co'], online: [], load: { 'a@x.co': 3, 'e@x.co': 0 } });
    expect((await parse<RrSimulateOptions>((run) => rrSimulateCommand(f, run), [SP])).load).toEqual({});
    for (const bad of ['a@x.co', 'a@x.co=', 'a@x.co=-1', 'a@x.co=2.5', '=3']) {
      await expect(parse((run) => rrSimulateCommand(f, run), [SP, '--load', bad])).rejects.toThrow(/--load takes email=N/);
    }
  });

  it('phone set takes --label and --reassign-when-absent / --no-reassign-when-absent', async () => {
    expect(await parse<PhoneSetOptions>((run) => phoneSetCommand(f, run), [SP, '--reassign-when-absent'])).toMatchObject({ reassignWhenAbsent: true });
    expect(await parse<PhoneSetOptions>((run) => phoneSetCommand(f, run), [SP, '--no-reassign-when-absent', '--label', 'SP'])).toMatchObject({
      reassignWhenAbsent: false,
      label: 'SP',
    });
    expect((await parse<PhoneSetOptions>((run) => phoneSetCommand(f, run), [SP, '--label', 'SP'])).reassignWhenAbsent).toBeUndefined();
  });

  describe('against a data dir', () => {
    let dir: string;
    let home: string;
    beforeAll(async () => {
      dir = await makeTempDir();
      home = join(dir, 'data');
      await seedTeam(home);
      await loadLanguages('pt-BR');
    });
    afterAll(async () => {
      chooseLanguage('en');
      await removeDir(dir);
    });

    const run = async (args: string[], options: { tty: boolean; env?: NodeJS.ProcessEnv }) => {
      const io = fakeIO({ ...options, env: { GURU_HOME: home, NO_COLOR: '1', ...options.env } });
      const code = await main(args, io.io, { GURU_HOME: home, NO_COLOR: '1', ...options.env });
      return { code, stdout: io.stdout, stderr: io.stderr };
    };

    it('rr show has a Max open column (TTY and piped) and maxOpen in JSON; rr set changes and removes it', async () => {
      expect((await run(['rr', 'add', SP, 'user:bia@acme.com', '--max-open', '3'], { tty: false })).code).toBe(0);
      expect((await run(['rr', 'add', SP, 'user:caio@acme.com'], { tty: false })).code).toBe(0);
      const tty = (await run(['rr', 'show', SP], { tty: true })).stdout.split('\n');
      expect(tty[0]).toMatch(/^POS\s+TARGET\s+NAME\s+ACTIVE\s+SKIP OFFLINE\s+MAX OPEN\s+NEXT$/);
      expect(tty[1]).toMatch(/user:bia@acme\.com\s+Bia\s+yes\s+no\s+3\b/);
      expect(tty[2]).toMatch(/user:caio@acme\.com\s+Caio\s+yes\s+no\s+-/);
      const piped = (await run(['rr', 'show', SP], { tty: false })).stdout.split('\n').filter(Boolean);
      expect(piped.map((l) => l.split('\t')[5])).toEqual(['MAX OPEN', '3', '']);
      const json = JSON.parse((await run(['rr', 'show', SP, '--json'], { tty: false })).stdout);
      expect(json.entries.map((e: { maxOpen: number | null }) => e.maxOpen)).toEqual([3, null]);

      const set = await run(['rr', 'set', SP, '2', '--max-open', '5'], { tty: true });
      expect(set.code).toBe(0);
      expect(set.stderr).toContain('#2 user:caio@acme.com: active, not skipped while offline, at most 5 open chats');
      const off = await run(['rr', 'set', SP, '2', '--no-max-open', '--json'], { tty: false });
      expect(JSON.parse(off.stdout).entries[1].maxOpen).toBeNull();
      const bad = await run(['rr', 'set', SP, '2', '--max-open', '0'], { tty: false });
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/--max-open must be a whole number from 1 to 1000 \(got 0\)/);
      const nothing = await run(['rr', 'set', SP, '2'], { tty: false });
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toMatch(/--max-open N\/--no-max-open/);
    });

    it('rr simulate --load shows the cap reached; --busy names who is busy (TTY header), JSON has busy/away', async () => {
      const sim = await run(['rr', 'simulate', SP, '--next', '2', '--load', 'bia@acme.com=3', '--busy', 'caio@acme.com', '--json'], { tty: false });
      expect(sim.code).toBe(0);
      const view = JSON.parse(sim.stdout);
      expect(view.busy).toEqual(['caio@acme.com']);
      expect(view.away).toEqual([]);
      // Caio's entry does not skip busy agents: he gets both; Bia is at her cap of 3 each time.
      expect(view.decisions.map((d: { assignee: { ref: string } | null }) => d.assignee?.ref)).toEqual(['user:caio@acme.com', 'user:caio@acme.com']);
      expect(view.decisions[1].trail[0]).toMatchObject({ target: { ref: 'user:bia@acme.com' }, reason: 'at_capacity', load: { open: 3, max: 3 } });
      const tty = await run(['rr', 'simulate', SP, '--next', '1', '--busy', 'caio@acme.com'], { tty: true });
      expect(tty.stderr).toContain('Busy: caio@acme.com');
      const bad = await run(['rr', 'simulate', SP, '--load', 'bia'], { tty: false });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--load takes email=N/);
    });

    it('phone set --reassign-when-absent: said on stderr, shown in phone list (TTY, piped, JSON), audited as phone.set', async () => {
      const on = await run(['phone', 'set', SP, '--reassign-when-absent'], { tty: true });
      expect(on.code).toBe(0);
      expect(on.stderr).toContain(`${SP}: a customer writing to an absent agent goes to the rodízio's next pick`);
      const piped = (await run(['phone', 'list'], { tty: false })).stdout.trimEnd().split('\n');
      expect(piped[0]!.split('\t').at(-1)).toBe('REASSIGN IF ABSENT');
      expect(piped[1]!.split('\t').at(-1)).toBe('yes');
      expect((await run(['phone', 'list'], { tty: true })).stdout).toMatch(/REASSIGN IF ABSENT/);
      const json = JSON.parse((await run(['phone', 'list', '--json'], { tty: false })).stdout);
      expect(json[0]).toMatchObject({ number: SP, reassignWhenAbsent: true });
      const off = JSON.parse((await run(['phone', 'set', SP, '--no-reassign-when-absent', '--label', 'Vendas SP', '--json'], { tty: false })).stdout);
      expect(off).toMatchObject({ number: SP, label: 'Vendas SP', reassignWhenAbsent: false });
      const audit = JSON.parse((await run(['audit', '--json'], { tty: false })).stdout) as { action: string; details?: unknown }[];
      expect(audit.filter((e) => e.action === 'phone.set').map((e) => e.details)).toEqual([
        { reassignWhenAbsent: true },
        { label: 'Vendas SP', reassignWhenAbsent: false },
      ]);
      const nothing = await run(['phone', 'set', SP], { tty: false });
      expect(nothing.code).toBe(2);
      expect(nothing.stderr).toMatch(/nothing to set — pass --label L and\/or --reassign-when-absent/);
    });

    it('in Portuguese: the help, the column and the lines', async () => {
      const pt = { env: { GURU_LANG: '', LANG: 'pt_BR.UTF-8' } };
      // Help wraps at the terminal's width: compared with the line breaks as spaces.
      const help = async (...path: string[]) => (await run([...path, '--help'], { tty: false, ...pt })).stdout.replace(/\s+/g, ' ');
      expect(await help('phone', 'set')).toContain('Muda o rótulo de um número');
      expect(await help('phone', 'set')).toContain('atendente ocupado, ausente ou offline vai para o próximo do rodízio');
      expect(await help('rr', 'add')).toContain('pula esta entrada enquanto o alvo tiver N conversas abertas');
      expect(await help('rr', 'set')).toContain('sem limite de conversas abertas');
      expect(await help('rr', 'simulate')).toContain('trata estes usuários como conectados, mas ocupados');
      expect((await run(['rr', 'show', SP], { tty: false, ...pt })).stdout.split('\n')[0]).toContain('MÁX. ABERTAS');
      expect((await run(['phone', 'list'], { tty: false, ...pt })).stdout.split('\n')[0]).toContain('REDISTRIBUIR SE AUSENTE');
      const set = await run(['phone', 'set', SP, '--reassign-when-absent'], { tty: true, ...pt });
      expect(set.stderr).toContain('o cliente que escreve para um atendente ausente vai para o próximo do rodízio');
      const rr = await run(['rr', 'set', SP, '1', '--max-open', '4'], { tty: true, ...pt });
      expect(rr.stderr).toContain('no máximo 4 conversas abertas');
      const bad = await run(['rr', 'simulate', SP, '--busy', 'bia@acme.com', '--away', 'bia@acme.com'], { tty: false, ...pt });
      expect(bad.stderr).toContain('bia@acme.com está em --busy e em --away');
    });
  });
});
