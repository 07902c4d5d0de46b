import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { JSONFilePreset } from 'lowdb/node';
import { Daemon } from '../src/daemon/daemon.js';
import { DEFAULT_WATCH_CAPS } from '../src/daemon/watch-slots.js';
import type { MemoryTransport } from '../src/whatsapp/memory-transport.js';
import { customerMessages, injectAll, startWatchers } from './fan-out.js';
import { cleanup, tempDir, type Figure } from './lib.js';
import { PHONE, seedHome } from './seed.js';

const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 10);

/**
 * 2. Ingest: inbound messages per second through the whole daemon path (transport → dedupe →
 * rodízio → durable journal → fan-out to 10 watch streams), beside a raw JSONL append+fsync of
 * the same records and the naive lowdb pattern at 100k stored messages.
 */
export async function ingest(quick: boolean): Promise<Figure[]> {
  const total = quick ? 5_000 : 50_000;
  const customers = quick ? 500 : 2_000;
  const dir = await tempDir('guru-bench-ingest-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  // Every watcher uses the owner token, as ten inboxes would use ten sessions: room for all of them under the per-user cap.
  const daemon = await Daemon.start({
    home,
    version: '0.1.0',
    presenceGraceMs: 60_000,
    heartbeatMs: 600_000,
    phones: { kind: 'memory' },
    watchCaps: { perUser: Math.max(WATCHERS, DEFAULT_WATCH_CAPS.perUser), total: DEFAULT_WATCH_CAPS.total },
    // The burst here is unthrottled and in-process (no WhatsApp link delivers so fast): the
    // watchers fall behind by more than a live inbox would, and must get every line to finish.
    maxStreamBacklogBytes: 1024 * 1024 * 1024,
  });
  try {
    const transport = daemon.phones.transport(PHONE) as MemoryTransport;
    // The watchers live in another process, as inboxes do: the figure is the daemon's work.
    const watchers = await startWatchers(daemon.paths.socket, ['ab'.repeat(32)], WATCHERS, total);
    const records = customerMessages(total, customers);
    const started = performance.now();
    await injectAll(transport, records);
    // The daemon's part ends when every message is durable and written to every stream; the
    // watchers parsing it all (their CPU, not the daemon's) is reported beside it.
    const seconds = (performance.now() - started) / 1000;
    await watchers.allSeen();
    const deliveredSeconds = (performance.now() - started) / 1000;
    watchers.stop();
    const rate = total / seconds;
    const commits = daemon.store.journal.commits;

    const raw = await rawAppendRate(join(dir, 'raw.jsonl'), records);
    const naive = await naiveLowdbRate(join(dir, 'naive.json'), quick ? 10_000 : 100_000, quick ? 5 : 10);
    return [
      {
        name: `ingest: daemon path, ${total.toLocaleString('en')} msgs, ${WATCHERS} watchers`,
        value: rate,
        unit: 'msg/s',
        baseline: { name: 'raw JSONL append+fsync', value: raw },
        goal: { text: `≥ 10k msg/s and ≥ 0.2× raw (${(rate / raw).toFixed(2)}×)`, met: rate >= 10_000 && rate >= 0.2 * raw },
        note: `${commits} fsync rounds; the ${WATCHERS} watchers had parsed every event after ${deliveredSeconds.toFixed(2)} s`,
      },
      {
        name: `ingest: vs naive lowdb push+write at ${quick ? '10k' : '100k'} stored`,
        value: rate,
        unit: 'msg/s',
        baseline: { name: 'naive lowdb', value: naive },
        goal: { text: `≥ 100× naive (${Math.round(rate / naive)}×)`, met: rate >= 100 * naive },
      },
    ];
  } finally {
    await daemon.stop('bench done');
    await cleanup(dir);
  }
}

/** The physical limit: the same records appended as JSON lines, 256 per write+fsync. */
async function rawAppendRate(file: string, records: object[]): Promise<number> {
  const handle = await open(file, 'a', 0o600);
  const started = performance.now();
  for (let i = 0; i < records.length; i += 256) {
    await handle.write(
      records
        .slice(i, i + 256)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    );
    await handle.datasync();
  }
  const seconds = (performance.now() - started) / 1000;
  await handle.close();
  return records.length / seconds;
}

/** What the peers do: keep messages in lowdb and rewrite the whole file per message. */
async function naiveLowdbRate(file: string, stored: number, writes: number): Promise<number> {
  const db = await JSONFilePreset<{ messages: object[] }>(file, { messages: [] });
  db.data.messages = Array.from({ length: stored }, (_, i) => ({
    id: `OLD${i}`,
    from: '5511900000000@s.whatsapp.net',
    text: `mensagem antiga ${i}`,
    time: new Date().toISOString(),
  }));
  await db.write();
  const started = performance.now();
  for (let i = 0; i < writes; i++) {
    db.data.messages.push({ id: `NEW${i}`, from: '5511900000000@s.whatsapp.net', text: `mensagem nova ${i}`, time: new Date().toISOString() });
    await db.write();
  }
  return writes / ((performance.now() - started) / 1000);
}
