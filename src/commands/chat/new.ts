import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import type { ChatStartView } from '../../core/chats/views.js';
import { usage } from '../../core/errors.js';
import { statusText } from './format.js';
import { describeSendOutcome } from './send.js';
import { t } from '../../i18n/translate.js';

export interface ChatNewOptions {
  stdin: boolean;
  phone?: string;
  as?: string;
  json: boolean;
}

export function chatNewCommand(f: Factory, run = chatNew): Command {
  return new Command('new')
    .description(t`Start a conversation with a customer's number (checked on WhatsApp first); the chat is yours`)
    .argument('<number>', t`the customer's number, with country code (+55 11 90000-1111)`)
    .argument('[text]', t`a first message (or --stdin); without one the chat just opens`)
    .option('--stdin', t`read the first message from stdin (multi-line)`, false)
    .option('--phone <number|label>', t`the phone to write from (needed when there are several)`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the chat, whether it is new, and the first message`))
    .addHelpText(
      'after',
      examples(
        'guru chat new +5511900001111 "Olá! Aqui é a Acme, sobre o seu pedido."',
        'guru chat new "+55 11 90000-1111" --phone Vendas',
        'cat msg.txt | guru chat new +5511900001111 --stdin --json',
      ),
    )
    .action((number: string, text: string | undefined, opts: ChatNewOptions) => run(f, number, text, opts));
}

export async function chatNew(f: Factory, number: string, text: string | undefined, opts: ChatNewOptions): Promise<void> {
  if (text !== undefined && opts.stdin) throw usage(t`give the first message as an argument or with --stdin, not both`);
  const first = opts.stdin ? (await f.io.readStdin()).replace(/\r?\n$/, '') : text;
  // One idempotency key per invocation: should the request be retried, the first message is sent once.
  const started = await (await f.daemon('session', opts.as))
    .operations()
    .chats.start(number, first, { ...(opts.phone === undefined ? {} : { phone: opts.phone }), key: randomUUID() });
  printResult(f.io, opts, started, () => {
    success(f.io, describeStart(started));
    if (started.message) success(f.io, describeSendOutcome(started.message.status, t`to ${started.chat.id} (${started.message.id})`));
  });
}

/** "Started chat k3f9x2ab with +5511… on +5511…, assigned to you", or which chat was reused. */
export function describeStart({ chat, created }: ChatStartView): string {
  const customer = chat.name ? `${chat.name} (${chat.customer})` : chat.customer;
  if (created) return t`Started chat ${chat.id} with ${customer} on ${chat.phone}, assigned to you`;
  const assignee = chat.assignee ? t`assigned to ${chat.assignee.name}` : t`unassigned`;
  return t`Opened the existing chat ${chat.id} with ${customer} on ${chat.phone} (${statusText(chat.status)}, ${assignee})`;
}
