import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coldStart } from './cold-start.js';
import { erase } from './erase.js';
import { history } from './history.js';
import { inbox } from './inbox.js';
import { ingest } from './ingest.js';
import { media } from './media.js';
import { numbers } from './numbers.js';
import { postgres } from './postgres.js';
import { failover } from './failover.js';
import { deepHistory } from './deep-history.js';
import { format, machine, ROOT, type Figure } from './lib.js';
import { remote } from './remote.js';
import { report as reportPart } from './report.js';
import { restart } from './restart.js';

/**
 * `npm run bench` (`-- --quick` for the under-a-minute smoke run a test keeps alive): each
 * figure beside its baseline from the same run, printed and written to docs/PERFORMANCE.md.
 * `-- --only history,inbox` runs just those parts, printed only (a partial report would
 * overwrite the whole one); with `--merge` too, their rows in docs/PERFORMANCE.md are replaced
 * (or added) and a line says when and how they were measured — the other rows keep theirs.
 */
const PARTS = {
  'cold-start': coldStart,
  ingest,
  history,
  restart,
  inbox,
  remote,
  media,
  report: reportPart,
  numbers,
  erase,
  postgres,
  failover,
  'deep-history': deepHistory,
} as const;
type Part = keyof typeof PARTS;

const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : null;
const unknown = only?.filter((p) => !(p in PARTS)) ?? [];
if (only?.length === 0 || unknown.length) {
  process.stderr.write(`--only takes a comma-separated list of ${Object.keys(PARTS).join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}\n`);
  process.exit(2);
}
const merge = process.argv.includes('--merge');
if (merge && (!only || quick)) {
  process.stderr.write('--merge goes with --only (the parts to re-measure), and not with --quick\n');
  process.exit(2);
}
const output = process.argv.includes('--no-write') || (only && !merge) ? null : join(ROOT, 'docs', quick ? 'PERFORMANCE.quick.md' : 'PERFORMANCE.md');

const figures: Figure[] = [];
for (const [name, run] of Object.entries(PARTS) as [Part, (typeof PARTS)[Part]][]) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`running ${name}…\n`);
  for (const figure of await run(quick)) {
    figures.push(figure);
    process.stdout.write(`${format(figure)}\n`);
  }
}

const when = new Date().toISOString();
const row = (f: Figure) =>
  `| ${f.goal.met ? 'ok' : '**miss**'} | ${f.name} | ${Math.round(f.value * 100) / 100} ${f.unit} | ${f.baseline ? `${f.baseline.name}: ${Math.round(f.baseline.value * 100) / 100} ${f.unit}` : '—'} | ${f.goal.text}${f.note ? ` (${f.note})` : ''} |`;
const report = [
  `# Performance${quick ? ' (quick run)' : ''}`,
  '',
  `Measured ${when} by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${machine()}.`,
  'Each figure stands beside its baseline measured in the same run.',
  '',
  '| | figure | value | baseline | goal |',
  '|---|---|---|---|---|',
  ...figures.map(row),
  '',
].join('\n');
if (output) await writeFile(output, merge ? merged(await readFile(output, 'utf8')) : report);
process.stderr.write(`${figures.filter((f) => !f.goal.met).length} of ${figures.length} goals missed${output ? ` — written to ${output}` : ''}\n`);

/**
 * The existing report with this run's rows in place of those of the same figure (new ones after
 * the table), and a line saying which parts were re-measured, when and on what.
 */
function merged(existing: string): string {
  const lines = existing.trimEnd().split('\n');
  const nameOf = (line: string) => (line.startsWith('| ') ? line.split(' | ')[1] : undefined);
  const fresh = new Map(figures.map((f) => [f.name, row(f)]));
  const out = lines.map((line) => {
    const name = nameOf(line);
    const replacement = name === undefined ? undefined : fresh.get(name);
    if (replacement === undefined) return line;
    fresh.delete(name!);
    return replacement;
  });
  const lastRow = out.findLastIndex((line) => line.startsWith('|'));
  out.splice(lastRow + 1, 0, ...fresh.values());
  const note = `Re-measured ${when} by \`npm run bench -- --only ${only!.join(',')} --merge\` on ${machine()}: the rows of ${only!.join(', ')}.`;
  // An earlier note for the same parts is replaced, not piled up.
  const kept = out.filter((line) => !(line.startsWith('Re-measured ') && line.includes(`--only ${only!.join(',')} --merge\``)));
  const tableAt = kept.findIndex((line) => line.startsWith('|'));
  kept.splice(tableAt - 1, 0, note);
  return `${kept.join('\n')}\n`;
}
