import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printTable, type Column } from '../../cli/table.js';
import type { SessionView } from '../../core/ops/users.js';
import { t } from '../../i18n/translate.js';

const columns = (): Column<SessionView>[] => [
  { header: t`Created`, cell: (s) => ({ time: s.createdAt }) },
  { header: t`Last used`, cell: (s) => ({ time: s.lastUsedAt }) },
  { header: t`Expires`, cell: (s) => ({ time: s.expiresAt }) },
  { header: t`From`, cell: (s) => s.source },
];

export function userSessionsCommand(f: Factory, run = userSessions): Command {
  return new Command('sessions')
    .description(t`List a user's open logins: when each began, was last used and ends if unused, and where it came from`)
    .argument('<email>', t`the user's email`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru user sessions bia@acme.com', t`guru user logout bia@acme.com   # ends them all`))
    .action((email: string, opts: { json: boolean }) => run(f, email, opts));
}

export async function userSessions(f: Factory, email: string, opts: { json: boolean }): Promise<void> {
  const sessions = await (await f.client()).users.sessions(email);
  printResult(f.io, opts, sessions, () => {
    if (sessions.length === 0 && f.io.isStdoutTTY) f.io.err(`${t`${email} has no open sessions`}\n`);
    else printTable(f.io, columns(), sessions, f.now());
  });
}
