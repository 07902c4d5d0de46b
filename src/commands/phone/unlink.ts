import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, success } from '../../cli/command-helpers.js';
import { normalizePhoneNumber } from '../../core/phone-number.js';
import { unlinkedNote } from './remove.js';
import { t } from '../../i18n/translate.js';

export function phoneUnlinkCommand(f: Factory, run = phoneUnlink): Command {
  return new Command('unlink')
    .description(t`Log the companion device out of WhatsApp and forget its credentials (needs the daemon); the phone stays registered`)
    .argument('<number>', t`the phone number`)
    .addHelpText('after', examples('guru phone unlink +5511999990000'))
    .action((number: string) => run(f, number));
}

export async function phoneUnlink(f: Factory, number: string): Promise<void> {
  const { loggedOut } = await (await f.daemon('admin')).unlink(number);
  const phone = normalizePhoneNumber(number);
  success(f.io, t`Unlinked ${phone}`);
  unlinkedNote(f.io, phone, loggedOut);
}
