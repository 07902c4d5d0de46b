import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';

/** `guru chat close|reopen <chat>`: the same shape, one builder. */
type Verb = 'close' | 'reopen';

const VERBS: Record<Verb, { description: string; done: string }> = {
  close: { description: 'Close a chat (the customer writing again reopens it and runs the rodízio)', done: 'Closed' },
  reopen: { description: 'Reopen a closed chat, keeping its assignee', done: 'Reopened' },
};

export function chatLifecycleCommand(f: Factory, verb: Verb, run = chatLifecycle): Command {
  return new Command(verb)
    .description(VERBS[verb].description)
    .argument('<chat>', "the chat id, or the customer's number")
    .addOption(asOption())
    .addOption(jsonFlag('the chat'))
    .addHelpText('after', examples(`guru chat ${verb} k3f9x2ab`))
    .action((chat: string, opts: { as?: string; json: boolean }) => run(f, verb, chat, opts));
}

export async function chatLifecycle(f: Factory, verb: Verb, chat: string, opts: { as?: string; json: boolean }): Promise<void> {
  const view = await (await f.daemon('session', opts.as)).operations().chats[verb](chat);
  printResult(f.io, opts, view, () => success(f.io, `${VERBS[verb].done} chat ${view.id}`));
}
