import { readFile } from 'node:fs/promises';

/** Resident set size of a live process in MB, from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb[1]) / 1024;
}

/**
 * Runs `during` while sampling `pid`'s RSS every 20 ms: what it answered, the RSS before it
 * started and the highest seen meanwhile (how much a big file pushed the daemon's memory up).
 */
export async function peakRssDuring<T>(pid: number, during: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const before = await rssMb(pid);
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssMb(pid).catch(() => peak));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { result: await during(), before, peak };
  } finally {
    sampling = false;
    await sampler;
  }
}
