import { Command, InvalidArgumentError } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { asOption, examples, success } from '../cli/command-helpers.js';
import { formatDuration } from '../cli/duration.js';
import { printFields } from '../cli/table.js';
import { availabilityWord } from '../core/availability.js';
import { STATUS_CHOICES, type StatusChoice, type StatusView } from '../core/ops/status.js';
import { t } from '../i18n/translate.js';

export interface StatusOptions {
  /** Someone else's (`users.manage`). */
  user?: string;
  /** With the owner token, act as this user (scripts). */
  as?: string;
  json: boolean;
}

export function statusCommand(f: Factory, run = agentStatus): Command {
  return new Command('status')
    .description(t`Say whether you take new chats — online, busy or away — or, without one, show your status`)
    .argument('[status]', t`online (take chats), busy or away`, statusArg)
    .option('--user <email>', t`someone else's status (needs users.manage)`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the status`))
    .addHelpText(
      'after',
      `\n${t`Busy and away agents get no new chats from rodízio entries that skip offline agents (\`guru rr add … --skip-offline\`); waiting chats go to them as soon as they are online again. The inbox marks you away by itself after \`guru account show\`'s "Away after" without a key press, and online again at the next key.`}\n${examples(
        'guru status',
        'guru status busy',
        'guru status online',
        'guru status away --user bia@acme.com',
        'guru status --json',
      )}`,
    )
    .action((status: StatusChoice | undefined, opts: StatusOptions) => run(f, status, opts));
}

function statusArg(value: string): StatusChoice {
  const status = value.trim().toLowerCase();
  if (!(STATUS_CHOICES as readonly string[]).includes(status)) throw new InvalidArgumentError(t`"${value}" is not a status — use online, busy or away`);
  return status as StatusChoice;
}

/** `guru status [online|busy|away]`: sets it (as the logged-in user, or `--user`'s), or shows it. */
export async function agentStatus(f: Factory, status: StatusChoice | undefined, opts: StatusOptions): Promise<void> {
  // Someone else's is an admin's errand (the logged-in admin, or the owner on this machine);
  // one's own is the logged-in user's, whose presence the daemon knows.
  const ops = opts.user !== undefined && opts.as === undefined ? await f.client() : (await f.daemon('session', opts.as)).operations();
  const view = status === undefined ? await ops.status.show(opts.user) : await ops.status.set(status, opts.user === undefined ? {} : { user: opts.user });
  const own = opts.user === undefined;
  printResult(f.io, opts, view, () => (status === undefined ? printStatus(f, view) : success(f.io, changedLine(view, own))));
}

/** The status as a block: whose, what, since when, and what the team sees. */
export function printStatus(f: Factory, view: StatusView): void {
  printFields(
    f.io,
    [
      [t`User`, `${view.name} <${view.email}>`],
      [t`Status`, statusWord(view)],
      [t`Since`, view.since === null ? null : { time: view.since }],
      [t`Presence`, view.availability === 'offline' ? t`offline (no inbox open)` : availabilityWord(view.availability)],
      [t`Away after`, view.awayAfterMs === 0 ? t`never` : t`${formatDuration(view.awayAfterMs)} without a key press in the inbox`],
    ],
    f.now(),
  );
}

/** "busy", or "away (automatic)" when the inbox set it. */
function statusWord(view: StatusView): string {
  const word = availabilityWord(view.status);
  return view.auto ? t`${word} (automatic)` : word;
}

/** What a change means, in one line. */
function changedLine(view: StatusView, own: boolean): string {
  const word = statusWord(view);
  if (!own) return t`${view.name} <${view.email}> is ${word} now`;
  const means =
    view.status === 'online'
      ? t`the rodízio may give you new chats`
      : t`rodízio entries that skip offline agents give you no new chats until \`guru status online\``;
  const offline = view.availability === 'offline' ? ` (${t`the team sees you offline until your inbox is open: \`guru inbox\``})` : '';
  return `${t`You are ${word} now`} — ${means}${offline}`;
}
