import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples } from '../../cli/command-helpers.js';
import { printFields } from '../../cli/table.js';
import { describeSkip } from '../round-robin/format.js';
import { t } from '../../i18n/translate.js';

export function chatWhyCommand(f: Factory, run = chatWhy): Command {
  return new Command('why')
    .description(t`Why a chat went to whom: the rodízio decision and every entry it skipped`)
    .argument('<chat>', t`the chat id, or the customer's number`)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru chat why k3f9x2ab', 'guru chat why +5511988887777 --json'))
    .action((chat: string, opts: { as?: string; json: boolean }) => run(f, chat, opts));
}

export async function chatWhy(f: Factory, chat: string, opts: { as?: string; json: boolean }): Promise<void> {
  const why = await (await f.daemon('session', opts.as)).operations().chats.why(chat);
  printResult(f.io, opts, why, () => {
    const picked = why.trail.find((s) => s.outcome === 'picked');
    printFields(
      f.io,
      [
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
                      ? t`handed over: its assignee was removed or disabled`
                      : null,
        ],
        [
          t`Rodízio picked`,
          picked
            ? `#${picked.position} ${picked.target.ref}`
            : why.cause === 'started' || why.cause === 'history' || why.cause === 'phone'
              ? t`nobody (it did not run)`
              : why.cause === 'handover' && why.trail.length === 0 && !why.assignee
                ? t`nobody (left unassigned)`
                : t`nobody (no eligible entry)`,
        ],
        [
          t`Skipped`,
          why.trail
            .filter((s) => s.outcome === 'skipped')
            .map(describeSkip)
            .join(', ') || null,
        ],
        [t`Assigned now`, why.assignee?.ref ?? t`unassigned`],
      ],
      f.now(),
    );
  });
}
