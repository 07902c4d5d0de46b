import { Command, InvalidArgumentError } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import { printContact } from './format.js';
import { t } from '../../i18n/translate.js';

export interface ContactSetOptions {
  name?: string;
  field: [string, string][];
  as?: string;
  json: boolean;
}

/** `--field name=value`, repeatable; the value may hold '=' and commas, and '' removes the field. */
function collectField(value: string, previous: [string, string][] = []): [string, string][] {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(t`--field takes name=value, like empresa=Acme (an empty value removes the field: empresa=) — got "${value}"`);
  return [...previous, [value.slice(0, at), value.slice(at + 1)]];
}

export function contactSetCommand(f: Factory, run = contactSet): Command {
  return new Command('set')
    .description(t`Sets a customer's name and fields (whoever sees a chat with them may)`)
    .argument('<number>', t`the customer's number (or a chat id)`)
    .option('--name <name>', t`the name the team knows them by ("" goes back to their WhatsApp name)`)
    .option('--field <name=value>', t`a field to set (repeatable; an empty value removes it)`, collectField, [])
    .addOption(asOption())
    .addOption(jsonFlag(t`the contact`))
    .addHelpText(
      'after',
      examples(
        'guru contact set +5511988887777 --name "Maria Souza" --field empresa=Acme --field plano=anual',
        'guru contact set +5511988887777 --field plano=',
        'guru contact set +5511988887777 --name ""',
      ),
    )
    .action((number: string, opts: ContactSetOptions) => run(f, number, opts));
}

export async function contactSet(f: Factory, number: string, opts: ContactSetOptions): Promise<void> {
  if (opts.name === undefined && opts.field.length === 0) {
    throw usage(t`nothing to set — give --name and/or --field name=value (see \`guru contact set --help\`)`);
  }
  const fields = Object.fromEntries(opts.field);
  const contact = await (await f.daemon('session', opts.as)).operations().contacts.set(number, {
    ...(opts.name === undefined ? {} : { name: opts.name }),
    ...(opts.field.length ? { fields } : {}),
  });
  printResult(f.io, opts, contact, () => {
    success(f.io, t`Saved the contact of ${contact.customer}`);
    printContact(f, contact);
  });
}
