import type { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CliFactory } from '../../src/cli/factory.js';
import { phoneHours, phoneHoursCommand, type PhoneHoursOptions } from '../../src/commands/phone/hours.js';
import { phoneList } from '../../src/commands/phone/list.js';
import { rrSimulate } from '../../src/commands/round-robin/simulate.js';
import { chooseLanguage, loadLanguages, runInLanguage } from '../../src/i18n/translate.js';
import { fakeIO } from '../helpers/fake-io.js';
import { testEngine } from '../helpers/engine.js';
import { TestClock } from '../helpers/test-clock.js';

const PHONE = '+5511999990000';
// Wednesday 2 December 2026, 22:00 in São Paulo: closed until Thursday 08:00.
const NIGHT = '2026-12-03T01:00:00.000Z';

beforeAll(() => loadLanguages('pt-BR'));
afterAll(() => chooseLanguage('en'));

describe('guru phone hours: parsing', () => {
  const f = new CliFactory(fakeIO({ tty: false }).io, {});
  async function parse(argv: string[]): Promise<{ number: string; spec: string[]; opts: PhoneHoursOptions }> {
    let captured: { number: string; spec: string[]; opts: PhoneHoursOptions } | undefined;
    const cmd: Command = phoneHoursCommand(f, async (_f, number, spec, opts) => {
      captured = { number, spec, opts };
    });
    cmd.exitOverride().configureOutput({ writeErr: () => undefined });
    await cmd.parseAsync(argv, { from: 'user' });
    return captured!;
  }

  it('takes the spec as words, the zone, holidays (repeated or as a list), the reply or none', async () => {
    const set = await parse([
      PHONE,
      'mon-fri',
      '08:00-18:00',
      'sat',
      '09:00-13:00',
      '--tz',
      'America/Sao_Paulo',
      '--holiday',
      '2026-12-25,2027-01-01',
      '--holiday',
      '2026-12-24',
      '--reply',
      'Fechado',
    ]);
    expect(set.spec).toEqual(['mon-fri', '08:00-18:00', 'sat', '09:00-13:00']);
    expect(set.opts).toMatchObject({ tz: 'America/Sao_Paulo', holiday: ['2026-12-25', '2027-01-01', '2026-12-24'], reply: 'Fechado' });
    expect((await parse([PHONE, '--no-reply'])).opts.reply).toBe(false);
    const show = await parse([PHONE]);
    expect(show.spec).toEqual([]);
    expect(show.opts.reply).toBeUndefined();
    expect((await parse([PHONE, '--off'])).opts.off).toBe(true);
  });
});

