import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { mediaPruneCommand } from './prune.js';
import { t } from '../../i18n/translate.js';

export function mediaCommand(f: Factory): Command {
  return new Command('media').description(t`The media store: photos, voice notes and documents the daemon keeps`).addCommand(mediaPruneCommand(f));
}
