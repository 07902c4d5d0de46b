import type { IOStreams } from './io.js';
import { formatAgo, formatDate } from '../i18n/format.js';
import { t } from '../i18n/translate.js';
import { sanitiseField } from './sanitise.js';

/** A cell: plain text, or a timestamp shown relative on a TTY and as ISO when piped. */
export type Cell = string | number | boolean | null | { time: string };

export interface Column<Row> {
  header: string;
  cell(row: Row): Cell;
}

/**
 * gh-style table: on a TTY, a header and columns aligned by two spaces; piped, the same header
 * line then tab-separated rows, no colour and ISO times, so `cut` and `awk` just work. The header
 * is always the first line, even with no rows (`tail -n +2` skips it; `--json` has named fields),
 * so piped yes/no columns are still explained. Each cell is a sanitised field: a line break in a
 * name shows as `⏎` and can never start a row of its own.
 */
export function printTable<Row>(io: IOStreams, columns: Column<Row>[], rows: readonly Row[], now = new Date()): void {
  const tty = io.isStdoutTTY;
  const cells = rows.map((row) => columns.map((c) => render(c.cell(row), tty, now)));
  const headers = columns.map((c) => c.header.toUpperCase());
  if (!tty) {
    for (const line of [headers, ...cells]) io.out(`${line.join('\t')}\n`);
    return;
  }
  const widths = headers.map((h, i) => Math.max(width(h), ...cells.map((line) => width(line[i]!))));
  const format = (line: string[]) =>
    line
      .map((text, i) => (i === line.length - 1 ? text : text + ' '.repeat(widths[i]! - width(text))))
      .join('  ')
      .trimEnd();
  io.out(format(headers), 'bold');
  io.out('\n');
  for (const line of cells) io.out(`${format(line)}\n`);
}

/** Key/value block for `show` commands: aligned on a TTY, tab-separated when piped. */
export function printFields(io: IOStreams, fields: [string, Cell][], now = new Date()): void {
  const tty = io.isStdoutTTY;
  const labelWidth = Math.max(...fields.map(([k]) => width(k)));
  for (const [key, value] of fields) {
    const text = render(value, tty, now);
    if (tty) io.out(key.padEnd(labelWidth), 'bold');
    io.out(tty ? `  ${text}\n` : `${key}\t${text}\n`);
  }
}

function render(cell: Cell, tty: boolean, now: Date): string {
  if (cell === null) return tty ? '-' : '';
  if (typeof cell === 'object') return tty ? relativeTime(cell.time, now) : cell.time;
  if (typeof cell === 'boolean') return cell ? t`yes` : t`no`;
  return sanitiseField(String(cell));
}

// Code points, not UTF-16 units, so "João" and "Conceição" line up.
function width(text: string): number {
  return [...text].length;
}

export function relativeTime(iso: string, now: Date): string {
  const seconds = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 45) return t`just now`;
  if (seconds < 3600) return formatAgo(Math.max(1, Math.round(seconds / 60)), 'minute');
  if (seconds < 86_400) return formatAgo(Math.round(seconds / 3600), 'hour');
  if (seconds < 30 * 86_400) return formatAgo(Math.round(seconds / 86_400), 'day');
  return formatDate(iso);
}
