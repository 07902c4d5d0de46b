import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { quickAddCommand } from './add.js';
import { quickEditCommand } from './edit.js';
import { quickListCommand } from './list.js';
import { quickRemoveCommand } from './remove.js';
import { t } from '../../i18n/translate.js';

export function quickCommand(f: Factory): Command {
  return new Command('quick')
    .description(t`Quick replies: saved answers the inbox composer offers by shortcut (/preco), as the logged-in user`)
    .addCommand(quickAddCommand(f))
    .addCommand(quickListCommand(f))
    .addCommand(quickEditCommand(f))
    .addCommand(quickRemoveCommand(f));
}
