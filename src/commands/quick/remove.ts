import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { quickOperations, scopeText } from './format.js';
import { t } from '../../i18n/translate.js';

export function quickRemoveCommand(f: Factory, run = quickRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description(t`Remove a quick reply (the team's need quick_replies.manage)`)
    .argument('<shortcut>', t`the quick reply, by shortcut (or by id, when a shortcut names several)`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the removed quick reply`))
    .addHelpText('after', examples('guru quick remove /preco', 'guru quick remove q_3f9a1b2c4d5e'))
    .action((ref: string, opts: { as?: string; json: boolean }) => run(f, ref, opts));
}

export async function quickRemove(f: Factory, ref: string, opts: { as?: string; json: boolean }): Promise<void> {
  const ops = await quickOperations(f, opts.as);
  const reply = await ops.quickReplies.remove(ref);
  printResult(f.io, opts, reply, () => success(f.io, t`Removed quick reply ${reply.shortcut} (${scopeText(reply)})`));
}
