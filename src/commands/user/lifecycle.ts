import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import type { Client } from '../../client/client.js';
import { printHandover } from '../../cli/handover.js';
import { t } from '../../i18n/translate.js';

/**
 * `guru user disable|enable|remove <email>`: three verbs of the same shape (one email in, the
 * user out), so one builder serves them rather than three copies.
 */
type Verb = 'disable' | 'enable' | 'remove';

function description(verb: Verb): string {
  switch (verb) {
    case 'disable':
      return t`Disable a user: they cannot log in or get chats, their seat is freed, and their open chats go to the rodízio again`;
    case 'enable':
      return t`Enable a disabled user again (needs a free seat)`;
    case 'remove':
      return t`Remove a user for good (the audit keeps their name): out of every round-robin, their open chats to the rodízio again`;
  }
}

export interface UserLifecycleOptions {
  json: boolean;
  /** disable and remove: leave their open chats unassigned instead. */
  unassign?: boolean;
}

export function userLifecycleCommand(f: Factory, verb: Verb, run = userLifecycle): Command {
  const command = new Command(verb).description(description(verb)).argument('<email>', t`the user's email`).addOption(jsonFlag(t`the user`));
  if (verb === 'enable')
    return command.addHelpText('after', examples('guru user enable bia@acme.com')).action((email: string, opts) => run(f, verb, email, opts));
  return command
    .option('--unassign', t`leave their open chats unassigned instead of handing them to the rodízio`)
    .addHelpText('after', examples(`guru user ${verb} bia@acme.com`, `guru user ${verb} bia@acme.com --unassign`))
    .action((email: string, opts: UserLifecycleOptions) => run(f, verb, email, opts));
}

export async function userLifecycle(f: Factory, verb: Verb, email: string, opts: UserLifecycleOptions): Promise<void> {
  const client: Client = await f.client();
  if (verb === 'enable') {
    const user = await client.users.enable(email);
    printResult(f.io, opts, user, () => success(f.io, t`Enabled ${user.name} <${user.email}>`));
    return;
  }
  const handover = { unassign: opts.unassign === true };
  const [user, removals] =
    verb === 'disable'
      ? [await client.users.disable(email, handover), []]
      : await client.users.remove(email, handover).then((removed) => [removed, removed.roundRobin] as const);
  printResult(f.io, opts, user, () => {
    success(f.io, verb === 'disable' ? t`Disabled ${user.name} <${user.email}>` : t`Removed ${user.name} <${user.email}>`);
    printHandover(f.io, user.handover, removals);
  });
}
