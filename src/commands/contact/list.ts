import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { contactColumns } from './format.js';
import { t } from '../../i18n/translate.js';

export interface ContactListOptions {
  search?: string;
  as?: string;
  json: boolean;
}

export function contactListCommand(f: Factory, run = contactList): Command {
  return new Command('list')
    .alias('ls')
    .description(t`The customers of the chats you can see, one line each, by name`)
    .option('--search <text>', t`match a name (the team's or WhatsApp's), a field's value or the number`)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru contact list', 'guru contact list --search acme --json'))
    .action((opts: ContactListOptions) => run(f, opts));
}

export async function contactList(f: Factory, opts: ContactListOptions): Promise<void> {
  const contacts = await (await f.daemon('session', opts.as)).operations().contacts.list(opts.search === undefined ? {} : { search: opts.search });
  printResult(f.io, opts, contacts, () => {
    if (contacts.length === 0 && f.io.isStdoutTTY) return void f.io.err(`${t`No customers match.`}\n`);
    printTable(f.io, contactColumns(), contacts, f.now());
  });
}
