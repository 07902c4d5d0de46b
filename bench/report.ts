import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cleanup, GURU_BIN, tempDir, type Figure } from './lib.js';
import { seedHome, seedJournal } from './seed.js';

/** Prints the process's peak RSS (KB) on stderr as it exits: how a child's memory is read here. */
const PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;

/**
 * 8. `guru report` over a big journal (no daemon: the command reads the journal itself), its
 * time and peak memory. The baseline is the floor of any one-pass report: a process that only
 * streams the same journal and parses each line.
 */
export async function report(quick: boolean): Promise<Figure[]> {
  const messages = quick ? 100_000 : 1_000_000;
  const dir = await tempDir('guru-bench-report-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  await seedJournal(home, 5_000, messages);
  try {
    const floor = await timed(['--import', PEAK_RSS, '--input-type=module', '-e', PARSE_ONLY, join(home, 'journal')], {});
    const run = await timed(['--import', PEAK_RSS, GURU_BIN, 'report', '--since', '3650d', '--by', 'agent', '--json'], { GURU_HOME: home });
    const label = `${(messages / 1000).toLocaleString('en')}k journaled messages`;
    return [
      {
        name: `report: guru report --by agent, ${label}`,
        value: run.ms,
        unit: 'ms',
        baseline: { name: 'stream and parse every line', value: floor.ms },
        goal: { text: '≤ 3× baseline', met: run.ms <= 3 * floor.ms },
        note: `${(run.ms / floor.ms).toFixed(1)}×`,
      },
      {
        name: `report: peak RSS, ${label}`,
        value: run.rssMb,
        unit: 'MB',
        baseline: { name: 'stream and parse every line', value: floor.rssMb },
        goal: { text: '≤ 200 MB', met: run.rssMb <= 200 },
      },
    ];
  } finally {
    await cleanup(dir);
  }
}

/** Every line of every journal file in the dir, parsed and dropped: the least a one-pass report does. */
const PARSE_ONLY = `
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
const dir = process.argv[1];
let n = 0;
for (const name of (await readdir(dir)).filter((f) => f.endsWith('.jsonl'))) {
  let carry = '';
  for await (const chunk of createReadStream(join(dir, name), { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (carry + chunk).split('\\n');
    carry = lines.pop();
    for (const line of lines) if (line) n += JSON.parse(line).type.length > 0 ? 1 : 0;
  }
}
process.stdout.write(String(n));
`;

function timed(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; rssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, NODE_ENV: 'production', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const kb = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      if (code !== 0 || Number.isNaN(kb)) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, rssMb: kb / 1024 });
    });
  });
}
