import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printFields } from '../../cli/table.js';
import { formatSize } from '../../core/chats/content.js';
import type { DaemonStatus } from '../../api/protocol.js';
import { linkStateText } from '../phone/status.js';
import { presenceList } from '../../core/availability.js';
import { plural, t } from '../../i18n/translate.js';

export function daemonStatusCommand(f: Factory, run = daemonStatus): Command {
  return new Command('status')
    .description(t`Show whether the daemon runs, its pid, uptime, version, network address and certificate fingerprint, and each phone’s link state`)
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru daemon status', 'guru daemon status --json'))
    .action((opts: { json: boolean }) => run(f, opts));
}

export async function daemonStatus(f: Factory, opts: { json: boolean }): Promise<void> {
  const status = await (await f.daemon('owner')).status();
  printResult(f.io, opts, status, () => {
    printFields(
      f.io,
      [
        [t`State`, t`running`],
        ['PID', status.pid],
        [t`Version`, status.version],
        [t`Started`, { time: status.startedAt }],
        ['Socket', status.socket],
        [t`Store`, status.store ? (status.store.kind === 'postgres' ? t`PostgreSQL ${status.store.where}` : t`files in ${status.store.where}`) : null],
        ...network(status.listen),
        ['Log', status.log],
        [t`Online`, presenceList(status.online, status.availability ?? {}) || null],
        ...media(status.media),
        ...status.phones.map((p): [string, string] => [t`Phone ${p.number}`, `${held(status, p.number) ?? linkStateText(p)}${p.label ? ` (${p.label})` : ''}`]),
      ],
      f.now(),
    );
  });
}

/** With several daemons: a number held by another daemon says which (its link state is theirs to show). */
function held(status: DaemonStatus, phone: string): string | null {
  const lease = status.leases?.find((l) => l.phone === phone);
  if (!lease || lease.here) return null;
  return lease.live ? t`held by the daemon on ${lease.holder}` : t`waiting for a daemon to take it over`;
}

/** The media store's row: what it keeps, against the quota; and the warning, from 80 % of it on. */
function media(usage: DaemonStatus['media']): [string, string][] {
  if (!usage) return [];
  const size = formatSize(usage.bytes);
  const n = usage.files;
  const kept = plural(n, t`${size} in ${n} file`, t`${size} in ${n} files`);
  const row: [string, string] = [t`Media`, usage.quota === null ? t`${kept} (no quota)` : t`${kept} of ${formatSize(usage.quota)} (${usage.percent}%)`];
  return usage.warning ? [row, [t`Warning`, usage.warning]] : [row];
}

/** The network door's rows, when there is one: where, and the fingerprint clients pin. */
function network(listen: DaemonStatus['listen']): [string, string][] {
  if (!listen) return [];
  if (!listen.tls) return [[t`Listen`, t`http://${listen.address} (no TLS: for a reverse proxy)`]];
  return [
    [t`Listen`, `https://${listen.address}`],
    ['Fingerprint', listen.fingerprint ?? ''],
  ];
}
