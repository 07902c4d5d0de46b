import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, isAlive, memoryPhone, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';
import { initStoreFlags, onPostgres } from '../helpers/postgres.js';
import { journalText } from '../helpers/raw-store.js';
import { until } from '../helpers/linked-phone.js';
import { openStores } from '../../src/store/open.js';
import { seededRandom } from '../helpers/random.js';

// `npm test`: 3 trials over 6k messages; `npm run test:soak`: 10 trials over 50k.
const SOAK = process.env.GURU_SOAK === '1';
const TRIALS = SOAK ? 10 : 3;
const TOTAL = SOAK ? 50_000 : 6_000;
const CUSTOMERS = SOAK ? 2_000 : 300;
const IN_FLIGHT = 64;

/**
 * kill -9 of the daemon at random moments while messages stream in, trial after trial: every
 * message the daemon acknowledged is there after each restart, none twice, and the store and
 * journal open every time — also when the previous daemon had left a checkpoint of its index.
 */
describe('kill -9 during ingest', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const env = { GURU_TRANSPORT: 'memory' };
  const message = (i: number) => ({
    id: `MSG${String(i).padStart(6, '0')}`,
    from: `55119${String(i % CUSTOMERS).padStart(8, '0')}@s.whatsapp.net`,
    text: `mensagem ${i}`,
  });

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', ...initStoreFlags(), '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    daemon = await startConnected();
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  /**
   * A daemon started, once its number is connected: over PostgreSQL the number is connected only
   * after its lease is taken, a moment after the API answers — messages sent before would be
   * refused, and a trial could run out of messages before its kill.
   */
  async function startConnected() {
    const started = await startDaemon(home, { env });
    await until('the number connected', async () =>
      (await apiClient(home, ownerToken(home)).status()).phones[0]?.linkState === 'connected' ? true : undefined,
    );
    return started;
  }

  /** Every message id the daemon knows, as the API reports it (chat by chat, older ones read back from the journal). */
  async function storedIds(): Promise<string[]> {
    const client = apiClient(home, ownerToken(home)).operations();
    const chats = await client.chats.list({ status: 'all' });
    const ids: string[] = [];
    for (const chat of chats) ids.push(...(await client.chats.show(chat.id, { limit: 10_000 })).messages.map((m) => m.id));
    return ids;
  }

  /** The phone's journal as kept: the data dir's file, or the rows of the PostgreSQL store. */
  async function journalAsKept(): Promise<string> {
    if (!onPostgres()) return readFile(join(home, 'journal', '5511999990000.jsonl'), 'utf8');
    const url = (await readFile(join(home, 'store.url'), 'utf8')).trim();
    const store = await openStores({ kind: 'postgres', url, home: join(dir, 'reader') });
    try {
      return (await journalText(store, SP)) ?? '';
    } finally {
      await store.close();
    }
  }

  /** Sends messages `from`…`to` (64 in flight) until done or `stop` says so; returns the acknowledged ids. */
  async function ingest(from: number, to: number, stop: (acked: number) => boolean): Promise<Set<string>> {
    const phone = memoryPhone(home, SP);
    const acked = new Set<string>();
    let next = from;
    let stopped = false;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < to && !stopped) {
          const m = message(next++);
          try {
            await phone.write(m);
            acked.add(m.id);
            if (stop(acked.size)) stopped = true;
          } catch {
            // the daemon died under this request: not acknowledged, so not promised
          }
        }
      }),
    );
    return acked;
  }

  it(
    `${TRIALS} trials: every acknowledged message kept exactly once`,
    async () => {
      const seed = Number(process.env.GURU_SEED ?? Date.now() % 100_000);
      const rand = seededRandom(seed);
      const perTrial = Math.floor(TOTAL / TRIALS);
      const promised = new Set<string>();
      let lost = 0;
      let duplicates = 0;
      for (let trial = 0; trial < TRIALS; trial++) {
        // Every other trial starts from a graceful restart, so the crash lands after a checkpoint.
        if (trial % 2 === 1) {
          await daemon.stop();
          daemon = await startConnected();
        }
        const killAt = Math.floor(perTrial * (0.1 + 0.8 * rand()));
        const pid = daemon.pid;
        // The process by its pid and start time: on a busy machine a pid is soon given to another.
        const started = startTime(pid);
        const running = () => isAlive(pid) && startTime(pid) === started;
        const acked = await ingest(trial * perTrial, (trial + 1) * perTrial, (n) => {
          if (n !== killAt) return false;
          process.kill(pid, 'SIGKILL');
          return true;
        });
        // SIGKILL cannot be refused, but on a loaded machine a big process can take seconds to be torn down.
        for (let i = 0; i < 500 && running(); i++) await new Promise((r) => setTimeout(r, 20));
        expect(running()).toBe(false);
        for (const id of acked) promised.add(id);

        daemon = await startConnected(); // store and journal open (a torn tail, if any, repaired)
        const stored = await storedIds();
        const have = new Set(stored);
        lost += [...promised].filter((id) => !have.has(id)).length;
        duplicates += stored.length - have.size;
        expect({ trial, lost, duplicates }).toEqual({ trial, lost: 0, duplicates: 0 });
      }

      // WhatsApp redelivers what it never saw acknowledged — and some it did: all of them, once.
      await ingest(0, TRIALS * perTrial, () => false);
      const final = await storedIds();
      expect(final.length).toBe(TRIALS * perTrial);
      expect(new Set(final).size).toBe(TRIALS * perTrial);
      const lines = (await journalAsKept()).trimEnd().split('\n');
      const journaled = lines
        .map((l) => JSON.parse(l))
        .filter((r) => r.type === 'message')
        .map((r) => r.id);
      expect(journaled.length).toBe(TRIALS * perTrial);
      expect(new Set(journaled).size).toBe(TRIALS * perTrial);
      console.log(
        `kill -9 trials (seed ${seed}): ${TRIALS} trials over ${TRIALS * perTrial} messages, ${promised.size} acknowledged before the kills, lost 0, duplicates 0; after redelivery ${final.length} stored once each`,
      );
    },
    SOAK ? 1_800_000 : 240_000,
  );
});

/** When process `pid` started (clock ticks after boot, /proc/<pid>/stat field 22); null once it is gone. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
