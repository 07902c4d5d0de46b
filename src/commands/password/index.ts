import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { passwordForgotCommand } from './forgot.js';
import { passwordResetCommand } from './reset.js';

export function passwordCommand(f: Factory): Command {
  return new Command('password')
    .description('Forgot your password? Get a one-time code by email, then choose a new one')
    .addCommand(passwordForgotCommand(f))
    .addCommand(passwordResetCommand(f));
}
