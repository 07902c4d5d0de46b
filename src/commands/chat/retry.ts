import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples, success } from '../../cli/command-helpers.js';
import { describeSendOutcome } from './send.js';
import { t } from '../../i18n/translate.js';

export function chatRetryCommand(f: Factory, run = chatRetry): Command {
  return new Command('retry')
    .description(t`Send a failed message again, under its own id (the customer never gets it twice)`)
    .argument('<message>', t`the message id (\`guru chat show <chat>\` lists them)`)
    .addOption(asOption())
    .addOption(jsonFlag(t`the message, back in the outbox`))
    .addHelpText('after', examples('guru chat retry 3EB0A1B2C3D4E5F60718', 'guru chat retry 3EB0A1B2C3D4E5F60718 --json'))
    .action((message: string, opts: { as?: string; json: boolean }) => run(f, message, opts));
}

export async function chatRetry(f: Factory, id: string, opts: { as?: string; json: boolean }): Promise<void> {
  const message = await (await f.daemon('session', opts.as)).operations().chats.retry(id);
  printResult(f.io, opts, message, () => success(f.io, describeSendOutcome(message.status, t`message ${message.id}`)));
}
