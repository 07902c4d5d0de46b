import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { durationArg } from '../../cli/duration.js';
import { formatSize } from '../../core/chats/content.js';
import { usage } from '../../core/errors.js';
import { formatDate, formatNumber } from '../../i18n/format.js';
import { plural, t } from '../../i18n/translate.js';

export interface MediaPruneOptions {
  /** Milliseconds. */
  olderThan?: number;
  dryRun: boolean;
  json: boolean;
}

export function mediaPruneCommand(f: Factory, run = mediaPrune): Command {
  return new Command('prune')
    .description(t`Remove the files of messages older than a given age (admins); the messages stay, marked pruned`)
    .option('--older-than <duration>', t`the age of the messages whose files go (at least 1d): 90d, 180d`, durationArg('--older-than'))
    .option('--dry-run', t`only say what would be freed`, false)
    .addOption(jsonFlag(t`what was freed`))
    .addHelpText(
      'after',
      examples('guru media prune --older-than 180d --dry-run', 'guru media prune --older-than 180d', 'guru media prune --older-than 365d --json'),
    )
    .action((opts: MediaPruneOptions) => run(f, opts));
}

export async function mediaPrune(f: Factory, opts: MediaPruneOptions): Promise<void> {
  if (opts.olderThan === undefined) throw usage(t`say how old: \`guru media prune --older-than 180d\` (add --dry-run to see what it would free)`);
  const result = await (await f.client()).media.prune({ olderThanMs: opts.olderThan, dryRun: opts.dryRun });
  printResult(f.io, opts, result, () => {
    const files = plural(result.files, t`${formatNumber(result.files)} file`, t`${formatNumber(result.files)} files`);
    const messages = plural(result.messages, t`${formatNumber(result.messages)} message`, t`${formatNumber(result.messages)} messages`);
    // The cut-off is an instant in UTC; its day, as the reader writes days.
    const freed = t`${files} (${formatSize(result.bytes)}) of ${messages} from before ${formatDate(result.before, 'UTC')}`;
    const shared = result.keptShared > 0 ? `; ${t`${formatNumber(result.keptShared)} kept, as newer messages use them`}` : '';
    success(f.io, result.dryRun ? t`Would free ${freed}${shared} — run again without --dry-run to remove them` : t`Freed ${freed}${shared}`);
  });
}
