import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { colourHelp } from './format.js';
import { t } from '../../i18n/translate.js';

export function tagRenameCommand(f: Factory, run = tagRename): Command {
  return new Command('rename')
    .alias('edit')
    .description(t`Rename a tag or change its colour: every chat wearing it shows the change at once`)
    .argument('<tag>', t`current name`)
    .argument('[new]', t`new name (leave out to change only the colour)`)
    .option('--colour <colour>', t`new colour: ${colourHelp()}`)
    .addOption(jsonFlag(t`the tag`))
    .addHelpText('after', examples('guru tag rename Novo Recente', 'guru tag rename Urgente --colour magenta'))
    .action((tag: string, newName: string | undefined, opts: { colour?: string; json: boolean }) => run(f, tag, newName, opts));
}

export async function tagRename(f: Factory, tag: string, newName: string | undefined, opts: { colour?: string; json: boolean }): Promise<void> {
  const changed = await (await f.client()).tags.update(tag, { name: newName, colour: opts.colour });
  printResult(f.io, opts, changed, () => success(f.io, t`Tag ${changed.name} (${changed.colour})`));
}
