import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { rrAddCommand } from './add.js';
import { rrMoveCommand } from './move.js';
import { rrRemoveCommand } from './remove.js';
import { rrSetCommand } from './set.js';
import { rrShowCommand } from './show.js';
import { rrSimulateCommand } from './simulate.js';
import { t } from '../../i18n/translate.js';

export function roundRobinCommand(f: Factory): Command {
  return new Command('round-robin')
    .alias('rr')
    .description(t`The rodízio: one queue per phone that hands each new chat to the next agent`)
    .addCommand(rrShowCommand(f))
    .addCommand(rrAddCommand(f))
    .addCommand(rrRemoveCommand(f))
    .addCommand(rrMoveCommand(f))
    .addCommand(rrSetCommand(f))
    .addCommand(rrSimulateCommand(f));
}
