import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success, wholeNumberArg } from '../../cli/command-helpers.js';
import { durationArg } from '../../cli/duration.js';
import { parseSize } from '../../cli/size.js';
import { readPassword } from '../../cli/prompt.js';
import { usage } from '../../core/errors.js';
import { parseListen } from '../../core/listen.js';
import { t } from '../../i18n/translate.js';

export interface AccountSetOptions {
  name?: string;
  seats?: number;
  sessionIdle?: number;
  /** Inbox idle time before an agent is marked away (ms); 0: never. */
  awayAfter?: number;
  /** "" forgets it. */
  publicAddress?: string;
  smtp?: string;
  mailFrom?: string;
  smtpPasswordStdin: boolean;
  /** `HOST:PORT`, or false with --no-listen (commander leaves it undefined when neither is given). */
  listen?: string | false;
  /** A size (`5GB`), or `none` to remove the limit. */
  mediaQuota?: string;
  /** An IANA zone, or `none` for the daemon machine's. */
  tz?: string;
  /** `24mo`, `90d`, `2y`, or `off`. */
  retention?: string;
  json: boolean;
}

export function accountSetCommand(f: Factory, run = accountSet): Command {
  return new Command('set')
    .description(t`Change the account: name, seat limit, how long logins last, the mail server for password recovery`)
    .option('--name <name>', t`new account name`)
    .option('--seats <n>', t`new seat limit (not below the active users)`, wholeNumberArg('--seats'))
    .option('--session-idle <duration>', t`end a login unused this long (30m, 12h, 7d; from 1m to 30d)`, durationArg('--session-idle'))
    .option(
      '--away-after <duration>',
      t`mark an agent away after their inbox goes this long without a key press (15m, 1h; from 1m to 24h; never: 0)`,
      awayAfterArg,
    )
    .option('--public-address <host:port>', t`where people's machines reach this server, for the invites to give ("" forgets it)`)
    .option('--smtp <url>', t`mail server for password recovery: smtp://user:pass@host:587 (STARTTLS) or smtps://…:465; "none" removes it`)
    .option('--mail-from <address>', t`the address recovery mails come from`)
    .option('--smtp-password-stdin', t`read the SMTP password from stdin (the --smtp URL then has the user but no password)`, false)
    .option('--listen <host:port>', t`where the daemon serves the network (TLS) from its next start; owner only`)
    .option('--no-listen', t`serve the local socket only, from the daemon’s next start`)
    .option('--media-quota <size>', t`how much media the data dir may keep (500MB, 5GB; none: no limit) — over it new files stay on WhatsApp`)
    .option('--tz <zone>', t`the IANA time zone the team's times are read in, e.g. America/Sao_Paulo (\`chat send --at\`); none: the daemon machine's`)
    .option(
      '--retention <period>',
      t`erase closed conversations whose last message is older than this, every day (24mo, 90d, 2y; at least 30d; off: keep them) — see \`guru retention plan\``,
    )
    .addOption(jsonFlag(t`the result`))
    .addHelpText(
      'after',
      examples(
        'guru account set --seats 10',
        'guru account set --session-idle 12h',
        'guru account set --away-after 10m',
        'guru account set --away-after never',
        'guru account set --public-address guru.acme.com:7433',
        'guru account set --smtp smtp://guru%40acme.com@mail.acme.com:587 --mail-from guru@acme.com   # asks the password',
        'printf %s "$SMTP_PW" | guru account set --smtp smtps://guru@mail.acme.com --mail-from guru@acme.com --smtp-password-stdin',
        'guru account set --smtp none',
        'guru account set --media-quota 5GB',
        'guru account set --tz America/Sao_Paulo',
        'guru account set --retention 24mo',
        'guru account set --listen 0.0.0.0:7433 && guru daemon stop && guru daemon start',
      ),
    )
    .action((opts: AccountSetOptions) => run(f, opts));
}

