import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { daemonRunCommand } from './run.js';
import { daemonStartCommand } from './start.js';
import { daemonStatusCommand } from './status.js';
import { daemonStopCommand } from './stop.js';
import { t } from '../../i18n/translate.js';

export function daemonCommand(f: Factory): Command {
  return new Command('daemon')
    .description(t`The background process that owns the data, keeps WhatsApp connected and serves the CLI and inbox`)
    .addCommand(daemonRunCommand(f))
    .addCommand(daemonStartCommand(f))
    .addCommand(daemonStopCommand(f))
    .addCommand(daemonStatusCommand(f));
}
