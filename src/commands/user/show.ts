import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printUser } from './format.js';
import { t } from '../../i18n/translate.js';

export function userShowCommand(f: Factory, run = userShow): Command {
  return new Command('show')
    .description(t`Show one user, with their departments and effective permissions`)
    .argument('<email>', t`the user's email`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru user show bia@acme.com', 'guru user show bia@acme.com --json'))
    .action((email: string, opts: { json: boolean }) => run(f, email, opts));
}

export async function userShow(f: Factory, email: string, opts: { json: boolean }): Promise<void> {
  const user = await (await f.client()).users.show(email);
  printResult(f.io, opts, user, () => printUser(f, user));
}
