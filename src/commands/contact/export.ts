import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { defaultName, safeFileName, saveInto } from '../../cli/save-file.js';
import { usage } from '../../core/errors.js';
import type { CustomerExport } from '../../core/ops/contact-privacy.js';
import { t } from '../../i18n/translate.js';

export interface ContactExportOptions {
  out?: string;
  as?: string;
  json: boolean;
}

/** What `--json` prints: where the export went and what it holds. */
export interface ExportDone {
  customer: string;
  dir: string;
  chats: number;
  messages: number;
  files: number;
  /** Messages whose file Guru does not keep (left on WhatsApp, unavailable, pruned). */
  filesNotKept: number;
}

export function contactExportCommand(f: Factory, run = contactExport): Command {
  return new Command('export')
    .description(t`Everything Guru holds about a customer (LGPD), as JSON and their files, in a new directory (needs contacts.privacy)`)
    .argument('<number>', t`the customer's number (or a chat id)`)
    .option('--out <dir>', t`the directory to create (default: guru-export-<number>-<date> here); it must not exist, or be empty`)
    .addOption(asOption())
    .addOption(jsonFlag(t`where it went and what it holds`))
    .addHelpText('after', examples('guru contact export +5511988887777', 'guru contact export +5511988887777 --out /secure/pedido-123'))
    .action((number: string, opts: ContactExportOptions) => run(f, number, opts));
}

export async function contactExport(f: Factory, number: string, opts: ContactExportOptions): Promise<void> {
  const operations = (await f.daemon('session', opts.as)).operations();
  const data = await operations.contacts.export(number);
  const dir = resolve(opts.out ?? `guru-export-${data.customer.replace(/\D/g, '')}-${data.exportedAt.slice(0, 10)}`);
  await emptyDirectory(dir);
  const files: Record<string, string> = {};
  let notKept = 0;
  for (const chat of data.chats) {
    for (const message of chat.messages) {
      if (!message.media) continue;
      if (message.media.state !== 'stored') {
        notKept += 1;
        continue;
      }
      const file = await operations.chats.media(message.id);
      const path = await saveInto(join(dir, 'media'), safeFileName(file.fileName, defaultName(message.id, file.contentType)), file.body);
      files[message.id] = path.slice(dir.length + 1);
    }
  }
  // The files beside the messages that carried them: `files` maps a message id to its path here.
  await writeFile(join(dir, 'customer.json'), `${JSON.stringify({ ...data, files }, null, 2)}\n`, { mode: 0o600 });
  await writeFile(join(dir, 'README.txt'), readme(data, Object.keys(files).length, notKept), { mode: 0o600 });
  const done: ExportDone = {
    customer: data.customer,
    dir,
    chats: data.chats.length,
    messages: data.chats.reduce((sum, c) => sum + c.messages.length, 0),
    files: Object.keys(files).length,
    filesNotKept: notKept,
  };
  printResult(f.io, opts, done, () =>
    success(f.io, t`Exported ${done.customer}: ${done.chats} chats, ${done.messages} messages and notes, ${done.files} files — in ${dir}`),
  );
}

/** Creates `dir` (0700), or takes it if it exists empty: an export never mixes with other files. */
async function emptyDirectory(dir: string): Promise<void> {
  const existing = await readdir(dir).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  if (existing && existing.length > 0) throw usage(t`${dir} is not empty — give a new directory with --out`);
  await mkdir(join(dir, 'media'), { recursive: true, mode: 0o700 });
}

/** What the directory holds, in Portuguese and in English: it goes to the customer as it is. */
function readme(data: CustomerExport, files: number, notKept: number): string {
  return `Dados de ${data.customer} mantidos pela equipe (Guru)
Exportado em ${data.exportedAt} por ${data.exportedBy}.

- customer.json: as conversas (cada mensagem e nota interna, com autor e horário), etiquetas,
  a quem cada conversa foi atribuída e por quê (rodízio), o contato (nome e campos) e os
  registros de auditoria que citam este cliente. "files" liga cada mensagem ao seu arquivo.
- media/: ${files} arquivo(s) (fotos, áudios, documentos). ${notKept} arquivo(s) citados nas
  mensagens não estão guardados (ficaram no WhatsApp, indisponíveis ou removidos).

Data about ${data.customer} kept by the team (Guru)
Exported at ${data.exportedAt} by ${data.exportedBy}.

- customer.json: the conversations (every message and internal note, with author and time),
  tags, who each conversation was assigned to and why (the rodízio), the contact (name and
  fields) and the audit entries that name this customer. "files" maps a message to its file.
- media/: ${files} file(s) (photos, voice notes, documents). ${notKept} file(s) the messages
  mention are not kept (left on WhatsApp, unavailable or removed).
`;
}
