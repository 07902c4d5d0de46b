import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { asOption, examples } from '../../cli/command-helpers.js';
import { printTable, type Column } from '../../cli/table.js';
import { GuruError } from '../../core/errors.js';
import { linkStateWord } from '../../core/link.js';
import type { PhoneHealth } from '../../core/phone-health.js';
import { t } from '../../i18n/translate.js';

const columns = (): Column<PhoneHealth>[] => [
  { header: t`Number`, cell: (h) => h.number },
  { header: t`State`, cell: (h) => linkStateWord(h.state) },
  { header: t`Since`, cell: (h) => ({ time: h.since }) },
  { header: t`Drops`, cell: (h) => h.disconnects.count },
  { header: t`Last drop`, cell: (h) => lastDrop(h) },
  { header: t`Undecryptable (recovered)`, cell: (h) => `${h.decrypt.failed} (${h.decrypt.recovered})` },
  { header: t`@lid known`, cell: (h) => h.aliases },
  { header: t`History`, cell: (h) => historyText(h) },
  { header: t`Outbox pending / failed`, cell: (h) => `${h.outbox.pending} / ${h.outbox.failed}` },
];

function lastDrop(h: PhoneHealth): string | null {
  const last = h.disconnects.recent.at(-1);
  return last ? `${last.reason}${last.code !== null ? ` (${last.code})` : ''}` : null;
}

function historyText(h: PhoneHealth): string {
  const { chats, messages, progress } = h.history;
  return t`${chats} chats, ${messages} messages${progress !== null ? ` (${progress}%)` : ''}`;
}

export function phoneHealthCommand(f: Factory, run = phoneHealth): Command {
  return new Command('health')
    .description(
      t`Each number's link health since the daemon started: drops and why, undecryptable messages, @lid numbers known, history taken in, the outbox; exits 4 while one is not connected`,
    )
    .argument('[number]', t`only this number`)
    .addOption(asOption())
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru phone health', 'guru phone health +5511999990000 --json || alert "WhatsApp down"'))
    .action((number: string | undefined, opts: { json: boolean; as?: string }) => run(f, number, opts));
}

export async function phoneHealth(f: Factory, number: string | undefined, opts: { json: boolean; as?: string }): Promise<void> {
  // Without --as: the admin logged in here, or the owner (a monitoring script on the host).
  const health = await (opts.as === undefined ? await f.daemon('admin') : await f.daemon('session', opts.as)).phoneHealth(number);
  await printResult(f.io, opts, number !== undefined ? health[0] : health, () => printTable(f.io, columns(), health, f.now()));
  // For cron and monitoring: the figures are printed, and the exit code says whether all is well.
  const down = health.filter((h) => h.state !== 'connected');
  if (down.length > 0) {
    throw new GuruError('not_linked', down.map((h) => t`${h.number} is not connected (${linkStateWord(h.state)} since ${h.since})`).join('; '));
  }
}
