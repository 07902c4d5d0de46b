import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import { quickOperations, scopeInput, scopeText } from './format.js';
import { t } from '../../i18n/translate.js';

export interface QuickAddOptions {
  stdin: boolean;
  everyone?: boolean;
  dept?: string;
  as?: string;
  json: boolean;
}

export function quickAddCommand(f: Factory, run = quickAdd): Command {
  return new Command('add')
    .description(t`Save a quick reply: typing its shortcut in the inbox composer offers it, Tab inserts it; {cliente} and {agente} are filled in`)
    .argument('<shortcut>', t`how it is called up, like /preco (letters, digits, - or _)`)
    .argument('[text]', t`what it inserts (or --stdin)`)
    .option('--stdin', t`read the text from stdin (multi-line)`, false)
    .option('--everyone', t`for the whole team (needs quick_replies.manage); default: only you`)
    .option('--dept <name>', t`for one department's members (needs quick_replies.manage)`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the quick reply`))
    .addHelpText(
      'after',
      examples(
        'guru quick add /preco "O plano anual sai por R$ 1.200, {cliente}."',
        'guru quick add /ola "Olá {cliente}, aqui é {agente}. Como posso ajudar?" --everyone',
        'guru quick add /garantia --stdin --dept Vendas < garantia.txt',
      ),
    )
    .action((shortcut: string, text: string | undefined, opts: QuickAddOptions) => run(f, shortcut, text, opts));
}

export async function quickAdd(f: Factory, shortcut: string, text: string | undefined, opts: QuickAddOptions): Promise<void> {
  const body = await quickText(f, text, opts.stdin);
  if (body === undefined) throw usage(t`give the text as an argument or with --stdin`);
  const ops = await quickOperations(f, opts.as);
  const reply = await ops.quickReplies.add(shortcut, body, scopeInput(opts));
  printResult(f.io, opts, reply, () => success(f.io, t`Saved quick reply ${reply.shortcut} (${scopeText(reply)})`));
}

/** The text from the argument or stdin (never both); undefined when neither was given. */
export async function quickText(f: Factory, text: string | undefined, stdin: boolean): Promise<string | undefined> {
  if (text !== undefined && stdin) throw usage(t`give the text as an argument or with --stdin, not both`);
  return stdin ? (await f.io.readStdin()).replace(/\r?\n$/, '') : text;
}
