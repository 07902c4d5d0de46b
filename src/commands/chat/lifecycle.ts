import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

/** `guru chat close|reopen <chat>`: the same shape, one builder. */
type Verb = 'close' | 'reopen';

/** What each verb says (a function: `t` runs once the language is chosen). */
function verbTexts(verb: Verb, id = ''): { description: string; done: string } {
  return verb === 'close'
    ? { description: t`Close a chat (the customer writing again reopens it and runs the rodízio)`, done: t`Closed chat ${id}` }
    : { description: t`Reopen a closed chat, keeping its assignee`, done: t`Reopened chat ${id}` };
}

export function chatLifecycleCommand(f: Factory, verb: Verb, run = chatLifecycle): Command {
  return new Command(verb)
    .description(verbTexts(verb).description)
    .argument('<chat>', t`the chat id, or the customer's number`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the chat`))
    .addHelpText('after', examples(`guru chat ${verb} k3f9x2ab`))
    .action((chat: string, opts: { as?: string; json: boolean }) => run(f, verb, chat, opts));
}

export async function chatLifecycle(f: Factory, verb: Verb, chat: string, opts: { as?: string; json: boolean }): Promise<void> {
  const view = await (await f.daemon('session', opts.as)).operations().chats[verb](chat);
  printResult(f.io, opts, view, () => success(f.io, verbTexts(verb, view.id).done));
}
