import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DaemonClient, type DaemonEndpoint } from '../src/client/http.js';
import { Daemon } from '../src/daemon/daemon.js';
import type { MemoryTransport } from '../src/whatsapp/memory-transport.js';
import { customerMessages, injectAll, startWatchers } from './fan-out.js';
import { cleanup, GURU_BIN, median, tempDir, type Figure } from './lib.js';
import { PHONE, seedHome } from './seed.js';

const VERSION = '0.1.0';
const OWNER_TOKEN = 'ab'.repeat(32);

/**
 * 6. Working from another machine: 50 inboxes watching over TLS (the network door, each with its
 * own login) while customers write — the ingest rate and the time until every watcher has every
 * event — beside the same 50 watching over the unix socket, in the same daemon; and
 * `guru chat list --json` against the server over TLS beside the same against the local socket.
 */
export async function remote(quick: boolean): Promise<Figure[]> {
  const watchers = quick ? 5 : 50;
  const total = quick ? 1_000 : 20_000;
  const customers = quick ? 100 : 1_000;
  const dir = await tempDir('guru-bench-remote-');
  const home = join(dir, 'data');
  // Every agent sees every chat, so every stream carries every message.
  await seedHome(home, watchers, ['chats.view_all']);
  const port = await freePort();
  const daemon = await Daemon.start({
    home,
    version: VERSION,
    presenceGraceMs: 60_000,
    heartbeatMs: 600_000,
    phones: { kind: 'memory' },
    maxStreamBacklogBytes: 1024 * 1024 * 1024,
    network: { listen: { host: '127.0.0.1', port } },
  });
  try {
    const socket = daemon.paths.socket;
    const anonymous = new DaemonClient({ socket, token: null, version: VERSION });
    const tokens: string[] = [];
    for (let i = 0; i < watchers; i++) tokens.push((await anonymous.login(`agent${i}@bench.example`, 'bench-password')).token);
    const fingerprint = (await new DaemonClient({ socket, token: OWNER_TOKEN, version: VERSION }).status()).listen?.fingerprint;
    if (!fingerprint) throw new Error('the daemon did not report its certificate fingerprint');
    const transport = daemon.phones.transport(PHONE) as MemoryTransport;
    const overSocket = await fanOut(transport, { socket }, tokens, watchers, total, customers, 'S');
    const overTls = await fanOut(transport, { server: { host: '127.0.0.1', port, fingerprint } }, tokens, watchers, total, customers, 'T');

    // One agent's `chat list --json`, as a person runs it: a fresh process, logged in each way.
    const local = join(dir, 'config-local');
    const laptop = join(dir, 'config-laptop');
    await mkdir(local, { recursive: true });
    await mkdir(laptop, { recursive: true });
    const email = 'agent1@bench.example';
    await guruIn(home, local, ['login', '--email', email, '--password-stdin'], 'bench-password');
    await guruIn(
      home,
      laptop,
      ['login', '--server', `127.0.0.1:${port}`, '--fingerprint', fingerprint, '--email', email, '--password-stdin'],
      'bench-password',
    );
    const list = async (config: string) => {
      const started = performance.now();
      const out = await guruIn(home, config, ['chat', 'list', '--json']);
      const ms = performance.now() - started;
      const chats = (JSON.parse(out) as unknown[]).length;
      if (chats !== customers) throw new Error(`chat list showed ${chats} chats, expected ${customers}`);
      return ms;
    };
    const localMs: number[] = [];
    const remoteMs: number[] = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      localMs.push(await list(local));
      remoteMs.push(await list(laptop));
    }
    const socketMs = median(localMs);
    const tlsMs = median(remoteMs);
    return [
      {
        name: `remote: ingest, ${total.toLocaleString('en')} msgs, ${watchers} TLS watchers`,
        value: overTls.rate,
        unit: 'msg/s',
        baseline: { name: `${watchers} unix-socket watchers`, value: overSocket.rate },
        goal: { text: `≥ 0.5× the socket (${(overTls.rate / overSocket.rate).toFixed(2)}×)`, met: overTls.rate >= 0.5 * overSocket.rate },
      },
      {
        name: `remote: until ${watchers} TLS watchers had every event`,
        value: overTls.deliveredMs,
        unit: 'ms',
        baseline: { name: `${watchers} unix-socket watchers`, value: overSocket.deliveredMs },
        goal: {
          text: `≤ 2× the socket (${(overTls.deliveredMs / overSocket.deliveredMs).toFixed(2)}×)`,
          met: overTls.deliveredMs <= 2 * overSocket.deliveredMs,
        },
      },
      {
        name: `remote: guru chat list --json (${customers.toLocaleString('en')} chats) over TLS`,
        value: tlsMs,
        unit: 'ms',
        baseline: { name: 'the same over the local socket', value: socketMs },
        goal: { text: `≤ 1.5× local (${(tlsMs / socketMs).toFixed(2)}×)`, met: tlsMs <= 1.5 * socketMs },
        note: `median of ${localMs.length}; a fresh process each: TLS handshake and certificate check included`,
      },
    ];
  } finally {
    await daemon.stop('bench done');
    await cleanup(dir);
  }
}

/**
 * Customers write `total` messages while `watchers` streams (in another process, as inboxes are)
 * watch through `endpoint`: the daemon's rate, and the time until every stream had every message.
 */
async function fanOut(
  transport: MemoryTransport,
  endpoint: DaemonEndpoint,
  tokens: string[],
  watchers: number,
  total: number,
  customers: number,
  prefix: string,
): Promise<{ rate: number; deliveredMs: number }> {
  const streams = await startWatchers(JSON.stringify(endpoint), tokens, watchers, total);
  try {
    const records = customerMessages(total, customers, prefix);
    const started = performance.now();
    await injectAll(transport, records);
    const seconds = (performance.now() - started) / 1000;
    await streams.allSeen();
    return { rate: total / seconds, deliveredMs: performance.now() - started };
  } finally {
    streams.stop();
  }
}

/** `guru` with its own config dir (the person's machine), stdin given; resolves to stdout. */
function guruIn(home: string, config: string, args: string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GURU_BIN, ...args], {
      env: { ...process.env, GURU_HOME: home, XDG_CONFIG_HOME: config, NODE_ENV: 'production', GURU_SERVER: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`guru ${args.join(' ')} exited ${code}: ${stderr}`))));
    child.stdin.end(stdin ?? '');
  });
}

/** A port nothing listens on right now (the daemon takes it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
