import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import type { RoundRobinEntryView } from '../../core/views.js';
import { t } from '../../i18n/translate.js';

export interface RrSetOptions {
  active?: boolean;
  inactive?: boolean;
  skipOffline?: boolean;
  /** A number: the cap; false (`--no-max-open`): no cap; absent: unchanged. */
  maxOpen?: number | false;
  json: boolean;
}

export function rrSetCommand(f: Factory, run = rrSet): Command {
  return new Command('set')
    .description(t`Switch an entry on or off, or change whether it is skipped while offline`)
    .argument('<phone>', t`the phone number`)
    .argument('<pos>', t`position, from 1`, wholeNumberArg(t`position`))
    .option('--active', t`the entry gets chats again`)
    .option('--inactive', t`the entry stays in the queue but gets no chats`)
    .option('--skip-offline', t`pass over it while its target is offline`)
    .option('--no-skip-offline', t`give it chats even while offline`)
    .option('--max-open <n>', t`pass over it while its target holds N open chats on this number (1 to 1000)`, wholeNumberArg('--max-open'))
    .option('--no-max-open', t`no cap on its open chats`)
    .addOption(jsonFlag(t`the queue`))
    .addHelpText(
      'after',
      examples('guru rr set +5511999990000 2 --inactive', 'guru rr set +5511999990000 3 --active --skip-offline', 'guru rr set +5511999990000 1 --max-open 5'),
    )
    .action((phone: string, pos: number, opts: RrSetOptions) => run(f, phone, pos, opts));
}

export async function rrSet(f: Factory, phone: string, pos: number, opts: RrSetOptions): Promise<void> {
  if (opts.active && opts.inactive) throw usage(t`--active and --inactive contradict each other — pass one`);
  const active = opts.active ? true : opts.inactive ? false : undefined;
  const maxOpen = opts.maxOpen === false ? null : opts.maxOpen;
  const queue = await (await f.client()).roundRobin.set(phone, pos, { active, skipOffline: opts.skipOffline, ...(maxOpen !== undefined ? { maxOpen } : {}) });
  printResult(f.io, opts, queue, () => {
    const entry = queue.entries[pos - 1]!;
    success(
      f.io,
      `${queue.phone} #${pos} ${entry.target.ref}: ${entry.active ? t`active` : t`inactive`}, ${entry.skipOffline ? t`skipped while offline` : t`not skipped while offline`}, ${capText(entry)}`,
    );
  });
}

/** "at most 5 open chats" / "no cap on open chats". */
export function capText(entry: Pick<RoundRobinEntryView, 'maxOpen'>): string {
  return entry.maxOpen === null ? t`no cap on open chats` : t`at most ${entry.maxOpen} open chats`;
}
