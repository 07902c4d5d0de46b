import { Command, Option } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import type { Role } from '../../core/model.js';
import { t } from '../../i18n/translate.js';

export interface UserEditOptions {
  email?: string;
  name?: string;
  visibleName?: string;
  noVisibleName?: boolean;
  /** "" forgets the number. */
  whatsapp?: string;
  role?: Role;
  perm?: string[];
  addPerm?: string[];
  removePerm?: string[];
  dept?: string[];
  json: boolean;
}

export function userEditCommand(f: Factory, run = userEdit): Command {
  return new Command('edit')
    .description(t`Change a user's email, names, role, permissions or departments`)
    .argument('<email>', t`the user's current email`)
    .option('--email <email>', t`new login email`)
    .option('--name <name>', t`new name`)
    .option('--visible-name <name>', t`new signature shown to customers`)
    .option('--clear-visible-name', t`send replies without a signature`)
    .option('--whatsapp <number>', t`their own WhatsApp number, where invites go ("" forgets it)`)
    .addOption(new Option('--role <role>', t`new role`).choices(['admin', 'normal']))
    .option('--perm <permission>', t`replace the user's own permissions (repeatable)`, collect)
    .option('--add-perm <permission>', t`grant a permission (repeatable)`, collect)
    .option('--remove-perm <permission>', t`revoke a permission (repeatable)`, collect)
    .option('--dept <name>', t`replace the user's departments (repeatable)`, collect)
    .addOption(jsonFlag(t`the result`))
    .addHelpText(
      'after',
      examples(
        'guru user edit bia@acme.com --visible-name "Bia (Vendas)"',
        'guru user edit bia@acme.com --add-perm chats.transfer --dept Vendas --dept Suporte',
      ),
    )
    .action((email: string, opts: UserEditOptions & { clearVisibleName?: boolean }) => run(f, email, { ...opts, noVisibleName: opts.clearVisibleName }));
}

export async function userEdit(f: Factory, email: string, opts: UserEditOptions): Promise<void> {
  if (opts.noVisibleName && opts.visibleName !== undefined) {
    throw usage(t`--visible-name and --clear-visible-name contradict each other — pass one: a new signature, or none`);
  }
  const user = await (await f.client()).users.edit(email, {
    email: opts.email,
    name: opts.name,
    visibleName: opts.noVisibleName ? null : opts.visibleName,
    whatsapp: opts.whatsapp,
    role: opts.role,
    permissions: opts.perm,
    addPermissions: opts.addPerm,
    removePermissions: opts.removePerm,
    departments: opts.dept,
  });
  printResult(f.io, opts, user, () => success(f.io, t`Updated ${user.name} <${user.email}>`));
}
