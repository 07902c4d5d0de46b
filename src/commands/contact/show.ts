import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples } from '../../cli/command-helpers.js';
import { printContact } from './format.js';
import { t } from '../../i18n/translate.js';

export interface ContactShowOptions {
  as?: string;
  json: boolean;
}

export function contactShowCommand(f: Factory, run = contactShow): Command {
  return new Command('show')
    .description(t`A customer's contact: the name Guru shows (the team's, else WhatsApp's), both names, the chats and the fields`)
    .argument('<number>', t`the customer's number (or a chat id)`)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru contact show +5511988887777', 'guru contact show k3f9x2ab --json'))
    .action((number: string, opts: ContactShowOptions) => run(f, number, opts));
}

export async function contactShow(f: Factory, number: string, opts: ContactShowOptions): Promise<void> {
  const contact = await (await f.daemon('session', opts.as)).operations().contacts.show(number);
  printResult(f.io, opts, contact, () => printContact(f, contact));
}
