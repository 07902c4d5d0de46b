import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { t } from '../../i18n/translate.js';
import { storeMigrateCommand } from './migrate.js';

export function storeCommand(f: Factory): Command {
  return new Command('store').description(t`Where the data is kept: the data dir's files, or PostgreSQL`).addCommand(storeMigrateCommand(f));
}
