import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { openFile } from '../../cli/opener.js';
import { defaultName, privateTempDir, safeFileName, saveInto } from '../../cli/save-file.js';
import { formatSize } from '../../core/chats/content.js';
import { usage } from '../../core/errors.js';
import { t } from '../../i18n/translate.js';

export interface ChatMediaOptions {
  save?: string;
  open: boolean;
  stdout: boolean;
  as?: string;
  json: boolean;
}

/** What `--json` prints of a saved (or opened) file. */
export interface SavedMedia {
  messageId: string;
  path: string;
  size: number;
  contentType: string;
  /** The name the sender gave it, as they gave it (the saved name is made safe from it). */
  fileName: string | null;
}

export function chatMediaCommand(f: Factory, run = chatMedia): Command {
  return new Command('media')
    .description(t`Download a message's file (photo, voice note, video, document, sticker): save it, open it, or write it to stdout`)
    .argument('<message>', t`the message id (\`guru chat show <chat>\` lists them beside each attachment)`)
    .option('--save <dir>', t`save it in this directory (default: the current one); an existing file is never overwritten`)
    .option('--open', t`open it with $GURU_OPENER, or the system opener (xdg-open, open)`, false)
    .option('--stdout', t`write the bytes to stdout (for a pipe or a file, never a terminal)`, false)
    .addOption(asOption())
    .addOption(jsonFlag(t`where it was saved`))
    .addHelpText(
      'after',
      examples(
        'guru chat media 3EB0A1B2C3D4E5F60718',
        'guru chat media 3EB0A1B2C3D4E5F60718 --save ~/Downloads',
        'guru chat media 3EB0A1B2C3D4E5F60718 --open',
        'guru chat media 3EB0A1B2C3D4E5F60718 --stdout > boleto.pdf',
      ),
    )
    .action((message: string, opts: ChatMediaOptions) => run(f, message, opts));
}

export async function chatMedia(f: Factory, id: string, opts: ChatMediaOptions): Promise<void> {
  const chosen = [opts.save !== undefined, opts.open, opts.stdout].filter(Boolean).length;
  if (chosen > 1) throw usage(t`choose one of --save DIR, --open and --stdout`);
  if (opts.stdout && opts.json) throw usage(t`--stdout writes the file itself: it takes no --json`);
  if (opts.stdout && f.io.isStdoutTTY) throw usage(t`refusing to write a file to the terminal — redirect it (--stdout > file) or use --save DIR`);
  const file = await (await f.daemon('session', opts.as)).operations().chats.media(id);
  if (opts.stdout) return f.io.bytes(file.body);
  const dir = opts.open ? await privateTempDir() : (opts.save ?? '.');
  const path = await saveInto(dir, safeFileName(file.fileName, defaultName(id, file.contentType)), file.body);
  const saved: SavedMedia = { messageId: id, path, size: file.size, contentType: file.contentType, fileName: file.fileName };
  const opener = opts.open ? await openFile(path, f.env) : null;
  printResult(f.io, opts, saved, () =>
    success(f.io, `${opener ? t`Opened ${path} with ${opener}` : t`Saved ${path}`} (${formatSize(saved.size)}, ${saved.contentType})`),
  );
}
