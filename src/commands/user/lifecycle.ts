import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import type { Client } from '../../client/client.js';

/**
 * `guru user disable|enable|remove <email>`: three verbs of the same shape (one email in, the
 * user out), so one builder serves them rather than three copies.
 */
type Verb = 'disable' | 'enable' | 'remove';

const VERBS: Record<Verb, { description: string; done: string }> = {
  disable: { description: 'Disable a user: they cannot log in or get chats, and their seat is freed', done: 'Disabled' },
  enable: { description: 'Enable a disabled user again (needs a free seat)', done: 'Enabled' },
  remove: { description: 'Remove a user for good (the audit keeps their name)', done: 'Removed' },
};

export function userLifecycleCommand(f: Factory, verb: Verb, run = userLifecycle): Command {
  return new Command(verb)
    .description(VERBS[verb].description)
    .argument('<email>', "the user's email")
    .addOption(jsonFlag('the user'))
    .addHelpText('after', examples(`guru user ${verb} bia@acme.com`))
    .action((email: string, opts: { json: boolean }) => run(f, verb, email, opts));
}

export async function userLifecycle(f: Factory, verb: Verb, email: string, opts: { json: boolean }): Promise<void> {
  const client: Client = await f.client();
  const user = await client.users[verb](email);
  printResult(f.io, opts, user, () => success(f.io, `${VERBS[verb].done} ${user.name} <${user.email}>`));
}
