import type { Command } from 'commander';
import type { Factory } from '../cli/factory.js';
import { accountCommand } from './account/index.js';
import { auditCommand } from './audit.js';
import { reportCommand } from './report.js';
import { retentionCommand } from './retention.js';
import { keyCommand } from './key.js';
import { botCommand } from './bot/index.js';
import { chatCommand } from './chat/index.js';
import { contactCommand } from './contact/index.js';
import { daemonCommand } from './daemon/index.js';
import { demoCommand } from './demo.js';
import { deptCommand } from './dept/index.js';
import { inboxCommand } from './inbox.js';
import { initCommand } from './init.js';
import { loginCommand } from './login.js';
import { mediaCommand } from './media/index.js';
import { logoutCommand } from './logout.js';
import { passwordCommand } from './password/index.js';
import { phoneCommand } from './phone/index.js';
import { quickCommand } from './quick/index.js';
import { roundRobinCommand } from './round-robin/index.js';
import { tailCommand } from './tail.js';
import { tagCommand } from './tag/index.js';
import { userCommand } from './user/index.js';
import { whoamiCommand } from './whoami.js';
import { statusCommand } from './status.js';
import { storeCommand } from './store/index.js';

/** Every `guru <noun>`, in the order `guru --help` lists them. */
export function registerCommands(program: Command, f: Factory): void {
  program
    .addCommand(initCommand(f))
    .addCommand(accountCommand(f))
    .addCommand(userCommand(f))
    .addCommand(deptCommand(f))
    .addCommand(phoneCommand(f))
    .addCommand(roundRobinCommand(f))
    .addCommand(botCommand(f))
    .addCommand(chatCommand(f))
    .addCommand(quickCommand(f))
    .addCommand(contactCommand(f))
    .addCommand(tagCommand(f))
    .addCommand(tailCommand(f))
    .addCommand(inboxCommand(f))
    .addCommand(statusCommand(f))
    .addCommand(mediaCommand(f))
    .addCommand(reportCommand(f))
    .addCommand(retentionCommand(f))
    .addCommand(keyCommand(f))
    .addCommand(storeCommand(f))
    .addCommand(auditCommand(f))
    .addCommand(daemonCommand(f))
    .addCommand(loginCommand(f))
    .addCommand(logoutCommand(f))
    .addCommand(passwordCommand(f))
    .addCommand(whoamiCommand(f))
    .addCommand(demoCommand(f));
}
