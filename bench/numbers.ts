import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonClient } from '../src/client/http.js';
import type { LinkEvent } from '../src/core/link.js';
import { FakeWhatsApp, trustSetting } from '../src/whatsapp/simulator/server.js';
import { BENCH_TOKEN, cleanup, startBenchDaemon, tempDir, type Figure } from './lib.js';
import { seedHome } from './seed.js';

/**
 * 9. Many numbers on one daemon, each linked by QR to the WhatsApp simulator with the real
 * Baileys: the daemon's memory once they are idle (beside the same daemon with one number, which
 * is when Baileys gets loaded), and the time until all are connected again after the simulator
 * goes down for a few seconds and comes back — with the daemon's connect gate (a few connections
 * opened at a time), beside the same daemon letting every number reconnect at once.
 */
export async function numbers(quick: boolean): Promise<Figure[]> {
  const count = quick ? 3 : 50;
  // How long the simulator stays down when it restarts: a short WhatsApp-wide outage.
  const outageMs = quick ? 1_000 : 5_000;
  const phones = Array.from({ length: count }, (_, i) => `+55119999900${String(i).padStart(2, '0')}`);
  const fake = await FakeWhatsApp.start();
  const dir = await tempDir('guru-bench-numbers-');
  const home = join(dir, 'data');
  await seedHome(home, 2, [], phones);
  const env = { GURU_WA_URL: fake.url, GURU_WA_TRUST: trustSetting(fake), GURU_SYNC_SETTLE_MS: '800' };
  try {
    let daemon = await Daemon.start(home, env);
    const rssNone = await daemon.settledRssMb();
    await daemon.link(fake, phones.slice(0, 1));
    const rssOne = await daemon.settledRssMb();
    await daemon.link(fake, phones.slice(1));
    const rssAll = await daemon.settledRssMb();

    const gated = await daemon.reconnectAfter(fake, count, outageMs);
    await daemon.stop();
    // The baseline: the same daemon, every number let in at once (what it did before the gate).
    daemon = await Daemon.start(home, { ...env, GURU_WA_CONNECTS_AT_ONCE: String(count) });
    await daemon.connected(count, 120_000);
    const ungated = await daemon.reconnectAfter(fake, count, outageMs);
    await daemon.stop();

    const perNumber = (rssAll - rssOne) / (count - 1);
    const label = `${count} numbers`;
    return [
      {
        name: `numbers: daemon RSS, ${label} linked and idle`,
        value: rssAll,
        unit: 'MB',
        baseline: { name: 'one number linked', value: rssOne },
        goal: { text: '≤ 1,024 MB', met: rssAll <= 1_024 },
      },
      {
        name: 'numbers: RSS per linked number beyond the first',
        value: perNumber,
        unit: 'MB',
        baseline: { name: 'the first number (loads Baileys)', value: rssOne - rssNone },
        goal: { text: `≤ ${Math.round(1_024 / 50)} MB (50 in 1 GB)`, met: perNumber <= 1_024 / 50 },
      },
      {
        name: `numbers: all ${label} connected again after a ${outageMs / 1000} s simulator outage`,
        value: gated.ms,
        unit: 'ms',
        baseline: { name: 'every number reconnecting at once', value: ungated.ms },
        goal: { text: '≤ 60,000 ms', met: gated.ms <= 60_000 },
      },
      {
        name: `numbers: daemon peak RSS while ${label} reconnect`,
        value: gated.peakRssMb,
        unit: 'MB',
        baseline: { name: 'every number reconnecting at once', value: ungated.peakRssMb },
        goal: { text: '≤ 1,024 MB', met: gated.peakRssMb <= 1_024 },
      },
    ];
  } finally {
    await fake.close();
    await cleanup(dir);
  }
}

/** A daemon of the bench's own (its owner's client, its memory as /proc tells it). */
class Daemon {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: DaemonClient,
  ) {}

  static async start(home: string, env: Record<string, string>): Promise<Daemon> {
    const child = await startBenchDaemon(home, { GURU_TRANSPORT: 'baileys', ...env });
    return new Daemon(child, new DaemonClient({ socket: join(home, 'guru.sock'), token: BENCH_TOKEN, version: '0.1.0' }));
  }

  /** Links each phone by QR, a few at a time (the simulated phone scans what the daemon shows). */
  async link(fake: FakeWhatsApp, phones: string[]): Promise<void> {
    const queue = [...phones];
    const linker = async () => {
      for (let phone = queue.shift(); phone; phone = queue.shift()) await this.linkOne(fake, phone);
    };
    await Promise.all(Array.from({ length: 5 }, linker));
  }

  private linkOne(fake: FakeWhatsApp, phone: string): Promise<void> {
    return new Promise((resolve, reject) => {
      let scanned = false;
      const onEvent = (event: LinkEvent) => {
        if (event.type === 'qr' && !scanned) {
          scanned = true;
          fake.scan(event.qr, { number: phone.slice(1) }).catch(reject);
        } else if (event.type === 'linked') resolve();
        else if (event.type === 'failed') reject(new Error(`linking ${phone} failed: ${event.message}`));
      };
      this.client.link(phone, false, onEvent).catch(reject);
    });
  }

  /** Waits until `count` numbers are connected; resolves with how long that took. */
  async connected(count: number, timeoutMs: number): Promise<number> {
    const started = performance.now();
    for (;;) {
      const health = await this.client.phoneHealth().catch(() => []);
      if (health.filter((h) => h.state === 'connected').length >= count) return performance.now() - started;
      if (performance.now() - started > timeoutMs) throw new Error(`${count} numbers were not connected within ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }

  /**
   * The simulator goes down for `outageMs` and comes back: how long until every number is
   * connected again (from the moment it is back), and the daemon's peak memory meanwhile.
   */
  async reconnectAfter(fake: FakeWhatsApp, count: number, outageMs: number): Promise<{ ms: number; peakRssMb: number }> {
    // The kernel's peak RSS starts again from now (Linux: 5 to clear_refs).
    writeFileSync(`/proc/${this.child.pid}/clear_refs`, '5');
    await fake.restart(outageMs);
    const ms = await this.connected(count, 300_000);
    return { ms, peakRssMb: this.status('VmHWM') };
  }

  /** RSS once the daemon's garbage of the last step had time to go. */
  async settledRssMb(): Promise<number> {
    await sleep(3_000);
    return this.status('VmRSS');
  }

  private status(field: 'VmRSS' | 'VmHWM'): number {
    const line = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'));
    return Number(line?.[1] ?? 0) / 1024;
  }

  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    if (this.child.exitCode === null) await new Promise((r) => this.child.once('exit', r));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
