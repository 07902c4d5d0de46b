import { Command, Option } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, success } from '../../cli/command-helpers.js';
import { readPassword, valueOrAsk } from '../../cli/prompt.js';
import type { Role } from '../../core/model.js';
import { parsePermissions, PERMISSIONS } from '../../core/permissions.js';
import { normalizeEmail } from '../../core/validate.js';

export interface UserAddOptions {
  email?: string;
  name?: string;
  passwordStdin: boolean;
  visibleName?: string;
  role: Role;
  perm: string[];
  dept: string[];
  json: boolean;
}

export function userAddCommand(f: Factory, run = userAdd): Command {
  return new Command('add')
    .description('Add a user (takes one seat)')
    .option('--email <email>', 'login email (unique)')
    .option('--name <name>', 'name shown to colleagues and in the audit')
    .option('--password-stdin', 'read the password from stdin', false)
    .option('--visible-name <name>', 'signature customers see above each reply')
    .addOption(new Option('--role <role>', 'admin sees and may do everything').choices(['admin', 'normal']).default('normal'))
    .option('--perm <permission>', `grant a permission (repeatable): ${PERMISSIONS.join(', ')}`, collect, [])
    .option('--dept <name>', 'add to a department (repeatable)', collect, [])
    .addOption(jsonFlag('the new user'))
    .addHelpText(
      'after',
      examples(
        'guru user add --email bia@acme.com --name "Bia Lima" --visible-name Bia --dept Vendas',
        'printf %s "$PW" | guru user add --email caio@acme.com --name Caio --perm chats.send --password-stdin',
      ),
    )
    .action((opts: UserAddOptions) => run(f, opts));
}

export async function userAdd(f: Factory, opts: UserAddOptions): Promise<void> {
  // Cheap checks first, so a typo fails before anyone is asked for a password.
  const email = normalizeEmail(await valueOrAsk(f, opts.email, '--email', 'Email:'));
  const name = await valueOrAsk(f, opts.name, '--name', 'Name:');
  parsePermissions(opts.perm);
  const password = await readPassword(f, { fromStdin: opts.passwordStdin, message: `Password for ${email}:`, confirm: true });
  const user = await (await f.client()).users.add({
    email,
    name,
    password,
    visibleName: opts.visibleName ?? null,
    role: opts.role,
    permissions: opts.perm,
    departments: opts.dept,
  });
  printResult(f.io, opts, user, () => success(f.io, `Added ${user.role} ${user.name} <${user.email}>`));
}
