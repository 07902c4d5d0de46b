import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import type { IOStreams } from '../../cli/io.js';
import { t } from '../../i18n/translate.js';

export interface PhoneRemoveOptions {
  unlink: boolean;
  json: boolean;
}

export function phoneRemoveCommand(f: Factory, run = phoneRemove): Command {
  return new Command('remove')
    .alias('rm')
    .description(t`Unregister a phone and delete its round-robin queue (its chats are kept); a linked phone needs --unlink`)
    .argument('<number>', t`the phone number`)
    .option('--unlink', t`also log its device out of WhatsApp and wipe its credentials (needed when it is linked; needs the daemon)`, false)
    .addOption(jsonFlag(t`the removed phone, with \`unlinked\` and \`loggedOut\``))
    .addHelpText('after', examples('guru phone remove +5511999990000', 'guru phone remove +5511999990000 --unlink'))
    .action((number: string, opts: PhoneRemoveOptions) => run(f, number, opts));
}

export async function phoneRemove(f: Factory, number: string, opts: PhoneRemoveOptions): Promise<void> {
  const phone = await (await f.client()).phones.remove(number, { unlink: opts.unlink });
  printResult(f.io, opts, phone, () => {
    if (!phone.unlinked) return success(f.io, t`Removed phone ${phone.number}; its chats are kept`);
    success(f.io, t`Removed phone ${phone.number} and unlinked it; its chats are kept`);
    unlinkedNote(f.io, phone.number, phone.loggedOut);
  });
}

/** What an unlink did on WhatsApp's side: told it, or could not (the phone still lists the device). */
export function unlinkedNote(io: IOStreams, number: string, loggedOut: boolean): void {
  io.err(
    loggedOut
      ? `  ${t`Its device was logged out of WhatsApp and its credentials are gone; linking ${number} again takes a new QR.`}\n`
      : `  ${t`Its credentials are gone, but WhatsApp could not be told (the phone was not connected): remove the device on the phone too, in WhatsApp › Linked devices.`}\n`,
  );
}
