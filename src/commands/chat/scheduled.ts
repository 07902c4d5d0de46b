import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { printTable, type Column } from '../../cli/table.js';
import type { ScheduledView } from '../../core/chats/scheduled-views.js';
import { formatDateTime } from '../../i18n/format.js';
import { preview } from './format.js';
import { t } from '../../i18n/translate.js';

export interface ChatScheduledOptions {
  mine?: boolean;
  as?: string;
  json: boolean;
}

export function chatScheduledCommand(f: Factory, run = chatScheduled): Command {
  return new Command('scheduled')
    .description(t`List the messages scheduled to go later (\`guru chat send --at\`) in the chats you can see, soonest first`)
    .option('--mine', t`only those you scheduled`)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru chat scheduled', 'guru chat scheduled --mine --json'))
    .action((opts: ChatScheduledOptions) => run(f, opts));
}

export async function chatScheduled(f: Factory, opts: ChatScheduledOptions): Promise<void> {
  const scheduled = await (await f.daemon('session', opts.as)).operations().scheduled.list({ mine: opts.mine === true });
  printResult(f.io, opts, scheduled, () => {
    if (scheduled.length === 0 && f.io.isStdoutTTY) return void f.io.err(`${opts.mine ? t`You have no messages scheduled.` : t`No messages are scheduled.`}\n`);
    printTable(f.io, scheduledColumns(f.io.isStdoutTTY), scheduled, f.now());
  });
}

/** When it goes: the team's wall-clock time on a terminal, ISO (UTC) when piped. */
export function whenText(s: Pick<ScheduledView, 'at' | 'timeZone'>, tty: boolean): string {
  return tty ? `${formatDateTime(s.at, s.timeZone)} (${s.timeZone})` : s.at;
}

function scheduledColumns(tty: boolean): Column<ScheduledView>[] {
  return [
    { header: t`Id`, cell: (s) => s.id },
    { header: t`When`, cell: (s) => whenText(s, tty) },
    { header: t`Chat`, cell: (s) => s.chatId },
    { header: t`Customer`, cell: (s) => s.chatName ?? s.customer },
    { header: t`By`, cell: (s) => s.author?.name ?? null },
    { header: t`Message`, cell: (s) => preview(s.text) },
  ];
}

export function chatUnscheduleCommand(f: Factory, run = chatUnschedule): Command {
  return new Command('unschedule')
    .description(t`Take back a scheduled message before it goes`)
    .argument('<id>', t`the scheduled message’s id (\`guru chat scheduled\` lists them)`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the message taken back`))
    .addHelpText('after', examples('guru chat unschedule S1A2B3C4D5E6'))
    .action((id: string, opts: { as?: string; json: boolean }) => run(f, id, opts));
}

export async function chatUnschedule(f: Factory, id: string, opts: { as?: string; json: boolean }): Promise<void> {
  const taken = await (await f.daemon('session', opts.as)).operations().scheduled.cancel(id);
  printResult(f.io, opts, taken, () => success(f.io, t`Unscheduled ${taken.id}: it was to go ${whenText(taken, true)} to ${taken.chatName ?? taken.customer}`));
}

/** `guru chat send --at`: journaled by the daemon before this answers; it goes by itself at that time. */
export async function sendLater(f: Factory, chat: string, text: string, at: string, opts: { as?: string; json: boolean }): Promise<void> {
  const scheduled = await (await f.daemon('session', opts.as)).operations().scheduled.schedule(chat, text, at);
  printResult(f.io, opts, scheduled, () =>
    success(
      f.io,
      t`Scheduled ${scheduled.id} for ${whenText(scheduled, true)} to ${scheduled.chatName ?? scheduled.customer} — it goes then, or as soon as the phone is back; \`guru chat unschedule ${scheduled.id}\` takes it back`,
    ),
  );
}
