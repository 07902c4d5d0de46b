import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { phoneAddCommand } from './add.js';
import { phoneHoursCommand } from './hours.js';
import { phoneLinkCommand } from './link.js';
import { phoneListCommand } from './list.js';
import { phoneRemoveCommand } from './remove.js';
import { phoneSetCommand } from './set.js';
import { phoneStatusCommand } from './status.js';
import { phoneHealthCommand } from './health.js';
import { phoneUnlinkCommand } from './unlink.js';
import { t } from '../../i18n/translate.js';

export function phoneCommand(f: Factory): Command {
  return new Command('phone')
    .description(t`WhatsApp numbers the team shares`)
    .addCommand(phoneAddCommand(f))
    .addCommand(phoneListCommand(f))
    .addCommand(phoneSetCommand(f))
    .addCommand(phoneRemoveCommand(f))
    .addCommand(phoneStatusCommand(f))
    .addCommand(phoneHealthCommand(f))
    .addCommand(phoneLinkCommand(f))
    .addCommand(phoneUnlinkCommand(f))
    .addCommand(phoneHoursCommand(f));
}
