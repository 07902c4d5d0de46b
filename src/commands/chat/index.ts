import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { chatAssignCommand } from './assign.js';
import { chatLifecycleCommand } from './lifecycle.js';
import { chatListCommand } from './list.js';
import { chatMediaCommand } from './media.js';
import { chatNewCommand } from './new.js';
import { chatNoteCommand } from './note.js';
import { chatReactCommand } from './react.js';
import { chatRetryCommand } from './retry.js';
import { chatScheduledCommand, chatUnscheduleCommand } from './scheduled.js';
import { chatSendCommand } from './send.js';
import { chatShowCommand } from './show.js';
import { chatTagCommand } from './tag.js';
import { chatWhyCommand } from './why.js';
import { t } from '../../i18n/translate.js';

export function chatCommand(f: Factory): Command {
  return new Command('chat')
    .description(t`Conversations with customers, as the logged-in user (or --as with the owner token)`)
    .addCommand(chatListCommand(f))
    .addCommand(chatShowCommand(f))
    .addCommand(chatMediaCommand(f))
    .addCommand(chatWhyCommand(f))
    .addCommand(chatNewCommand(f))
    .addCommand(chatSendCommand(f))
    .addCommand(chatReactCommand(f))
    .addCommand(chatNoteCommand(f))
    .addCommand(chatRetryCommand(f))
    .addCommand(chatScheduledCommand(f))
    .addCommand(chatUnscheduleCommand(f))
    .addCommand(chatAssignCommand(f))
    .addCommand(chatTagCommand(f))
    .addCommand(chatLifecycleCommand(f, 'close'))
    .addCommand(chatLifecycleCommand(f, 'reopen'));
}
