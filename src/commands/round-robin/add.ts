import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { plural, t } from '../../i18n/translate.js';

export interface RrAddOptions {
  times: number;
  inactive: boolean;
  skipOffline: boolean;
  maxOpen?: number;
  json: boolean;
}

export function rrAddCommand(f: Factory, run = rrAdd): Command {
  return new Command('add')
    .description(t`Append a user or department to the queue; --times N gives it N turns per round`)
    .argument('<phone>', t`the phone number`)
    .argument('<target>', t`user:<email> or dept:<name>`)
    .option('--times <n>', t`add N consecutive entries (more chats)`, wholeNumberArg('--times'), 1)
    .option('--inactive', t`add switched off (kept in the queue, gets no chats)`, false)
    .option('--skip-offline', t`pass over this entry while its target is offline`, false)
    .option('--max-open <n>', t`pass over this entry while its target holds N open chats on this number (1 to 1000)`, wholeNumberArg('--max-open'))
    .addOption(jsonFlag(t`the queue`))
    .addHelpText(
      'after',
      examples(
        'guru rr add +5511999990000 user:ana@acme.com --times 2',
        'guru rr add +5511999990000 dept:Vendas --skip-offline',
        'guru rr add +5511999990000 user:bia@acme.com --max-open 5',
      ),
    )
    .action((phone: string, target: string, opts: RrAddOptions) => run(f, phone, target, opts));
}

export async function rrAdd(f: Factory, phone: string, target: string, opts: RrAddOptions): Promise<void> {
  const queue = await (await f.client()).roundRobin.add(phone, target, {
    times: opts.times,
    active: !opts.inactive,
    skipOffline: opts.skipOffline,
    ...(opts.maxOpen !== undefined ? { maxOpen: opts.maxOpen } : {}),
  });
  printResult(f.io, opts, queue, () => {
    const added = queue.entries
      .slice(-opts.times)
      .map((e) => `#${e.position}`)
      .join(', ');
    const n = queue.entries.length;
    success(f.io, plural(n, t`${queue.phone}: added ${target} at ${added} (${n} entry)`, t`${queue.phone}: added ${target} at ${added} (${n} entries)`));
  });
}
