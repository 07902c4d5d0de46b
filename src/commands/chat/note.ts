import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { sanitiseField as field } from '../../cli/sanitise.js';
import { usage } from '../../core/errors.js';
import type { NoteResult } from '../../core/ops/notes.js';
import { t } from '../../i18n/translate.js';

export interface ChatNoteOptions {
  stdin: boolean;
  as?: string;
  json: boolean;
}

export function chatNoteCommand(f: Factory, run = chatNote): Command {
  return new Command('note')
    .description(t`Write an internal note in a chat: the team sees it in the chat, the customer never does; @name tells a colleague`)
    .argument('<chat>', t`the chat id, or the customer's number`)
    .argument('[text]', t`the note (or --stdin); @bia mentions a colleague by e-mail first part or first name`)
    .option('--stdin', t`read the note from stdin (multi-line)`, false)
    .addOption(asOption())
    .addOption(jsonFlag(t`the note and who it mentioned`))
    .addHelpText(
      'after',
      examples('guru chat note k3f9x2ab "Cliente pediu desconto de 10% — @bia pode aprovar?"', 'cat resumo.txt | guru chat note +5511977776666 --stdin'),
    )
    .action((chat: string, text: string | undefined, opts: ChatNoteOptions) => run(f, chat, text, opts));
}

export async function chatNote(f: Factory, chat: string, text: string | undefined, opts: ChatNoteOptions): Promise<void> {
  if ((text === undefined) === !opts.stdin) throw usage(t`give the note as an argument or with --stdin (not both)`);
  const body = opts.stdin ? (await f.io.readStdin()).replace(/\r?\n$/, '') : text!;
  const ops = (await f.daemon('session', opts.as)).operations();
  const result = await ops.notes.add(chat, body);
  printResult(f.io, opts, result, () => success(f.io, describeNote(chat, result)));
}

/** "Noted in k3f9x2ab (note_…); told Bia" — and who was named but cannot see the chat. */
export function describeNote(chat: string, result: NoteResult): string {
  const told = result.mentions.filter((m) => m.notified).map((m) => m.name);
  const unseen = result.mentions.filter((m) => !m.notified).map((m) => m.name);
  const parts = [t`Noted in ${field(chat)} (${field(result.note.id)}) — only the team sees it`];
  if (told.length) parts.push(t`told ${field(told.join(', '))}`);
  if (unseen.length) parts.push(t`not told (cannot see this chat, or wrote it): ${field(unseen.join(', '))}`);
  return parts.join('; ');
}