describe('guru phone hours: the engine behind it', () => {
  let t: Awaited<ReturnType<typeof testEngine>>;
  beforeEach(async () => {
    t = await testEngine({ clock: new TestClock(NIGHT) });
    await t.owner.phones.add(PHONE);
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: 'correct horse battery' });
    await t.owner.roundRobin.add(PHONE, 'user:bia@acme.com');
  });
  afterEach(() => t.cleanup());

  function cli(tty: boolean) {
    const io = fakeIO({ tty, env: { NO_COLOR: '1' }, columns: 200 });
    const f = new CliFactory(io.io, {});
    f.client = async () => t.owner;
    f.now = () => new Date(NIGHT);
    return { io, f };
  }
  const opts = (more: Partial<PhoneHoursOptions> = {}): PhoneHoursOptions => ({ holiday: [], removeHoliday: [], json: false, ...more });

  it('sets the hours and prints them on a terminal: each day, the zone, holidays, the reply, and when it opens', async () => {
    const { io, f } = cli(true);
    await phoneHours(
      f,
      PHONE,
      ['seg-sex', '08:00-12:00', '13:00-18:00', 'sáb', '09:00-13:00'],
      opts({ tz: 'America/Sao_Paulo', holiday: ['2026-12-25'], reply: 'Fechado agora' }),
    );
    expect(io.stderr).toBe(`✓ Opening hours of ${PHONE} set\n`);
    const lines = io.stdout.split('\n');
    expect(lines).toContain('Monday           08:00-12:00 13:00-18:00');
    expect(lines).toContain('Saturday         09:00-13:00');
    expect(lines).toContain('Sunday           closed all day');
    expect(lines).toContain('Time zone        America/Sao_Paulo');
    expect(lines).toContain('Holidays         2026-12-25');
    expect(lines).toContain('Automatic reply  Fechado agora');
    expect(lines).toContain('Now              closed — opens 2026-12-03 08:00');
    const audit = (await t.store.audit.list({})).filter((e) => e.action === 'phone.hours');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({
      hours: 'mon-fri 08:00-12:00 13:00-18:00 sat 09:00-13:00',
      timeZone: 'America/Sao_Paulo',
      holidays: ['2026-12-25'],
      reply: 'Fechado agora',
    });
  });

  it('piped: tab-separated fields and ISO times; --json: the phone with its hours; phone list shows open or closed now', async () => {
    await t.owner.phones.setHours(PHONE, { spec: 'mon-fri 08:00-18:00', timeZone: 'America/Sao_Paulo' });
    const piped = cli(false);
    await phoneHours(piped.f, PHONE, [], opts());
    expect(piped.io.stdout).toContain('Monday\t08:00-18:00\n');
    expect(piped.io.stdout).toContain('Holidays\t\n');
    expect(piped.io.stdout).toContain('Now\tclosed — opens 2026-12-03T11:00:00.000Z\n');
    expect(piped.io.stderr).toBe('');

    const json = cli(false);
    await phoneHours(json.f, PHONE, [], opts({ json: true }));
    expect(JSON.parse(json.io.stdout)).toMatchObject({
      number: PHONE,
      hours: {
        spec: 'mon-fri 08:00-18:00',
        timeZone: 'America/Sao_Paulo',
        ownTimeZone: true,
        holidays: [],
        reply: null,
        open: false,
        opensAt: '2026-12-03T11:00:00.000Z',
      },
    });

    const list = cli(false);
    await phoneList(list.f, { json: false });
    expect(list.io.stdout.split('\n')[1]).toMatch(/^\+5511999990000\t\tunlinked\tclosed now\t/);
  });

  it('changes one thing at a time, takes holidays back, drops the hours; says what is wrong', async () => {
    const { f } = cli(false);
    await expect(phoneHours(f, PHONE, [], opts({ reply: 'Oi' }))).rejects.toThrow(
      /has no opening hours yet — give them first, like: guru phone hours \+5511999990000 mon-fri/,
    );
    await phoneHours(f, PHONE, ['mon-fri', '9-17'], opts({ holiday: ['2026-12-25', '2026-12-24'] }));
    await phoneHours(f, PHONE, [], opts({ removeHoliday: ['2026-12-24'], reply: 'Fechado' }));
    let phone = await t.owner.phones.show(PHONE);
    expect(phone.hours).toMatchObject({ spec: 'mon-fri 09:00-17:00', holidays: ['2026-12-25'], reply: 'Fechado', ownTimeZone: false });
    await phoneHours(f, PHONE, [], opts({ reply: false }));
    expect((await t.owner.phones.show(PHONE)).hours?.reply).toBeNull();
    await expect(phoneHours(f, PHONE, ['mon-fri', '18:00-08:00'], opts())).rejects.toThrow(/ends before it starts/);
    await expect(phoneHours(f, PHONE, [], opts({ tz: 'Mars/Olympus' }))).rejects.toThrow(/"Mars\/Olympus" is not a time zone/);
    await expect(phoneHours(f, PHONE, [], opts({ holiday: ['25/12'] }))).rejects.toThrow(/"25\/12" is not a date/);
    await expect(phoneHours(f, PHONE, ['mon', '9-10'], opts({ off: true }))).rejects.toThrow(/--off drops the hours altogether — give it alone/);
    await phoneHours(f, PHONE, [], opts({ off: true }));
    phone = await t.owner.phones.show(PHONE);
    expect(phone.hours).toBeNull();
    const none = cli(true);
    await phoneHours(none.f, PHONE, [], opts());
    expect(none.io.stderr).toContain(`${PHONE} has no opening hours: always open — set them like \`guru phone hours ${PHONE} mon-fri 08:00-18:00\``);
  });

  it('in Portuguese: the days, the fields and the state read in the reader’s language', async () => {
    await t.owner.phones.setHours(PHONE, { spec: 'seg-sex 08:00-18:00 sáb 09:00-13:00', timeZone: 'America/Sao_Paulo', reply: 'Estamos fechados' });
    const { io, f } = cli(true);
    await runInLanguage('pt-BR', () => phoneHours(f, PHONE, [], opts()));
    const lines = io.stdout.split('\n');
    expect(lines).toContain('Segunda-feira        08:00-18:00');
    expect(lines).toContain('Sábado               09:00-13:00');
    expect(lines).toContain('Domingo              fechado o dia todo');
    expect(lines).toContain('Fuso horário         America/Sao_Paulo');
    expect(lines).toContain('Resposta automática  Estamos fechados');
    expect(lines.find((l) => l.startsWith('Agora'))).toMatch(/^Agora\s+fechado — abre 03\/12\/2026 08:00$/);
    await expect(runInLanguage('pt-BR', () => phoneHours(f, PHONE, ['seg', '9'], opts()))).rejects.toThrow(/"9" não é um horário/);
  });

  it('rr simulate --at: closed then, every pick is marked and the note says when it opens; open then, as usual', async () => {
    await t.owner.phones.setHours(PHONE, { spec: 'mon-fri 08:00-18:00', timeZone: 'America/Sao_Paulo' });
    await t.owner.account.set({ timeZone: 'America/Sao_Paulo' });
    const closed = await t.owner.roundRobin.simulate(PHONE, { next: 2, at: '2026-12-05 10:00' }); // Saturday
    expect(closed.at).toBe('2026-12-05T13:00:00.000Z');
    expect(closed.closed).toEqual({ opensAt: '2026-12-07T11:00:00.000Z', timeZone: 'America/Sao_Paulo' });
    expect(closed.decisions.map((d) => [d.assignee?.ref, d.closed])).toEqual([
      ['user:bia@acme.com', true],
      ['user:bia@acme.com', true],
    ]);
    const open = await t.owner.roundRobin.simulate(PHONE, { next: 1, at: '2026-12-04T10:00:00-03:00' });
    expect(open.closed).toBeNull();
    expect(open.decisions[0]).not.toHaveProperty('closed');
    // Now (the engine's clock: Wednesday 22:00) it is closed.
    expect((await t.owner.roundRobin.simulate(PHONE, { next: 1 })).closed?.opensAt).toBe('2026-12-03T11:00:00.000Z');
    await expect(t.owner.roundRobin.simulate(PHONE, { at: 'saturday' })).rejects.toThrow(/"saturday" is not a time Guru reads/);

    const { io, f } = cli(true);
    await rrSimulate(f, PHONE, { next: 1, online: [], busy: [], away: [], load: {}, at: '2026-12-05 10:00', json: false });
    expect(io.stderr).toContain(
      `${PHONE} is closed then (opening hours): new chats wait unassigned, and at opening time (2026-12-07 08:00 (America/Sao_Paulo)) go to these picks`,
    );
  });
});
