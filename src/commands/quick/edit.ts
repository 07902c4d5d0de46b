import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import type { QuickReplyPatch } from '../../core/ops/quick-replies.js';
import { quickText } from './add.js';
import { quickOperations, scopeInput, scopeText } from './format.js';
import { t } from '../../i18n/translate.js';

export interface QuickEditOptions {
  stdin: boolean;
  shortcut?: string;
  everyone?: boolean;
  dept?: string;
  mine?: boolean;
  as?: string;
  json: boolean;
}

export function quickEditCommand(f: Factory, run = quickEdit): Command {
  return new Command('edit')
    .description(t`Change a quick reply: its text, its shortcut, or who may use it (the team's need quick_replies.manage)`)
    .argument('<shortcut>', t`the quick reply, by shortcut (or by id, when a shortcut names several)`)
    .argument('[text]', t`the new text (or --stdin)`)
    .option('--stdin', t`read the new text from stdin`, false)
    .option('--shortcut <new>', t`call it up by another shortcut`)
    .option('--everyone', t`make it the whole team’s`)
    .option('--dept <name>', t`make it one department's`)
    .option('--mine', t`make it only yours`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the quick reply`))
    .addHelpText(
      'after',
      examples(
        'guru quick edit /preco "O plano anual sai por R$ 1.100, {cliente}."',
        'guru quick edit /preco --shortcut /anual',
        'guru quick edit /ola --everyone',
      ),
    )
    .action((ref: string, text: string | undefined, opts: QuickEditOptions) => run(f, ref, text, opts));
}

export async function quickEdit(f: Factory, ref: string, text: string | undefined, opts: QuickEditOptions): Promise<void> {
  const moves = [opts.everyone, opts.dept !== undefined, opts.mine].filter(Boolean).length;
  if (moves > 1) throw usage(t`say one of --everyone, --dept or --mine`);
  const body = await quickText(f, text, opts.stdin);
  const patch: QuickReplyPatch = {
    ...(body === undefined ? {} : { text: body }),
    ...(opts.shortcut === undefined ? {} : { shortcut: opts.shortcut }),
    ...(moves === 1 ? { scope: scopeInput(opts) } : {}),
  };
  if (Object.keys(patch).length === 0) throw usage(t`nothing to change — give the new text, --shortcut, or --everyone / --dept / --mine`);
  const ops = await quickOperations(f, opts.as);
  const reply = await ops.quickReplies.edit(ref, patch);
  printResult(f.io, opts, reply, () => success(f.io, t`Changed quick reply ${reply.shortcut} (${scopeText(reply)})`));
}
