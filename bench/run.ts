import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coldStart } from './cold-start.js';
import { history } from './history.js';
import { inbox } from './inbox.js';
import { ingest } from './ingest.js';
import { format, machine, ROOT, type Figure } from './lib.js';
import { remote } from './remote.js';
import { restart } from './restart.js';

/**
 * `npm run bench` (`-- --quick` for the under-a-minute smoke run a test keeps alive): each
 * figure beside its baseline from the same run, printed and written to docs/PERFORMANCE.md.
 * `-- --only history,inbox` runs just those parts, printed only (a partial report would
 * overwrite the whole one).
 */
const PARTS = { 'cold-start': coldStart, ingest, history, restart, inbox, remote } as const;
type Part = keyof typeof PARTS;

const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : null;
const unknown = only?.filter((p) => !(p in PARTS)) ?? [];
if (only?.length === 0 || unknown.length) {
  process.stderr.write(`--only takes a comma-separated list of ${Object.keys(PARTS).join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}\n`);
  process.exit(2);
}
const output = process.argv.includes('--no-write') || only ? null : join(ROOT, 'docs', quick ? 'PERFORMANCE.quick.md' : 'PERFORMANCE.md');

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
const report = [
  `# Performance${quick ? ' (quick run)' : ''}`,
  '',
  `Measured ${when} by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${machine()}.`,
  'Each figure stands beside its baseline measured in the same run.',
  '',
  '| | figure | value | baseline | goal |',
  '|---|---|---|---|---|',
  ...figures.map(
    (f) =>
      `| ${f.goal.met ? 'ok' : '**miss**'} | ${f.name} | ${Math.round(f.value * 100) / 100} ${f.unit} | ${f.baseline ? `${f.baseline.name}: ${Math.round(f.baseline.value * 100) / 100} ${f.unit}` : '—'} | ${f.goal.text}${f.note ? ` (${f.note})` : ''} |`,
  ),
  '',
].join('\n');
if (output) await writeFile(output, report);
process.stderr.write(`${figures.filter((f) => !f.goal.met).length} of ${figures.length} goals missed${output ? ` — written to ${output}` : ''}\n`);
