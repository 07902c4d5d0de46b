import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';

export function tagRemoveCommand(f: Factory, run = tagRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description('Remove a tag: it is taken off every chat wearing it')
    .argument('<tag>', 'tag name')
    .addOption(jsonFlag('the removed tag, with how many chats wore it'))
    .addHelpText('after', examples('guru tag remove Novo'))
    .action((tag: string, opts: { json: boolean }) => run(f, tag, opts));
}

export async function tagRemove(f: Factory, tag: string, opts: { json: boolean }): Promise<void> {
  const removed = await (await f.client()).tags.remove(tag);
  const chats = removed.chats === 1 ? '1 chat' : `${removed.chats} chats`;
  printResult(f.io, opts, removed, () => success(f.io, `Removed tag ${removed.name} (taken off ${chats})`));
}
