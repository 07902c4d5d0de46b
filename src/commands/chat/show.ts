import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, wholeNumberArg } from '../../cli/command-helpers.js';
import { printChat } from './format.js';
import { t } from '../../i18n/translate.js';

export interface ChatShowOptions {
  limit: number;
  as?: string;
  json: boolean;
}

export function chatShowCommand(f: Factory, run = chatShow): Command {
  return new Command('show')
    .description(t`Show a chat and its latest messages`)
    .argument('<chat>', t`the chat id, or the customer's number`)
    .option('--limit <n>', t`how many of the latest messages`, wholeNumberArg('--limit'), 50)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru chat show k3f9x2ab', 'guru chat show +5511988887777 --limit 200 --json'))
    .action((chat: string, opts: ChatShowOptions) => run(f, chat, opts));
}

export async function chatShow(f: Factory, chat: string, opts: ChatShowOptions): Promise<void> {
  const detail = await (await f.daemon('session', opts.as)).operations().chats.show(chat, { limit: opts.limit });
  printResult(f.io, opts, detail, () => printChat(f, detail));
}
