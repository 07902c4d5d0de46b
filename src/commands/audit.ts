import { Command, InvalidArgumentError } from 'commander';
import type { Factory } from '../cli/factory.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { examples } from '../cli/command-helpers.js';
import { printTable, type Column } from '../cli/table.js';
import type { AuditEntry } from '../core/ports.js';
import { t } from '../i18n/translate.js';

const columns = (): Column<AuditEntry>[] => [
  { header: t`Time`, cell: (e) => ({ time: e.time }) },
  { header: t`Actor`, cell: (e) => e.actor },
  { header: t`Action`, cell: (e) => e.action },
  { header: t`Target`, cell: (e) => e.target },
  { header: t`Details`, cell: (e) => (e.details ? JSON.stringify(e.details) : null) },
];

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--since` takes a duration back from now (30m, 12h, 7d) or a date/time (2026-11-01, ISO 8601). */
export function parseSince(value: string, now = new Date()): Date {
  const relative = /^(\d+)\s*([smhdw])$/.exec(value.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNITS[relative[2]!]!);
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidArgumentError(t`"${value}" is neither a duration (30m, 12h, 7d) nor a date (2026-11-01T09:00)`);
  }
  return new Date(time);
}

export function auditCommand(f: Factory, run = audit): Command {
  return new Command('audit')
    .description(t`The audit trail: every change, who made it and when`)
    .option('--since <when>', t`only entries since a duration ago (30m, 12h, 7d) or a date`, (v) => parseSince(v))
    .addOption(jsonFlag())
    .addHelpText('after', examples('guru audit --since 1d', 'guru audit --since 2026-11-01 --json'))
    .action((opts: { since?: Date; json: boolean }) => run(f, opts));
}

export async function audit(f: Factory, opts: { since?: Date; json: boolean }): Promise<void> {
  const entries = await (await f.client()).audit.list({ since: opts.since });
  printResult(f.io, opts, entries, () => printTable(f.io, columns(), entries, f.now()));
}
