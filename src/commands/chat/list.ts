import { Command, Option } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples } from '../../cli/command-helpers.js';
import { printTable } from '../../cli/table.js';
import { usage } from '../../core/errors.js';
import { chatColumns } from './format.js';
import { t } from '../../i18n/translate.js';

export interface ChatListOptions {
  mine?: boolean;
  unassigned?: boolean;
  all?: boolean;
  dept?: string;
  status: 'open' | 'closed' | 'all';
  search?: string;
  tag?: string;
  tagMode: 'all' | 'any' | 'none';
  as?: string;
  json: boolean;
}

export function chatListCommand(f: Factory, run = chatList): Command {
  return new Command('list')
    .alias('ls')
    .description(t`List the chats you can see, most recent first`)
    .option('--mine', t`only chats assigned to you`)
    .option('--unassigned', t`only chats assigned to nobody`)
    .option('--all', t`every chat of the team (needs chats.view_all; without a filter you get every chat you may see)`)
    .option('--dept <name>', t`only chats assigned to a department`)
    .addOption(new Option('--status <status>', t`open, closed or all`).choices(['open', 'closed', 'all']).default('open'))
    .option('--search <text>', t`match name, number or message text`)
    .option('--tag <names>', t`only chats wearing these tags (comma-separated names, see \`guru tag list\`)`)
    .addOption(
      new Option('--tag-mode <mode>', t`with --tag: chats wearing all of them, any of them, or none of them`).choices(['all', 'any', 'none']).default('all'),
    )
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText(
      'after',
      examples(
        'guru chat list --mine',
        'guru chat list --unassigned --json',
        'guru chat list --search pedido --status all',
        'guru chat list --tag Urgente,Novo --tag-mode any',
      ),
    )
    .action((opts: ChatListOptions) => run(f, opts));
}

export async function chatList(f: Factory, opts: ChatListOptions): Promise<void> {
  if ([opts.mine, opts.unassigned, opts.all, opts.dept !== undefined].filter(Boolean).length > 1) {
    throw usage(t`pick one of --mine, --unassigned, --all or --dept`);
  }
  const client = (await f.daemon('session', opts.as)).operations();
  const { chats, partial } = await client.chats.search({
    all: opts.all,
    mine: opts.mine,
    unassigned: opts.unassigned,
    dept: opts.dept,
    status: opts.status,
    search: opts.search,
    ...(opts.tag === undefined ? {} : { tags: tagNames(opts.tag), tagMode: opts.tagMode }),
  });
  // On stderr, so --json stays the list it always was.
  if (partial)
    f.io.err(
      `${t`Partial result: the search of older messages hit its time limit, so older chats may be missing — use more specific words or a filter (--mine, --dept, --status).`}\n`,
    );
  printResult(f.io, opts, chats, () => {
    if (chats.length === 0 && f.io.isStdoutTTY) return void f.io.err(`${t`No chats match.`}\n`);
    printTable(f.io, chatColumns(), chats, f.now());
  });
}

/** `--tag A,B` as names; an empty list is a usage error rather than "every chat". */
function tagNames(list: string): string[] {
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) throw usage(t`--tag needs at least one tag name (comma-separated: --tag Urgente,Novo) — see \`guru tag list\``);
  return names;
}
