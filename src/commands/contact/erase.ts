import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { confirmed } from '../../cli/prompt.js';
import { printTable } from '../../cli/table.js';
import { plural, t } from '../../i18n/translate.js';

export interface ContactEraseOptions {
  yes: boolean;
  as?: string;
  json: boolean;
}

export function contactEraseCommand(f: Factory, run = contactErase): Command {
  return new Command('erase')
    .description(
      t`Erases everything Guru holds about a customer (LGPD): chats, messages, notes, files, contact, and their name in the audit and the log — for good (needs contacts.privacy)`,
    )
    .argument('<number>', t`the customer's number (or a chat id)`)
    .option('--yes', t`do not ask (scripts); on a terminal it shows what will go and asks`, false)
    .addOption(asOption())
    .addOption(jsonFlag(t`what was erased`))
    .addHelpText(
      'after',
      examples('guru contact erase +5511988887777', 'guru contact erase +5511988887777 --yes --json', 'guru contact export +5511988887777   # a copy first'),
    )
    .action((number: string, opts: ContactEraseOptions) => run(f, number, opts));
}

export async function contactErase(f: Factory, number: string, opts: ContactEraseOptions): Promise<void> {
  const contacts = (await f.daemon('session', opts.as)).operations().contacts;
  if (!opts.yes) {
    const preview = await contacts.erasure(number);
    if (f.io.canPrompt()) {
      f.io.out(`${t`Everything Guru holds about ${preview.customer} will be erased, for good:`}\n`);
      printTable(
        f.io,
        [
          { header: t`number`, cell: (c) => c.phone },
          { header: t`chat`, cell: (c) => c.id },
          { header: t`name`, cell: (c) => c.name },
          { header: t`messages`, cell: (c) => c.messages },
        ],
        preview.chats,
      );
      const contact = preview.contact;
      if (contact) {
        const fields = plural(contact.fields, t`${contact.fields} field`, t`${contact.fields} fields`);
        f.io.out(`${t`and the team's contact: ${contact.name ?? t`no name`}, ${fields}`}\n`);
      }
    }
    if (!(await confirmed(f, false, t`Erase ${preview.customer}? This cannot be undone`))) {
      f.io.err(`${t`Nothing was erased.`}\n`);
      return;
    }
  }
  const done = await contacts.erase(number);
  printResult(f.io, opts, done, () =>
    success(
      f.io,
      t`Erased ${done.customer} — chats: ${done.chats}, journal records: ${done.records}, files: ${done.files}; audit entries that no longer name them: ${done.auditEntries}, log lines removed: ${done.logLines}`,
    ),
  );
}
