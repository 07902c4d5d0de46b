import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples } from '../../cli/command-helpers.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { t } from '../../i18n/translate.js';

export function botShowCommand(f: Factory, run = botShow): Command {
  return new Command('show')
    .description(t`Print a number's menu bot file as it was applied (--json: as the engine reads it)`)
    .argument('<number>', t`the phone number`)
    .addOption(jsonFlag(t`the bot`))
    .addHelpText('after', examples('guru bot show +5511999990000', 'guru bot show +5511999990000 > bot.yaml', 'guru bot show +5511999990000 --json'))
    .action((number: string, opts: { json: boolean }) => run(f, number, opts));
}

export async function botShow(f: Factory, number: string, opts: { json: boolean }): Promise<void> {
  const bot = await (await f.client()).bots.show(number);
  printResult(f.io, opts, bot, () => {
    f.io.out(bot.source.endsWith('\n') ? bot.source : `${bot.source}\n`);
    const gone = bot.options.filter((o) => o.department === null).map((o) => o.key);
    if (gone.length > 0)
      f.io.err(
        `${t`warning: the department of option ${gone.join(', ')} was removed — answers choosing it go to the normal rodízio; fix the file and set it again`}\n`,
      );
  });
}
