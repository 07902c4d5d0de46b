import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';

export function phoneUnlinkCommand(f: Factory, run = phoneUnlink): Command {
  return new Command('unlink')
    .description('Log the companion device out of WhatsApp and forget its credentials (needs the daemon)')
    .argument('<number>', 'the phone number')
    .addHelpText('after', examples('guru phone unlink +5511999990000'))
    .action((number: string) => run(f, number));
}

export async function phoneUnlink(f: Factory, number: string): Promise<void> {
  await (await f.daemon('owner')).unlink(number);
  success(f.io, `Unlinked ${number}; its WhatsApp credentials are gone`);
}
