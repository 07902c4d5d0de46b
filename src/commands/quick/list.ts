import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { quickOperations, quickReplyColumns } from './format.js';
import { t } from '../../i18n/translate.js';

export interface QuickListOptions {
  all?: boolean;
  as?: string;
  json: boolean;
}

export function quickListCommand(f: Factory, run = quickList): Command {
  return new Command('list')
    .alias('ls')
    .description(t`The quick replies you may use: the team's, your departments', your own`)
    .option('--all', t`every department's too (needs quick_replies.manage)`)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru quick list', 'guru quick list --all', 'guru quick list --json'))
    .action((opts: QuickListOptions) => run(f, opts));
}

export async function quickList(f: Factory, opts: QuickListOptions): Promise<void> {
  const ops = await quickOperations(f, opts.as);
  const replies = await ops.quickReplies.list(opts.all ? { all: true } : {});
  printResult(f.io, opts, replies, () => printTable(f.io, quickReplyColumns(), replies, f.now()));
}
