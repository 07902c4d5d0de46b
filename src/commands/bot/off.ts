import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { normalizePhoneNumber } from '../../core/phone-number.js';
import { t } from '../../i18n/translate.js';

export function botOffCommand(f: Factory, run = botOff): Command {
  return new Command('off')
    .description(t`Switch a number's menu bot off: new conversations go straight to the rodízio, and so do those it was still holding`)
    .argument('<number>', t`the phone number`)
    .addHelpText('after', examples('guru bot off +5511999990000'))
    .action((number: string) => run(f, number));
}

export async function botOff(f: Factory, number: string): Promise<void> {
  await (await f.client()).bots.off(number);
  success(f.io, t`Menu bot of ${normalizePhoneNumber(number)} switched off: new conversations go to the rodízio`);
}
