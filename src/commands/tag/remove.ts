import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { formatNumber } from '../../i18n/format.js';
import { plural, t } from '../../i18n/translate.js';

export function tagRemoveCommand(f: Factory, run = tagRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description(t`Remove a tag: it is taken off every chat wearing it`)
    .argument('<tag>', t`tag name`)
    .addOption(jsonFlag(t`the removed tag, with how many chats wore it`))
    .addHelpText('after', examples('guru tag remove Novo'))
    .action((tag: string, opts: { json: boolean }) => run(f, tag, opts));
}

export async function tagRemove(f: Factory, tag: string, opts: { json: boolean }): Promise<void> {
  const removed = await (await f.client()).tags.remove(tag);
  const chats = plural(removed.chats, t`${formatNumber(removed.chats)} chat`, t`${formatNumber(removed.chats)} chats`);
  printResult(f.io, opts, removed, () => success(f.io, t`Removed tag ${removed.name} (taken off ${chats})`));
}
