import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import { t } from '../../i18n/translate.js';

export interface ChatTagOptions {
  as?: string;
  json: boolean;
}

export function chatTagCommand(f: Factory, run = chatTag): Command {
  return (
    new Command('tag')
      .description(t`Put tags on a chat (+Name) and take them off (-Name); anyone who sees the chat may`)
      .argument('<chat>', t`the chat id, or the customer's number`)
      .argument('<changes...>', t`+Name to put a tag on, -Name to take it off (see \`guru tag list\`)`)
      // `-Novo` is a tag taken off, not an option: unknown options reach the arguments.
      .allowUnknownOption(true)
      .addOption(asOption())
      .addOption(jsonFlag(t`the chat`))
      .addHelpText('after', examples('guru chat tag k3f9x2ab +Urgente -Novo', "guru chat tag +5511988887777 '+Em espera'"))
      .action((chat: string, changes: string[], opts: ChatTagOptions) => run(f, chat, changes, opts))
  );
}

/** `+A -B` as what to put on and take off; anything else is a usage error saying how to write it. */
export function parseTagChanges(changes: readonly string[]): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const change of changes) {
    const name = change.slice(1).trim();
    if ((change.startsWith('+') || change.startsWith('-')) && name !== '') (change.startsWith('+') ? add : remove).push(name);
    else throw usage(t`"${change}" is not a tag change — write +Name to put a tag on, -Name to take it off`);
  }
  return { add, remove };
}

export async function chatTag(f: Factory, chat: string, changes: string[], opts: ChatTagOptions): Promise<void> {
  const wanted = parseTagChanges(changes);
  const view = await (await f.daemon('session', opts.as)).operations().chats.tag(chat, wanted);
  printResult(f.io, opts, view, () => success(f.io, t`Chat ${view.id} tags: ${view.tags.map((tag) => tag.name).join(', ') || t`none`}`));
}
