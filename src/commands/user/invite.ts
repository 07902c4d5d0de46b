import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import type { InviteResult } from '../../core/ops/invites.js';
import { t } from '../../i18n/translate.js';
import { formatDateTime } from '../../i18n/format.js';

export function userInviteCommand(f: Factory, run = userInvite): Command {
  return new Command('invite')
    .description(t`Send a user a new one-time invite code on their WhatsApp, to choose their password (the earlier code stops working)`)
    .argument('<email>', t`the user's email`)
    .addOption(jsonFlag(t`the outcome`))
    .addHelpText(
      'after',
      `${examples('guru user invite bia@acme.com', 'guru user edit bia@acme.com --whatsapp +5511977776666 && guru user invite bia@acme.com')}${t`The code lasts 48 h and works once. It goes through a connected phone straight to the user's
WhatsApp — never into a chat. Without a number or a connected phone, the message is printed
here for you to pass on.`}
`,
    )
    .action((email: string, opts: { json: boolean }) => run(f, email, opts));
}

export async function userInvite(f: Factory, email: string, opts: { json: boolean }): Promise<void> {
  const result = await (await f.client()).users.invite(email);
  printResult(f.io, opts, result, () => reportInvite(f, result));
}

/**
 * How an invite went, for people. The text (with its code) is printed only when no phone
 * sent it, on stdout — the admin's own terminal — so it can be piped or copied as it is.
 */
export function reportInvite(f: Factory, result: InviteResult): void {
  const { user, delivery } = result;
  const until = formatDateTime(result.expiresAt, 'UTC');
  if (delivery.via === 'whatsapp') {
    success(f.io, t`Invite sent to ${user.name} <${user.email}> on WhatsApp ${delivery.to}, through ${delivery.phone} (valid until ${until} UTC)`);
  } else {
    f.io.err(
      `${t`Invite for ${user.name} <${user.email}> not sent: ${delivery.reason}.`}\n${t`Pass this message on to them yourself (valid until ${until} UTC):`}\n\n`,
    );
    f.io.out(`${delivery.text}\n`);
  }
  if (result.address === null) {
    f.io.err(
      `\n${t`note: no server address is known, so the message asks them to get it from you — set it with \`guru account set --public-address HOST:PORT\` (or start the daemon with --listen), then \`guru user invite\` again`}\n`,
    );
  } else if (result.fingerprint === null) {
    f.io.err(
      `\n${t`note: the message gives no certificate fingerprint (no daemon here serves TLS): unless ${result.address} presents a CA-signed one, their first login asks them to trust it — they can check it with you (\`guru daemon status\` shows it)`}\n`,
    );
  }
}
