import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import type { ChatStartView } from '../../core/chats/views.js';
import { usage } from '../../core/errors.js';
import { describeSendOutcome } from './send.js';

export interface ChatNewOptions {
  stdin: boolean;
  phone?: string;
  as?: string;
  json: boolean;
}

export function chatNewCommand(f: Factory, run = chatNew): Command {
  return new Command('new')
    .description("Start a conversation with a customer's number (checked on WhatsApp first); the chat is yours")
    .argument('<number>', "the customer's number, with country code (+55 11 90000-1111)")
    .argument('[text]', 'a first message (or --stdin); without one the chat just opens')
    .option('--stdin', 'read the first message from stdin (multi-line)', false)
    .option('--phone <number|label>', 'the phone to write from (needed when there are several)')
    .addOption(asOption())
    .addOption(jsonFlag('the chat, whether it is new, and the first message'))
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
  if (text !== undefined && opts.stdin) throw usage('give the first message as an argument or with --stdin, not both');
  const first = opts.stdin ? (await f.io.readStdin()).replace(/\r?\n$/, '') : text;
  // One idempotency key per invocation: should the request be retried, the first message is sent once.
  const started = await (await f.daemon('session', opts.as))
    .operations()
    .chats.start(number, first, { ...(opts.phone === undefined ? {} : { phone: opts.phone }), key: randomUUID() });
  printResult(f.io, opts, started, () => {
    success(f.io, describeStart(started));
    if (started.message) success(f.io, describeSendOutcome(started.message.status, `to ${started.chat.id} (${started.message.id})`));
  });
}

/** "Started chat k3f9x2ab with +5511… on +5511…, assigned to you", or which chat was reused. */
export function describeStart({ chat, created }: ChatStartView): string {
  const where = `chat ${chat.id} with ${chat.name ? `${chat.name} (${chat.customer})` : chat.customer} on ${chat.phone}`;
  if (created) return `Started ${where}, assigned to you`;
  return `Opened the existing ${where} (${chat.status}, ${chat.assignee ? `assigned to ${chat.assignee.name}` : 'unassigned'})`;
}
