import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

export function phoneAddCommand(f: Factory, run = phoneAdd): Command {
  return new Command('add')
    .description(t`Register a WhatsApp number the team will share (link it later with \`guru phone link\`)`)
    .argument('<number>', t`international number with country code, e.g. +5511999990000`)
    .option('--label <label>', t`a name for it, e.g. "Vendas SP"`)
    .addOption(jsonFlag(t`the phone`))
    .addHelpText('after', examples('guru phone add +5511999990000 --label "Vendas SP"', 'guru phone add "+55 21 98888-0000"'))
    .action((number: string, opts: { label?: string; json: boolean }) => run(f, number, opts));
}

export async function phoneAdd(f: Factory, number: string, opts: { label?: string; json: boolean }): Promise<void> {
  const phone = await (await f.client()).phones.add(number, opts.label ?? null);
  printResult(f.io, opts, phone, () =>
    success(
      f.io,
      phone.label
        ? t`Added phone ${phone.number} (${phone.label}) — next: \`guru rr add ${phone.number} user:<email>\``
        : t`Added phone ${phone.number} — next: \`guru rr add ${phone.number} user:<email>\``,
    ),
  );
}
