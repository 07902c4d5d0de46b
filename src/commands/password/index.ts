import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { passwordForgotCommand } from './forgot.js';
import { passwordResetCommand } from './reset.js';
import { t } from '../../i18n/translate.js';

export function passwordCommand(f: Factory): Command {
  return new Command('password')
    .description(t`Forgot your password? Get a one-time code by email, then choose a new one`)
    .addCommand(passwordForgotCommand(f))
    .addCommand(passwordResetCommand(f));
}
