import { Command, InvalidArgumentError } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, wholeNumberArg } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { decisionColumns } from './format.js';
import { plural, t } from '../../i18n/translate.js';
import { formatDateTime } from '../../i18n/format.js';

export interface RrSimulateOptions {
  next: number;
  online: string[];
  busy: string[];
  away: string[];
  /** email → open chats to pretend, from `--load email=N`. */
  load: Record<string, number>;
  /** As the opening hours stand then: "2026-12-02 09:00" in the team's zone, or ISO. */
  at?: string;
  json: boolean;
}

export function rrSimulateCommand(f: Factory, run = rrSimulate): Command {
  return new Command('simulate')
    .alias('sim')
    .description(t`Show who the next N new chats would go to, and why, without assigning anything`)
    .argument('<phone>', t`the phone number`)
    .option('--next <n>', t`how many picks`, wholeNumberArg('--next'), 10)
    .option('--online <emails>', t`treat these users as online (comma-separated, repeatable)`, collect, [])
    .option('--busy <emails>', t`treat these users as connected but busy (comma-separated, repeatable)`, collect, [])
    .option('--away <emails>', t`treat these users as connected but away (comma-separated, repeatable)`, collect, [])
    .option('--load <email=N>', t`pretend this user holds N open chats on the number instead of what they hold now (repeatable)`, loadArg, {})
    .option('--at <time>', t`as the number's opening hours stand then: "2026-12-02 09:00" in the team’s time zone, or ISO with an offset`)
    .addOption(jsonFlag())
    .addHelpText(
      'after',
      examples(
        'guru rr simulate +5511999990000 --next 6',
        'guru rr simulate +5511999990000 --online bia@acme.com,caio@acme.com --json',
        'guru rr simulate +5511999990000 --busy bia@acme.com --load caio@acme.com=5',
        'guru rr simulate +5511999990000 --at "2026-12-05 20:00"',
      ),
    )
    .action((phone: string, opts: RrSimulateOptions) => run(f, phone, opts));
}

/** `--load email=N`, repeatable: one pair each time (an email may hold neither "=" nor ","). */
function loadArg(value: string, previous: Record<string, number>): Record<string, number> {
  const match = /^\s*([^=,\s]+)\s*=\s*(\d+)\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError(t`--load takes email=N, the open chats to pretend that user holds (got "${value}"), e.g. --load bia@acme.com=3`);
  return { ...previous, [match[1]!]: Number(match[2]) };
}

export async function rrSimulate(f: Factory, phone: string, opts: RrSimulateOptions): Promise<void> {
  const sim = await (await f.client()).roundRobin.simulate(phone, {
    next: opts.next,
    online: opts.online,
    busy: opts.busy,
    away: opts.away,
    load: opts.load,
    ...(opts.at !== undefined ? { at: opts.at } : {}),
  });
  printResult(f.io, opts, sim, () => {
    // Closed then: no chat would go anywhere until opening time — said on every output, before the picks.
    if (sim.closed) {
      const opens = sim.closed.opensAt;
      const when = opens === null ? null : f.io.isStdoutTTY ? `${formatDateTime(opens, sim.closed.timeZone)} (${sim.closed.timeZone})` : opens;
      f.io.err(
        `${
          when === null
            ? t`${sim.phone} is closed then and never opens (opening hours): new chats wait unassigned`
            : t`${sim.phone} is closed then (opening hours): new chats wait unassigned, and at opening time (${when}) go to these picks`
        }\n`,
      );
    }
    if (f.io.isStdoutTTY) {
      const online = sim.online.join(', ') || t`nobody`;
      const n = sim.decisions.length;
      f.io.err(`${plural(n, t`Next ${n} pick for ${sim.phone} (online: ${online})`, t`Next ${n} picks for ${sim.phone} (online: ${online})`)}\n`);
      if (sim.busy.length > 0) f.io.err(`${t`Busy: ${sim.busy.join(', ')}`}\n`);
      if (sim.away.length > 0) f.io.err(`${t`Away: ${sim.away.join(', ')}`}\n`);
    }
    printTable(
      f.io,
      decisionColumns(),
      sim.decisions.map((d, i) => ({ ...d, pick: i + 1 })),
      f.now(),
    );
  });
}
