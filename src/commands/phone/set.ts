import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

export interface PhoneSetOptions {
  label?: string;
  /** true / false (`--no-reassign-when-absent`); absent: unchanged. */
  reassignWhenAbsent?: boolean;
  json: boolean;
}

export function phoneSetCommand(f: Factory, run = phoneSet): Command {
  return new Command('set')
    .description(t`Change a phone's label, or what happens when a customer writes to an agent who is busy, away or offline`)
    .argument('<number>', t`the phone number`)
    .option('--label <label>', t`a name for it, e.g. "Vendas SP" ("" takes it off)`)
    .option('--reassign-when-absent', t`a customer writing into a chat whose agent is busy, away or offline goes to the rodízio's next pick`)
    .option('--no-reassign-when-absent', t`the agent keeps the chat while absent (the default)`)
    .addOption(jsonFlag(t`the phone`))
    .addHelpText(
      'after',
      examples('guru phone set +5511999990000 --reassign-when-absent', 'guru phone set +5511999990000 --label "Vendas SP" --no-reassign-when-absent'),
    )
    .action((number: string, opts: PhoneSetOptions) => run(f, number, opts));
}

export async function phoneSet(f: Factory, number: string, opts: PhoneSetOptions): Promise<void> {
  const phone = await (await f.client()).phones.set(number, {
    ...(opts.label !== undefined ? { label: opts.label } : {}),
    ...(opts.reassignWhenAbsent !== undefined ? { reassignWhenAbsent: opts.reassignWhenAbsent } : {}),
  });
  printResult(f.io, opts, phone, () => {
    const policy = phone.reassignWhenAbsent ? t`a customer writing to an absent agent goes to the rodízio's next pick` : t`an absent agent keeps their chats`;
    success(f.io, phone.label ? `${phone.number} (${phone.label}): ${policy}` : `${phone.number}: ${policy}`);
  });
}
