import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';

export interface ChatSendOptions {
  stdin: boolean;
  as?: string;
  json: boolean;
}

export function chatSendCommand(f: Factory, run = chatSend): Command {
  return new Command('send')
    .description('Reply in a chat; your visible name is put above the text as a signature')
    .argument('<chat>', "the chat id, or the customer's number")
    .argument('[text]', 'the message (or --stdin)')
    .option('--stdin', 'read the message from stdin (multi-line)', false)
    .addOption(asOption())
    .addOption(jsonFlag('the sent message'))
    .addHelpText('after', examples('guru chat send k3f9x2ab "Olá! Já verifico seu pedido."', 'cat reply.txt | guru chat send k3f9x2ab --stdin'))
    .action((chat: string, text: string | undefined, opts: ChatSendOptions) => run(f, chat, text, opts));
}

export async function chatSend(f: Factory, chat: string, text: string | undefined, opts: ChatSendOptions): Promise<void> {
  if ((text === undefined) === !opts.stdin) throw usage('give the message as an argument or with --stdin (not both)');
  const body = opts.stdin ? (await f.io.readStdin()).replace(/\r?\n$/, '') : text!;
  // One idempotency key per invocation: should the request be retried, the message is sent once.
  const message = await (await f.daemon('session', opts.as)).operations().chats.send(chat, body, { key: randomUUID() });
  printResult(f.io, opts, message, () => success(f.io, describeSendOutcome(message.status, `to ${chat} (${message.id})`)));
}

/** What became of a send: sent, or waiting in the outbox for the phone (no error: it leaves by itself). */
export function describeSendOutcome(status: string | null, what: string): string {
  if (status === 'pending') return `Queued ${what}: the phone is not connected right now; it is sent as soon as it is (\`guru chat show\` follows it)`;
  return `Sent ${what}`;
}
