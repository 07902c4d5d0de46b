import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { phoneAddCommand } from './add.js';
import { phoneListCommand } from './list.js';
import { phoneRemoveCommand } from './remove.js';

export function phoneCommand(f: Factory): Command {
  return new Command('phone')
    .description('WhatsApp numbers the team shares')
    .addCommand(phoneAddCommand(f))
    .addCommand(phoneListCommand(f))
    .addCommand(phoneRemoveCommand(f));
}
