import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coldStart } from './cold-start.js';
import { ingest } from './ingest.js';
import { format, machine, ROOT, type Figure } from './lib.js';
import { restart } from './restart.js';

/**
 * `npm run bench` (`-- --quick` for the under-a-minute smoke run a test keeps alive): each
 * figure beside its baseline from the same run, printed and written to docs/PERFORMANCE.md.
 */
const quick = process.argv.includes('--quick');
const output = process.argv.includes('--no-write') ? null : join(ROOT, 'docs', quick ? 'PERFORMANCE.quick.md' : 'PERFORMANCE.md');

const figures: Figure[] = [];
for (const [name, run] of [
  ['cold start', coldStart],
  ['ingest', ingest],
  ['restart', restart],
] as const) {
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
  'Not measured yet: history sync through the Baileys adapter (goal ≤ 10 s for 100k messages in 5k chats) and the inbox with 10k chats (first frame ≤ 500 ms, key → frame p95 ≤ 50 ms).',
  '',
].join('\n');
if (output) await writeFile(output, report);
process.stderr.write(`${figures.filter((f) => !f.goal.met).length} of ${figures.length} goals missed${output ? ` — written to ${output}` : ''}\n`);
