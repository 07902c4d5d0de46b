import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import { t } from '../../i18n/translate.js';

export interface RrSetOptions {
  active?: boolean;
  inactive?: boolean;
  skipOffline?: boolean;
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
    .addOption(jsonFlag(t`the queue`))
    .addHelpText('after', examples('guru rr set +5511999990000 2 --inactive', 'guru rr set +5511999990000 3 --active --skip-offline'))
    .action((phone: string, pos: number, opts: RrSetOptions) => run(f, phone, pos, opts));
}

export async function rrSet(f: Factory, phone: string, pos: number, opts: RrSetOptions): Promise<void> {
  if (opts.active && opts.inactive) throw usage(t`--active and --inactive contradict each other — pass one`);
  const active = opts.active ? true : opts.inactive ? false : undefined;
  const queue = await (await f.client()).roundRobin.set(phone, pos, { active, skipOffline: opts.skipOffline });
  printResult(f.io, opts, queue, () => {
    const entry = queue.entries[pos - 1]!;
    success(
      f.io,
      `${queue.phone} #${pos} ${entry.target.ref}: ${entry.active ? t`active` : t`inactive`}, ${entry.skipOffline ? t`skipped while offline` : t`not skipped while offline`}`,
    );
  });
}
