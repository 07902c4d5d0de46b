import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import { openLocalFile } from './local-file.js';
import { sendLater } from './scheduled.js';
import { t } from '../../i18n/translate.js';

export interface ChatSendOptions {
  stdin: boolean;
  file?: string;
  caption?: string;
  replyTo?: string;
  /** A quick reply's shortcut (or id): its text, filled in by the daemon for this chat. */
  quick?: string;
  /** Send later: a time in the team's zone, or ISO with an offset (`sendLater`). */
  at?: string;
  as?: string;
  json: boolean;
}

export function chatSendCommand(f: Factory, run = chatSend): Command {
  return new Command('send')
    .description(t`Reply in a chat with text or a file; your visible name is put above the text (or caption) as a signature`)
    .argument('<chat>', t`the chat id, or the customer's number`)
    .argument('[text]', t`the message (or --stdin, or --file)`)
    .option('--stdin', t`read the message from stdin (multi-line)`, false)
    .option(
      '--file <path>',
      t`send a file: a photo (JPEG/PNG, ≤5 MB), video (MP4, ≤16 MB), audio (≤16 MB; Opus .ogg/.opus goes as a voice note), sticker (WebP, ≤100 KB) or any document (≤100 MB) — the type is told from the content`,
    )
    .option('--caption <text>', t`words under a photo, video or document sent with --file`)
    .option('--quick <shortcut>', t`send a quick reply (\`guru quick list\`), {cliente} and {agente} filled in`)
    .option('--reply-to <message>', t`quote one of the chat’s messages (its id: \`guru chat show <chat>\`)`)
    .option('--at <time>', t`send it later: "2026-12-02 09:00" in the team’s time zone (\`guru account set --tz\`), or ISO with an offset`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the sent message`))
    .addHelpText(
      'after',
      examples(
        'guru chat send k3f9x2ab "Olá! Já verifico seu pedido."',
        'cat reply.txt | guru chat send k3f9x2ab --stdin',
        'guru chat send k3f9x2ab --file boleto.pdf --caption "Segue o boleto"',
        `guru chat send k3f9x2ab --file resposta.ogg          # ${t`a voice note`}`,
        'guru chat send k3f9x2ab "Isso mesmo" --reply-to 3EB0A1B2C3D4E5F60718',
        'guru chat send k3f9x2ab --quick /preco',
        'guru chat send k3f9x2ab "Bom dia! Seu pedido saiu." --at "2026-12-02 09:00"',
      ),
    )
    .action((chat: string, text: string | undefined, opts: ChatSendOptions) => run(f, chat, text, opts));
}

export async function chatSend(f: Factory, chat: string, text: string | undefined, opts: ChatSendOptions): Promise<void> {
  if (opts.quick !== undefined) {
    if (text !== undefined || opts.stdin || opts.file !== undefined || opts.caption !== undefined)
      throw usage(t`--quick sends the quick reply as it is — drop the message, --stdin, --file and --caption (or send them on their own)`);
  } else if (opts.file !== undefined) {
    if (text !== undefined || opts.stdin) throw usage(t`with --file, give the words to go with it as --caption (not as the message or --stdin)`);
  } else {
    if (opts.caption !== undefined) throw usage(t`--caption goes with a file: add --file PATH, or send the words as the message`);
    if ((text === undefined) === !opts.stdin)
      throw usage(t`give the message as an argument or with --stdin (not both), a file with --file, or a quick reply with --quick`);
  }
  if (opts.at !== undefined) {
    if (opts.file !== undefined || opts.replyTo !== undefined || opts.quick !== undefined)
      throw usage(t`--at schedules typed text only: leave out --file, --reply-to and --quick, or send now`);
    return sendLater(f, chat, opts.stdin ? (await f.io.readStdin()).replace(/\r?\n$/, '') : text!, opts.at, opts);
  }
  const ops = (await f.daemon('session', opts.as)).operations();
  // One idempotency key per invocation: should the request be retried, the message is sent once.
  const options = { key: randomUUID(), ...(opts.replyTo === undefined ? {} : { replyTo: opts.replyTo }) };
  let message: Awaited<ReturnType<typeof ops.chats.send>>;
  if (opts.quick !== undefined) {
    message = await ops.chats.send(chat, { quick: opts.quick }, options);
  } else if (opts.file !== undefined) {
    const file = await openLocalFile(opts.file);
    const uploaded = await ops.chats.upload(file.stream).finally(() => file.stream.destroy());
    const caption = opts.caption === undefined ? {} : { caption: opts.caption };
    message = await ops.chats.send(chat, { file: { sha256: uploaded.sha256, fileName: file.name, ...caption } }, options);
  } else {
    const body = opts.stdin ? (await f.io.readStdin()).replace(/\r?\n$/, '') : text!;
    message = await ops.chats.send(chat, body, options);
  }
  const to = t`to ${chat} (${message.id})`;
  const what = message.content.type === 'text' ? to : `${message.text.split(' · ')[0]} ${to}`;
  printResult(f.io, opts, message, () => success(f.io, describeSendOutcome(message.status, what)));
}

/** What became of a send: sent, or waiting in the outbox for the phone (no error: it leaves by itself). */
export function describeSendOutcome(status: string | null, what: string): string {
  if (status === 'pending') return t`Queued ${what}: the phone is not connected right now; it is sent as soon as it is (\`guru chat show\` follows it)`;
  return t`Sent ${what}`;
}
