import { join } from 'node:path';
import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { DaemonClient } from '../src/client/http.js';
import { saveSession } from '../src/client/session-file.js';
import { BENCH_TOKEN, cleanup, GURU_BIN, median, percentile, startBenchDaemon, tempDir, type Figure } from './lib.js';
import { PHONE, seedHome, seedJournal } from './seed.js';

const CHATS = 10_000;
/** The small inbox of the baseline: a colleague with 10 chats, on the same daemon. */
const SMALL = 10;
const RATE = 100;
const DOWN = '\u001b[B';
const TOKEN = BENCH_TOKEN;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * 5. Inbox: the built `guru inbox` in a real pseudo-terminal against a real daemon whose agent
 * has 10k chats. Time from spawn to the first frame that shows the chat list (beside a
 * colleague's 10-chat inbox), then ↓ keys one at a time, each timed until the terminal shows
 * the cursor on the next chat — first with nothing arriving, then while customers write
 * 100 msg/s to chats in the list (each one re-sorts it).
 */
export async function inbox(quick: boolean): Promise<Figure[]> {
  const keys = quick ? 25 : 200;
  const starts = quick ? 1 : 3;
  const dir = await tempDir('guru-bench-inbox-');
  const home = join(dir, 'data');
  await seedHome(home, 10);
  // Chats 0–9 are u_1's, the other 10k u_0's (agent0, an admin, whose Mine tab shows them).
  await seedJournal(home, CHATS + SMALL, CHATS + SMALL, (c) => (c < SMALL ? 'u_1' : 'u_0'));
  const daemon = await startBenchDaemon(home);
  try {
    const big = await loggedIn(home, join(dir, 'config-big'), 'agent0@bench.example');
    const small = await loggedIn(home, join(dir, 'config-small'), 'agent1@bench.example');
    const smallFirst = median(await sequence(starts, async () => (await firstFrame(home, small, SMALL, true)).ms));
    const bigStarts = await sequence(starts - 1, async () => (await firstFrame(home, big, CHATS, true)).ms);
    const { ms: last, screen } = await firstFrame(home, big, CHATS, false);
    const bigFirst = median([...bigStarts, last]);
    try {
      await pause(500); // let the first frames and the watch stream settle
      const quiet = await keyLatencies(screen, keys);
      const feeder = feed(new DaemonClient({ socket: join(home, 'guru.sock'), token: TOKEN, version: '0.1.0' }));
      await pause(500);
      const busy = await keyLatencies(screen, keys);
      const fed = await feeder.stop();
      const p95 = percentile(busy, 95);
      const quietP95 = percentile(quiet, 95);
      return [
        {
          name: 'inbox: first frame, 10k chats',
          value: bigFirst,
          unit: 'ms',
          baseline: { name: `${SMALL}-chat inbox`, value: smallFirst },
          goal: { text: `≤ 500 ms (${(bigFirst / smallFirst).toFixed(1)}× baseline)`, met: bigFirst <= 500 },
          note: `median of ${starts}; spawn of the built guru inbox until the list is drawn`,
        },
        {
          name: `inbox: key → frame p95, 10k chats, ${RATE} msg/s arriving`,
          value: p95,
          unit: 'ms',
          baseline: { name: 'p95, nothing arriving', value: quietP95 },
          goal: { text: '≤ 50 ms', met: p95 <= 50 },
          note: `${keys} ↓ keys each; median ${Math.round(median(busy))} ms (quiet ${Math.round(median(quiet))} ms), max ${Math.round(Math.max(...busy))} ms; ${fed.toFixed(0)} msg/s fed`,
        },
      ];
    } finally {
      screen.pty.kill();
    }
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    await cleanup(dir);
  }
}

async function sequence<T>(n: number, run: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}

/** A config dir holding a saved login for `email`, as `guru login` leaves it. */
async function loggedIn(home: string, config: string, email: string): Promise<string> {
  const client = new DaemonClient({ socket: join(home, 'guru.sock'), token: null, version: '0.1.0' });
  const { token } = await client.login(email, 'bench-password');
  await saveSession(home, { token, email, savedAt: new Date().toISOString() }, { XDG_CONFIG_HOME: config });
  return config;
}

/** Spawns `guru inbox` and times it until the list of `chats` chats is on screen. */
async function firstFrame(home: string, config: string, chats: number, close: true): Promise<{ ms: number }>;
async function firstFrame(home: string, config: string, chats: number, close: false): Promise<{ ms: number; screen: Screen }>;
async function firstFrame(home: string, config: string, chats: number, close: boolean): Promise<{ ms: number; screen?: Screen }> {
  const started = performance.now();
  const screen = new Screen({ GURU_HOME: home, XDG_CONFIG_HOME: config, NODE_ENV: 'production' });
  const listed = new RegExp(`\\d+–\\d+ of ${chats}\\b`);
  const at = await screen.until(() => listed.test(screen.text(0)), 30_000);
  if (!close) return { ms: at - started, screen };
  screen.pty.write('q');
  await screen.exited;
  return { ms: at - started };
}

/** `count` ↓ keys, one at a time, each timed until the cursor shows on another chat. */
async function keyLatencies(screen: Screen, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const before = screen.selected(Math.max(0, screen.length - 65_536)); // the last frame or two
    const mark = screen.length;
    const sent = performance.now();
    screen.pty.write(DOWN);
    // Arrivals re-sort the list but the cursor stays on its chat: only the key moves it.
    const at = await screen.until(() => {
      const now = screen.selected(mark);
      return now !== null && now !== before;
    }, 10_000);
    latencies.push(at - sent);
    await pause(20 + Math.random() * 30);
  }
  return latencies;
}

