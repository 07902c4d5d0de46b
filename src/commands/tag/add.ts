import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { colourHelp } from './format.js';
import { t } from '../../i18n/translate.js';

export function tagAddCommand(f: Factory, run = tagAdd): Command {
  return new Command('add')
    .description(t`Define a tag (names are unique ignoring case and accents)`)
    .argument('<name>', t`tag name: up to 40 characters, no comma, not starting with +, - or #`)
    .option('--colour <colour>', t`how inboxes draw it: ${colourHelp()} (default: the next in turn)`)
    .addOption(jsonFlag(t`the tag`))
    .addHelpText('after', examples('guru tag add Urgente --colour red', 'guru tag add Novo'))
    .action((name: string, opts: { colour?: string; json: boolean }) => run(f, name, opts));
}

export async function tagAdd(f: Factory, name: string, opts: { colour?: string; json: boolean }): Promise<void> {
  const tag = await (await f.client()).tags.add(name, opts.colour);
  printResult(f.io, opts, tag, () => success(f.io, t`Added tag ${tag.name} (${tag.colour})`));
}
