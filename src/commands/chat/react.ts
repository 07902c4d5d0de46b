import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import { describeSendOutcome } from './send.js';
import { t } from '../../i18n/translate.js';

export interface ChatReactOptions {
  remove: boolean;
  as?: string;
  json: boolean;
}

export function chatReactCommand(f: Factory, run = chatReact): Command {
  return new Command('react')
    .description(t`React to a message with an emoji, as WhatsApp shows under it (or take your reaction back)`)
    .argument('<message>', t`the message id (\`guru chat show <chat>\` lists them)`)
    .argument('[emoji]', t`one emoji, like 👍`)
    .option('--remove', t`take your reaction to the message back`, false)
    .addOption(asOption())
    .addOption(jsonFlag(t`the reaction message`))
    .addHelpText('after', examples('guru chat react 3EB0A1B2C3D4E5F60718 👍', 'guru chat react 3EB0A1B2C3D4E5F60718 --remove'))
    .action((message: string, emoji: string | undefined, opts: ChatReactOptions) => run(f, message, emoji, opts));
}

export async function chatReact(f: Factory, id: string, emoji: string | undefined, opts: ChatReactOptions): Promise<void> {
  if ((emoji === undefined || emoji.trim() === '') === !opts.remove)
    throw usage(t`give one emoji to react with, or --remove to take your reaction back (not both)`);
  const ops = (await f.daemon('session', opts.as)).operations();
  const message = await ops.chats.react(id, opts.remove ? '' : emoji!, { key: randomUUID() });
  const what = opts.remove ? t`the removal of your reaction to ${id}` : t`${emoji!.trim()} to ${id}`;
  printResult(f.io, opts, message, () => success(f.io, describeSendOutcome(message.status, what)));
}
