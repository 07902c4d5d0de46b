import { Command, Option } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, success } from '../../cli/command-helpers.js';
import { readPassword, valueOrAsk } from '../../cli/prompt.js';
import type { Role } from '../../core/model.js';
import { parsePermissions, PERMISSIONS } from '../../core/permissions.js';
import { normalizeEmail } from '../../core/validate.js';
import { GuruError, isGuruError, usage } from '../../core/errors.js';
import type { InviteResult } from '../../core/ops/invites.js';
import { reportInvite } from './invite.js';
import { t } from '../../i18n/translate.js';

export interface UserAddOptions {
  email?: string;
  name?: string;
  passwordStdin: boolean;
  /** No password: send an invite code to their WhatsApp instead, to choose their own. */
  invite: boolean;
  whatsapp?: string;
  visibleName?: string;
  role: Role;
  perm: string[];
  dept: string[];
  json: boolean;
}

export function userAddCommand(f: Factory, run = userAdd): Command {
  return new Command('add')
    .description(t`Add a user (takes one seat)`)
    .option('--email <email>', t`login email (unique)`)
    .option('--name <name>', t`name shown to colleagues and in the audit`)
    .option('--password-stdin', t`read the password from stdin`, false)
    .option('--whatsapp <number>', t`their own WhatsApp number, where invites go (+55…)`)
    .option('--invite', t`no password: send them a one-time code on WhatsApp to choose their own (see \`guru user invite\`)`, false)
    .option('--visible-name <name>', t`signature customers see above each reply`)
    .addOption(new Option('--role <role>', t`admin sees and may do everything`).choices(['admin', 'normal']).default('normal'))
    .option('--perm <permission>', t`grant a permission (repeatable): ${PERMISSIONS.join(', ')}`, collect, [])
    .option('--dept <name>', t`add to a department (repeatable)`, collect, [])
    .addOption(jsonFlag(t`the new user`))
    .addHelpText(
      'after',
      examples(
        'guru user add --email bia@acme.com --name "Bia Lima" --visible-name Bia --dept Vendas',
        'printf %s "$PW" | guru user add --email caio@acme.com --name Caio --perm chats.send --password-stdin',
        'guru user add --email dani@acme.com --name "Dani Reis" --dept Vendas --whatsapp +5511977776666 --invite',
      ),
    )
    .action((opts: UserAddOptions) => run(f, opts));
}

export async function userAdd(f: Factory, opts: UserAddOptions): Promise<void> {
  // Cheap checks first, so a typo fails before anyone is asked for a password.
  const email = normalizeEmail(await valueOrAsk(f, opts.email, '--email', t`Email:`));
  const name = await valueOrAsk(f, opts.name, '--name', t`Name:`);
  parsePermissions(opts.perm);
  if (opts.invite && opts.passwordStdin) throw usage(t`--invite and --password-stdin do not go together — an invited user chooses their own password`);
  const password = opts.invite ? undefined : await readPassword(f, { fromStdin: opts.passwordStdin, message: t`Password for ${email}:`, confirm: true });
  const client = await f.client();
  const user = await client.users.add({
    email,
    name,
    ...(password === undefined ? {} : { password }),
    whatsapp: opts.whatsapp ?? null,
    visibleName: opts.visibleName ?? null,
    role: opts.role,
    permissions: opts.perm,
    departments: opts.dept,
  });
  if (!opts.invite) {
    printResult(f.io, opts, user, () => success(f.io, t`Added ${user.role} ${user.name} <${user.email}>`));
    return;
  }
  let invite: InviteResult;
  try {
    invite = await client.users.invite(user.email);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new GuruError(
      isGuruError(err) ? err.code : 'internal',
      t`added ${user.name} <${user.email}>, without a password, but the invite failed: ${reason} — send it with \`guru user invite ${user.email}\``,
    );
  }
  printResult(f.io, opts, invite, () => {
    success(f.io, t`Added ${user.role} ${user.name} <${user.email}> (no password until they redeem their invite)`);
    reportInvite(f, invite);
  });
}
