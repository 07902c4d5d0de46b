import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { botOffCommand } from './off.js';
import { botSetCommand } from './set.js';
import { botShowCommand } from './show.js';
import { botTestCommand } from './test.js';
import { t } from '../../i18n/translate.js';

export function botCommand(f: Factory): Command {
  return new Command('bot')
    .description(t`A number's menu bot: it greets new conversations and sends each to the department the customer chooses`)
    .addCommand(botSetCommand(f))
    .addCommand(botShowCommand(f))
    .addCommand(botTestCommand(f))
    .addCommand(botOffCommand(f));
}
