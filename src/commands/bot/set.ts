import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { invalid } from '../../core/errors.js';
import { t } from '../../i18n/translate.js';

export interface BotSetOptions {
  file: string;
  json: boolean;
}

/** A bot file to start from, as `guru bot set --help` shows it (its field names are the format's, never translated). */
export const SAMPLE_BOT_FILE = `greeting: "Olá! Como podemos ajudar?"
options:
  - key: "1"
    label: Vendas
    department: Vendas
    keywords: [vendas, comprar, preço]
  - key: "2"
    label: Suporte
    department: Suporte
    keywords: [suporte, ajuda, problema]
retry: "Desculpe, não entendi."
retries: 3
timeout: 10m
`;

export function botSetCommand(f: Factory, run = botSet): Command {
  return new Command('set')
    .description(t`Apply a menu bot file (YAML) to a number: new conversations get its greeting and menu`)
    .argument('<number>', t`the phone number`)
    .requiredOption('-f, --file <path>', t`the bot file (YAML); - reads it from stdin`)
    .addOption(jsonFlag(t`the bot`))
    .addHelpText(
      'after',
      `${examples('guru bot set +5511999990000 -f bot.yaml', 'cat bot.yaml | guru bot set +5511999990000 -f -')}\n${t`A bot file (the customer gets the greeting, then "1 Vendas" and "2 Suporte"; an answer is an option's key, label or keyword — case, accents and punctuation ignored; after "retries" answers it does not understand, or "timeout" of silence, the chat goes to the normal rodízio):`}\n\n${SAMPLE_BOT_FILE}`,
    )
    .action((number: string, opts: BotSetOptions) => run(f, number, opts));
}

export async function botSet(f: Factory, number: string, opts: BotSetOptions): Promise<void> {
  const source = opts.file === '-' ? await f.io.readStdin() : await readBotFile(opts.file);
  const bot = await (await f.client()).bots.set(number, source);
  printResult(f.io, opts, bot, () => {
    const menu = bot.options.map((o) => `${o.key} ${o.label} → ${o.department?.name ?? '?'}`).join(', ');
    success(f.io, t`Menu bot set on ${bot.phone}: ${menu}`);
    f.io.err(`${t`Try it: \`guru bot test ${bot.phone}\``}\n`);
  });
}

async function readBotFile(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    const why =
      err.code === 'ENOENT'
        ? t`no such file`
        : err.code === 'EISDIR'
          ? t`it is a directory`
          : err.code === 'EACCES' || err.code === 'EPERM'
            ? t`permission denied`
            : (err.code ?? err.message);
    throw invalid(t`cannot read ${path}: ${why} — check the path (or pass the file on stdin with -f -)`);
  });
}
