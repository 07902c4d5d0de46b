import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printTable, type Column } from '../../cli/table.js';
import type { PhoneStatus } from '../../api/protocol.js';
import { normalizePhoneNumber } from '../../core/phone-number.js';
import { notFound } from '../../core/errors.js';
import { plural, t } from '../../i18n/translate.js';
import { linkStateWord } from '../../core/link.js';

const columns = (): Column<PhoneStatus>[] => [
  { header: t`Number`, cell: (p) => p.number },
  { header: t`Label`, cell: (p) => p.label },
  { header: t`State`, cell: (p) => linkStateText(p) },
];

export const chatCount = (n: number) => plural(n, t`${n} chat`, t`${n} chats`);
export const messageCount = (n: number) => plural(n, t`${n} message`, t`${n} messages`);

/** A phone's link state as people read it: while syncing, how far (`syncing 40% · 12 chats · 340 messages`). */
export function linkStateText(p: Pick<PhoneStatus, 'linkState' | 'sync'>): string {
  if (p.linkState !== 'syncing' || !p.sync) return linkStateWord(p.linkState);
  const { progress, chats, messages } = p.sync;
  return `${linkStateWord('syncing')} ${progress}% · ${chatCount(chats)} · ${messageCount(messages)}`;
}

export function phoneStatusCommand(f: Factory, run = phoneStatus): Command {
  return new Command('status')
    .description(t`Each phone's live WhatsApp link state, as the daemon sees it (while syncing: progress, chats and messages so far)`)
    .argument('[number]', t`only this phone`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru phone status', 'guru phone status +5511999990000 --json'))
    .action((number: string | undefined, opts: { json: boolean }) => run(f, number, opts));
}

export async function phoneStatus(f: Factory, number: string | undefined, opts: { json: boolean }): Promise<void> {
  let phones = (await (await f.daemon('admin')).status()).phones;
  if (number !== undefined) {
    const wanted = normalizePhoneNumber(number);
    phones = phones.filter((p) => p.number === wanted);
    if (phones.length === 0) throw notFound(t`phone ${wanted} is not registered — see \`guru phone list\``);
  }
  printResult(f.io, opts, number !== undefined ? phones[0] : phones, () => printTable(f.io, columns(), phones, f.now()));
}
