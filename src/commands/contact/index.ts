import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { contactEraseCommand } from './erase.js';
import { contactExportCommand } from './export.js';
import { contactListCommand } from './list.js';
import { contactSetCommand } from './set.js';
import { contactShowCommand } from './show.js';
import { t } from '../../i18n/translate.js';

export function contactCommand(f: Factory): Command {
  return new Command('contact')
    .description(t`Customers' contacts: the name the team knows them by and fields of your own (empresa, plano…)`)
    .addCommand(contactShowCommand(f))
    .addCommand(contactSetCommand(f))
    .addCommand(contactListCommand(f))
    .addCommand(contactExportCommand(f))
    .addCommand(contactEraseCommand(f));
}