/** Customers writing to chats of the list at RATE msg/s through the memory transport; `stop` says the rate reached. */
function feed(client: DaemonClient): { stop(): Promise<number> } {
  const started = performance.now();
  let sent = 0;
  const pending = new Set<Promise<unknown>>();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    for (; sent < due; sent++) {
      const c = SMALL + Math.floor(Math.random() * CHATS);
      const p = client.request('POST', `/v1/memory-transport/${encodeURIComponent(PHONE)}/messages`, {
        from: `55119${String(c).padStart(8, '0')}@s.whatsapp.net`,
        text: `Oi, alguma novidade sobre o pedido ${sent}?`,
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
  }, 5);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return sent / ((performance.now() - started) / 1000);
    },
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC; matching them is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][0-9A-B]|\u001b[=>78]/g;
/** The list's cursor row: the marker, then the chat's title padded with spaces (so the title is whole). */
const CURSOR = /▌([^\n ]+(?: [^\n ]+)*) {2,}/g;

/** `guru inbox` in a pseudo-terminal; `until` resolves with the arrival time of the output that satisfied it. */
class Screen {
  readonly pty: IPty;
  readonly exited: Promise<void>;
  private output = '';
  private waiter: { test: () => boolean; resolve: (at: number) => void } | null = null;

  constructor(env: NodeJS.ProcessEnv) {
    this.pty = spawnPty(process.execPath, [GURU_BIN, 'inbox'], {
      name: 'xterm-256color',
      cols: 120,
      rows: 40,
      env: { ...process.env, ...env } as Record<string, string>,
    });
    this.pty.onData((d) => {
      const at = performance.now();
      this.output += d;
      if (this.waiter?.test()) {
        this.waiter.resolve(at);
        this.waiter = null;
      }
    });
    this.exited = new Promise((resolve) => this.pty.onExit(() => resolve()));
  }

  get length(): number {
    return this.output.length;
  }

  text(from: number): string {
    return this.output.slice(from).replace(ANSI, '');
  }

  /** The title under the cursor in the last frame written since `from`, or null. */
  selected(from: number): string | null {
    let last: string | null = null;
    for (const m of this.text(from).matchAll(CURSOR)) last = m[1]!;
    return last;
  }

  until(test: () => boolean, timeoutMs: number): Promise<number> {
    if (test()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; screen so far:\n${this.text(Math.max(0, this.output.length - 4000))}`)), timeoutMs);
      this.waiter = {
        test,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
    });
  }
}
