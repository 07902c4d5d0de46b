import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples } from '../../cli/command-helpers.js';
import { printFields, printTable } from '../../cli/table.js';
import type { WhyView } from '../../core/chats/views.js';
import { describePick, describeSkips } from '../round-robin/format.js';
import { describeRoutingStep, unknownAnswers } from './routing-steps.js';
import { t } from '../../i18n/translate.js';

export function chatWhyCommand(f: Factory, run = chatWhy): Command {
  return new Command('why')
    .description(t`Why a chat went to whom: every routing step — rodízio decisions and the entries they skipped, hours, bot, hand-outs`)
    .argument('<chat>', t`the chat id, or the customer's number`)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru chat why k3f9x2ab', 'guru chat why +5511988887777 --json'))
    .action((chat: string, opts: { as?: string; json: boolean }) => run(f, chat, opts));
}

export async function chatWhy(f: Factory, chat: string, opts: { as?: string; json: boolean }): Promise<void> {
  const why = await (await f.daemon('session', opts.as)).operations().chats.why(chat);
  printResult(f.io, opts, why, () => {
    const now = f.now();
    printFields(f.io, summaryFields(why), now);
    // The whole trail: each decision, hand-out, bot step and automatic reply kept for the chat.
    const steps = why.steps.filter((s) => !(s.kind === 'auto_reply' && s.auto === 'bot'));
    if (steps.length === 0) return;
    f.io.out('\n');
    printTable(
      f.io,
      [
        { header: t`When`, cell: (s) => ({ time: s.time }) },
        { header: t`Step`, cell: (s) => describeRoutingStep(s) },
      ],
      steps,
      now,
    );
  });
}

/** The last decision, as `guru chat why` has always summed it up, and where the chat stands now. */
function summaryFields(why: WhyView): [string, string | { time: string } | null][] {
  const picked = why.trail.find((s) => s.outcome === 'picked');
  return [
    [t`Chat`, why.chatId],
    [t`Decided`, why.time ? { time: why.time } : null],
    [
      t`Because`,
      why.cause === 'new'
        ? t`first message`
        : why.cause === 'reopen'
          ? t`message on a closed chat`
          : why.cause === 'history'
            ? t`synced from history (no rodízio)`
            : why.cause === 'phone'
              ? t`the team wrote first, from the phone (no rodízio)`
              : why.cause === 'started'
                ? t`a colleague started it with \`guru chat new\` (theirs; no rodízio)`
                : why.cause === 'handover'
                  ? t`handed over (see the steps below)`
                  : null,
    ],
    [
      t`Rodízio picked`,
      picked
        ? describePick(picked)
        : why.cause === 'started' || why.cause === 'history' || why.cause === 'phone'
          ? t`nobody (it did not run)`
          : why.cause === 'handover' && why.trail.length === 0 && !why.assignee
            ? t`nobody (left unassigned)`
            : t`nobody (no eligible entry)`,
    ],
    [t`Skipped`, describeSkips(why.trail)],
    [t`Assigned now`, why.assignee?.ref ?? t`unassigned`],
    [t`Waiting since`, why.waitingSince ? { time: why.waitingSince } : null],
    [t`With the bot`, why.bot ? unknownAnswers(why.bot.tries) : null],
  ];
}
