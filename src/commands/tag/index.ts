import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { tagAddCommand } from './add.js';
import { tagListCommand } from './list.js';
import { tagRemoveCommand } from './remove.js';
import { tagRenameCommand } from './rename.js';
import { t } from '../../i18n/translate.js';

export function tagCommand(f: Factory): Command {
  return new Command('tag')
    .description(t`Tags: labels the team puts on chats (defining them needs tags.manage; \`guru chat tag\` puts them on)`)
    .addCommand(tagAddCommand(f))
    .addCommand(tagListCommand(f))
    .addCommand(tagRenameCommand(f))
    .addCommand(tagRemoveCommand(f));
}
