import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { userAddCommand } from './add.js';
import { userEditCommand } from './edit.js';
import { userInviteCommand } from './invite.js';
import { userLifecycleCommand } from './lifecycle.js';
import { userListCommand } from './list.js';
import { userLogoutCommand } from './logout.js';
import { userPasswdCommand } from './passwd.js';
import { userSessionsCommand } from './sessions.js';
import { userShowCommand } from './show.js';
import { t } from '../../i18n/translate.js';

export function userCommand(f: Factory): Command {
  return new Command('user')
    .description(t`Users: who can log in, their names, roles and permissions`)
    .addCommand(userAddCommand(f))
    .addCommand(userListCommand(f))
    .addCommand(userShowCommand(f))
    .addCommand(userEditCommand(f))
    .addCommand(userPasswdCommand(f))
    .addCommand(userInviteCommand(f))
    .addCommand(userLifecycleCommand(f, 'disable'))
    .addCommand(userLifecycleCommand(f, 'enable'))
    .addCommand(userLifecycleCommand(f, 'remove'))
    .addCommand(userSessionsCommand(f))
    .addCommand(userLogoutCommand(f));
}
