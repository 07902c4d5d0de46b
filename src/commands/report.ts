import { Command, Option } from 'commander';
import type { Factory } from '../cli/factory.js';
import { asOption, examples } from '../cli/command-helpers.js';
import { jsonFlag, printResult } from '../cli/json.js';
import { printTable, type Column } from '../cli/table.js';
import { usage } from '../core/errors.js';
import type { ReportGrouping } from '../core/reports/conversation-tally.js';
import type { DurationFigures } from '../core/reports/durations.js';
import type { Report, ReportRow } from '../core/ops/reports.js';
import { formatElapsed } from '../i18n/format.js';
import { t } from '../i18n/translate.js';
import { parseSince } from './audit.js';

export interface ReportOptions {
  since?: Date;
  from?: string;
  to?: string;
  by?: ReportGrouping;
  as?: string;
  json: boolean;
  csv: boolean;
}

type Line = Pick<ReportRow, 'label'> & Omit<ReportRow, 'key' | 'label'>;

export function reportCommand(f: Factory, run = report): Command {
  return new Command('report')
    .description(t`Conversations, first response and resolution times, messages and who waits now, over a period`)
    .option('--since <when>', t`the period: from a duration ago (30m, 12h, 7d) or a date, until now (default: 7d)`, (v) => parseSince(v))
    .option('--from <day>', t`the period's first day (2026-11-01) or time, in the account's time zone`)
    .option('--to <day>', t`the period's last day, included (or a time, excluded); default: now`)
    .addOption(new Option('--by <what>', t`one row per agent, department, number, day or hour of the day`).choices(['agent', 'dept', 'phone', 'day', 'hour']))
    .addOption(asOption())
    .addOption(jsonFlag(t`the report`))
    .option('--csv', t`print as CSV (durations in seconds), for a spreadsheet`, false)
    .addHelpText(
      'after',
      `\n${t`First response: from the customer's first unanswered message of a conversation to the first reply by a person (the bot and the out-of-hours reply do not count). Resolution: from a conversation's opening or reopening to its closing. Median and p90; see the README's "Reports".`}\n${examples(
        'guru report',
        'guru report --since 30d --by agent',
        'guru report --from 2026-11-01 --to 2026-11-30 --by dept --csv > novembro.csv',
      )}`,
    )
    .action((opts: ReportOptions) => run(f, opts));
}

export async function report(f: Factory, opts: ReportOptions): Promise<void> {
  if (opts.since && (opts.from || opts.to)) throw usage(t`give either --since or --from/--to, not both`);
  if (opts.json && opts.csv) throw usage(t`give either --json or --csv, not both`);
  // Without --as, whoever this is (the owner, or the admin logged in here), with or without a daemon.
  const client = opts.as === undefined ? await f.client() : (await f.daemon('session', opts.as)).operations();
  const result = await client.reports.summary({
    ...(opts.since ? { from: opts.since.toISOString() } : opts.from ? { from: opts.from } : {}),
    ...(opts.to ? { to: opts.to } : {}),
    ...(opts.by ? { by: opts.by } : {}),
  });
  printResult(f.io, opts, result, () => {
    const lines: Line[] = [...result.rows, { ...result.total, label: t`total` }];
    if (opts.csv) return printCsv(f, result, lines);
    f.io.out(`${t`From ${result.from} to ${result.to} (${result.timeZone})`}\n`);
    printTable(f.io, columns(result.by), lines);
  });
}

function columns(by: ReportGrouping | null): Column<Line>[] {
  const first: Column<Line>[] = by ? [{ header: heading(by), cell: (l) => l.label }] : [{ header: '', cell: (l) => l.label }];
  return [
    ...first,
    { header: t`Opened`, cell: (l) => l.opened },
    { header: t`Reopened`, cell: (l) => l.reopened },
    { header: t`Closed`, cell: (l) => l.closed },
    { header: t`First response (median / p90)`, cell: (l) => pair(l.firstResponse) },
    { header: t`Resolution (median / p90)`, cell: (l) => pair(l.resolution) },
    { header: t`In`, cell: (l) => l.messagesIn },
    { header: t`Out`, cell: (l) => l.messagesOut },
    { header: t`Waiting now`, cell: (l) => (l.waiting.count === 0 ? 0 : `${l.waiting.count} (${t`longest`} ${formatElapsed(l.waiting.longestSeconds!)})`) },
  ];
}

function heading(by: ReportGrouping): string {
  return { agent: t`Agent`, dept: t`Department`, phone: t`Number`, day: t`Day`, hour: t`Hour` }[by];
}

function pair(figures: DurationFigures): string {
  return figures.count === 0 ? '—' : `${formatElapsed(figures.medianSeconds!)} / ${formatElapsed(figures.p90Seconds!)}`;
}

const CSV_HEADER = [
  'group',
  'opened',
  'reopened',
  'closed',
  'first_response_count',
  'first_response_median_s',
  'first_response_p90_s',
  'resolution_count',
  'resolution_median_s',
  'resolution_p90_s',
  'messages_in',
  'messages_out',
  'waiting_now',
  'longest_wait_s',
];

/**
 * RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. A name a
 * spreadsheet would run as a formula (= @, or + - before something not a number) is defused
 * with a leading quote; a number such as +5511… is left as it is.
 */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^([=@\t\r]|[+-](?!\d))/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function printCsv(f: Factory, result: Report, lines: Line[]): void {
  const rows = lines.map((l) => [
    l.label,
    l.opened,
    l.reopened,
    l.closed,
    l.firstResponse.count,
    l.firstResponse.medianSeconds,
    l.firstResponse.p90Seconds,
    l.resolution.count,
    l.resolution.medianSeconds,
    l.resolution.p90Seconds,
    l.messagesIn,
    l.messagesOut,
    l.waiting.count,
    l.waiting.longestSeconds,
  ]);
  const header = [result.by ?? 'period', ...CSV_HEADER.slice(1)];
  f.io.out([header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join(''));
}
