import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

export interface ChatAssignOptions {
  user?: string;
  dept?: string;
  as?: string;
  json: boolean;
}

export function chatAssignCommand(f: Factory, run = chatAssign): Command {
  return new Command('assign')
    .alias('transfer')
    .description(t`Transfer a chat to a user or a department`)
    .argument('<chat>', t`the chat id, or the customer's number`)
    .option('--user <email>', t`the colleague who takes it over`)
    .option('--dept <name>', t`the department that takes it over`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the chat`))
    .addHelpText('after', examples('guru chat assign k3f9x2ab --user bia@acme.com', 'guru chat assign +5511988887777 --dept Suporte'))
    .action((chat: string, opts: ChatAssignOptions) => run(f, chat, opts));
}

export async function chatAssign(f: Factory, chat: string, opts: ChatAssignOptions): Promise<void> {
  const view = await (await f.daemon('session', opts.as)).operations().chats.assign(chat, { user: opts.user, dept: opts.dept });
  printResult(f.io, opts, view, () => success(f.io, t`Chat ${view.id} is now with ${view.assignee?.ref ?? t`nobody`}`));
}
