import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { accountSetCommand } from './set.js';
import { accountShowCommand } from './show.js';
import { t } from '../../i18n/translate.js';

export function accountCommand(f: Factory): Command {
  return new Command('account').description(t`The account: name and seat limit (licences)`).addCommand(accountShowCommand(f)).addCommand(accountSetCommand(f));
}
