import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples } from '../../cli/command-helpers.js';
import { printFields } from '../../cli/table.js';
import { formatSize } from '../../core/chats/content.js';
import type { DaemonStatus } from '../../api/protocol.js';
import { linkStateText } from '../phone/status.js';

export function daemonStatusCommand(f: Factory, run = daemonStatus): Command {
  return new Command('status')
    .description('Show whether the daemon runs, its pid, uptime, version, network address and certificate fingerprint, and each phone’s link state')
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
        ['State', 'running'],
        ['PID', status.pid],
        ['Version', status.version],
        ['Started', { time: status.startedAt }],
        ['Socket', status.socket],
        ...network(status.listen),
        ['Log', status.log],
        ['Online', status.online.join(', ') || null],
        ...media(status.media),
        ...status.phones.map((p): [string, string] => [`Phone ${p.number}`, `${linkStateText(p)}${p.label ? ` (${p.label})` : ''}`]),
      ],
      f.now(),
    );
  });
}

/** The media store's row: what it keeps, against the quota; and the warning, from 80 % of it on. */
function media(usage: DaemonStatus['media']): [string, string][] {
  if (!usage) return [];
  const kept = `${formatSize(usage.bytes)} in ${usage.files} file${usage.files === 1 ? '' : 's'}`;
  const row: [string, string] = ['Media', usage.quota === null ? `${kept} (no quota)` : `${kept} of ${formatSize(usage.quota)} (${usage.percent}%)`];
  return usage.warning ? [row, ['Warning', usage.warning]] : [row];
}

/** The network door's rows, when there is one: where, and the fingerprint clients pin. */
function network(listen: DaemonStatus['listen']): [string, string][] {
  if (!listen) return [];
  if (!listen.tls) return [['Listen', `http://${listen.address} (no TLS: for a reverse proxy)`]];
  return [
    ['Listen', `https://${listen.address}`],
    ['Fingerprint', listen.fingerprint ?? ''],
  ];
}
