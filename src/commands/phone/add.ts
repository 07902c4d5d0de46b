import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { printJson } from '../../cli/table.js';

export function phoneAddCommand(f: Factory, run = phoneAdd): Command {
  return new Command('add')
    .description('Register a WhatsApp number the team will share (link it later with `guru phone link`)')
    .argument('<number>', 'international number with country code, e.g. +5511999990000')
    .option('--label <label>', 'a name for it, e.g. "Vendas SP"')
    .option('--json', 'print the phone as JSON', false)
    .addHelpText('after', examples('guru phone add +5511999990000 --label "Vendas SP"', 'guru phone add "+55 21 98888-0000"'))
    .action((number: string, opts: { label?: string; json: boolean }) => run(f, number, opts));
}

export async function phoneAdd(f: Factory, number: string, opts: { label?: string; json: boolean }): Promise<void> {
  const phone = await (await f.client()).phones.add(number, opts.label ?? null);
  if (opts.json) return printJson(f.io, phone);
  success(f.io, `Added phone ${phone.number}${phone.label ? ` (${phone.label})` : ''} — next: \`guru rr add ${phone.number} user:<email>\``);
}
