import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { deptAddCommand } from './add.js';
import { deptListCommand } from './list.js';
import { deptRemoveCommand } from './remove.js';
import { deptRenameCommand } from './rename.js';
import { deptGroupCommand } from './set-edit.js';
import { deptShowCommand } from './show.js';
import { t } from '../../i18n/translate.js';

export function deptCommand(f: Factory): Command {
  return new Command('dept')
    .alias('department')
    .description(t`Departments: groups of users that share permissions and chats`)
    .addCommand(deptAddCommand(f))
    .addCommand(deptListCommand(f))
    .addCommand(deptShowCommand(f))
    .addCommand(deptRenameCommand(f))
    .addCommand(deptRemoveCommand(f))
    .addCommand(deptGroupCommand(f, 'member'))
    .addCommand(deptGroupCommand(f, 'perm'));
}
