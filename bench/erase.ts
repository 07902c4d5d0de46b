import { copyFile, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DaemonClient } from '../src/client/http.js';
import { BENCH_TOKEN, cleanup, startBenchDaemon, tempDir, type Figure } from './lib.js';
import { PHONE, seedHome, seedJournal } from './seed.js';

/**
 * 10. Erasing one customer (`guru contact erase`, LGPD) from a big journal, through the daemon:
 * the journal is rewritten without their records and the number's index rebuilt from it. The
 * baseline is the least any rewrite costs: a plain copy of the same journal file (then fsync).
 */
export async function erase(quick: boolean): Promise<Figure[]> {
  const messages = quick ? 100_000 : 1_000_000;
  const chats = 5_000;
  const dir = await tempDir('guru-bench-erase-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  await seedJournal(home, chats, messages);
  const journal = join(home, 'journal', `${PHONE.slice(1)}.jsonl`);
  try {
    const copyMs = await plainCopy(journal, join(dir, 'copy.jsonl'));
    const bytes = (await stat(journal)).size;
    const daemon = await startBenchDaemon(home);
    let ms: number;
    let peakMb: number;
    let idleMb: number;
    try {
      const client = new DaemonClient({ socket: join(home, 'guru.sock'), token: BENCH_TOKEN, version: '0.1.0' });
      const status = async (field: string) =>
        Number(new RegExp(`${field}:\\s+(\\d+)`).exec(await readFile(`/proc/${daemon.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      await new Promise((r) => setTimeout(r, 1_000));
      idleMb = await status('VmRSS');
      // Peak memory from here on (Linux: 5 to clear_refs), after the start's own.
      await writeFile(`/proc/${daemon.pid}/clear_refs`, '5');
      const started = performance.now();
      const erased = await client.operations().contacts.erase('+5511900000000');
      ms = performance.now() - started;
      if (erased.records === 0) throw new Error('the bench erased nothing');
      peakMb = await status('VmHWM');
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
    }
    const label = `${(messages / 1000).toLocaleString('en')}k journaled messages (${Math.round(bytes / 1024 ** 2)} MB)`;
    return [
      {
        name: `erase: one customer out of ${label}`,
        value: ms,
        unit: 'ms',
        baseline: { name: 'copy the journal file', value: copyMs },
        goal: { text: '≤ 10× baseline', met: ms <= 10 * copyMs },
        note: `${(ms / copyMs).toFixed(1)}×`,
      },
      {
        name: `erase: daemon peak RSS while erasing, ${label}`,
        value: peakMb,
        unit: 'MB',
        baseline: { name: 'the same daemon just before', value: idleMb },
        goal: { text: '≤ 1.5× baseline', met: peakMb <= 1.5 * idleMb },
        note: `${(peakMb / idleMb).toFixed(2)}×`,
      },
    ];
  } finally {
    await cleanup(dir);
  }
}

/** `cp` and fsync: the floor of writing a journal anew. */
async function plainCopy(from: string, to: string): Promise<number> {
  const started = performance.now();
  await copyFile(from, to);
  const handle = await open(to, 'r+');
  await handle.sync();
  await handle.close();
  const ms = performance.now() - started;
  await rm(to);
  return ms;
}