export async function accountSet(f: Factory, opts: AccountSetOptions): Promise<void> {
  const { name, seats, sessionIdle, awayAfter, publicAddress, mailFrom } = opts;
  if (
    [name, seats, sessionIdle, awayAfter, publicAddress, opts.smtp, mailFrom, opts.listen, opts.mediaQuota, opts.tz, opts.retention].every(
      (v) => v === undefined,
    )
  ) {
    throw usage(
      t`nothing to change — pass --name, --seats, --session-idle, --away-after, --public-address, --smtp, --mail-from, --listen, --media-quota, --tz or --retention`,
    );
  }
  const timeZone = opts.tz === undefined ? {} : { timeZone: opts.tz.trim().toLowerCase() === 'none' ? null : opts.tz };
  const retention = opts.retention === undefined ? {} : { retention: opts.retention.trim().toLowerCase() === 'off' ? null : opts.retention };
  // Checked here too, so a typo is a usage error before anything is sent.
  if (typeof opts.listen === 'string') parseListen(opts.listen);
  const mediaQuota = opts.mediaQuota === undefined ? undefined : parseSize(opts.mediaQuota, '--media-quota', true);
  const listen = opts.listen === undefined ? {} : { listen: opts.listen === false ? null : opts.listen };
  const smtp =
    opts.smtp === undefined ? undefined : opts.smtp.trim().toLowerCase() === 'none' ? null : await withPassword(f, opts.smtp, opts.smtpPasswordStdin);
  if (opts.smtpPasswordStdin && typeof smtp !== 'string') throw usage(t`--smtp-password-stdin goes with --smtp <url>`);
  const account = await (await f.client()).account.set({
    name,
    seats,
    sessionIdleMs: sessionIdle,
    awayAfterMs: awayAfter,
    publicAddress,
    smtp,
    mailFrom,
    ...listen,
    mediaQuota,
    ...timeZone,
    ...retention,
  });
  printResult(f.io, opts, account, () => {
    const seats = t`Account "${account.name}": ${account.activeUsers}/${account.seats} seats in use`;
    success(f.io, account.smtp ? `${seats}${t`; recovery mail through ${account.smtp} from ${account.mailFrom}`}` : seats);
    if (opts.listen !== undefined) {
      f.io.err(
        account.listen
          ? `  ${t`The daemon listens on ${account.listen} from its next start (\`guru daemon stop && guru daemon start\`).`}\n`
          : `  ${t`The daemon serves the local socket only from its next start.`}\n`,
      );
    }
  });
}

/** `--away-after`: a duration (`15m`), or `never`/`0` for never. */
function awayAfterArg(value: string): number {
  return /^\s*(never|0)\s*$/i.test(value) ? 0 : durationArg('--away-after')(value);
}

/**
 * The SMTP URL with its password: as given, or — when it names a user but no password — read
 * from stdin (`--smtp-password-stdin`) or a hidden prompt, so the password need not be in argv.
 */
async function withPassword(f: Factory, raw: string, fromStdin: boolean): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw; // the engine says what is wrong with it
  }
  if (url.password !== '') {
    if (fromStdin) throw usage(t`the --smtp URL already has a password: leave it out of the URL or drop --smtp-password-stdin`);
    return raw;
  }
  if (url.username === '') {
    if (fromStdin) throw usage(t`--smtp-password-stdin needs a user in the --smtp URL (smtp://user@host:587)`);
    return raw;
  }
  if (!fromStdin && !f.io.canPrompt()) {
    throw usage(t`the --smtp URL names a user but no password — pipe it with --smtp-password-stdin, or put it in the URL`);
  }
  const password = fromStdin
    ? (await f.io.readStdin()).replace(/\r?\n$/, '')
    : await readPassword(f, { fromStdin: false, message: t`SMTP password for ${decodeURIComponent(url.username)}@${url.hostname}:` });
  if (password === '') throw usage(t`--smtp-password-stdin was given but stdin was empty — pipe the password in`);
  url.password = encodeURIComponent(password);
  return url.href;
}
