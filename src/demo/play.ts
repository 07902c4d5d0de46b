import type { Factory } from '../cli/factory.js';
import { DaemonClient } from '../client/http.js';
import { GuruError } from '../core/errors.js';
import { saveSession } from '../client/session-file.js';
import { t, plural } from '../i18n/translate.js';
import { dataPaths } from '../store/paths.js';
import { LiveDemo, type DemoNote, type DemoPace } from './live.js';
import { DEMO_PASSWORD, DEMO_USERS } from './team.js';
import { bar, transcriptLine } from './transcript.js';

export interface PlayOptions {
  home: string;
  launcher: string;
}

const ADMIN = DEMO_USERS[0]!;

/** The pace of a headless run of `seconds`: a dozen customers or so, nothing rushes past a reader. */
export function headlessPace(seconds: number): DemoPace {
  const ms = seconds * 1000;
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  return {
    scanPauseMs: 1000,
    customerEveryMs: clamp(ms / 12, 600, 6000),
    customerAnswerMs: clamp(ms / 30, 500, 2500),
    agentAnswerMs: clamp(ms / 30, 500, 2500),
  };
}

const INTERACTIVE_PACE: DemoPace = { scanPauseMs: 2500, customerEveryMs: 8000, customerAnswerMs: 3000, agentAnswerMs: 6000 };

/** `guru demo --headless`: the scenario for `seconds`, as a transcript on stdout; then stops everything. */
export async function playHeadless(f: Factory, opts: PlayOptions, seconds: number, pace: Partial<DemoPace> = {}): Promise<void> {
  const print = (note: DemoNote) => {
    const line = transcriptLine(note, f.now());
    if (line) f.io.out(`${line}\n`);
  };
  const live = new LiveDemo({
    ...base(f, opts),
    pace: { ...headlessPace(seconds), ...pace },
    autoAnswer: () => true,
    note: print,
  });
  const signalled = await withCleanup(live, async (interrupted) => {
    await live.start();
    live.startCustomers();
    // The run's timer is cleared when a signal ends it first: left pending, it kept the process
    // (its work all done) alive for the rest of the run.
    let timer: NodeJS.Timeout | undefined;
    const run = new Promise<void>((resolve) => (timer = setTimeout(resolve, seconds * 1000)));
    await Promise.race([run, interrupted]).finally(() => clearTimeout(timer));
  });
  f.io.out(`\n${closingHint(opts.home, live.customersStarted)}\n`);
  if (signalled) throw stoppedBySignal(opts.home);
}

/** `guru demo` on a terminal: QR and sync on screen, then the inbox as the demo's admin. */
export async function playInteractive(f: Factory, opts: PlayOptions): Promise<void> {
  const { io } = f;
  let inInbox = false;
  const show = async (note: DemoNote) => {
    if (inInbox) return;
    if (note.type === 'qr') {
      const { renderQr } = await import('../commands/phone/link.js');
      io.err(`\n${await renderQr(note.qr)}\n${t`The QR of the demo's WhatsApp: the simulated phone scans it in a moment…`}\n`);
    } else if (note.type === 'state' && note.state === 'syncing' && note.progress !== undefined) {
      io.err(`${t`syncing history ${bar(note.progress)} ${note.progress}%`}\n`);
    } else if (note.type === 'state' || note.type === 'linked' || note.type === 'daemon' || note.type === 'scan') {
      const line = transcriptLine(note, f.now());
      if (line) io.err(`${line.slice(10)}\n`);
    }
  };
  const live = new LiveDemo({
    ...base(f, opts),
    pace: INTERACTIVE_PACE,
    autoAnswer: (email) => email !== null && email !== ADMIN.email,
    note: (n) => void show(n),
  });
  const signalled = await withCleanup(live, async (interrupted, signalled) => {
    await Promise.race([live.start(), interrupted]);
    if (signalled()) return;
    const login = await new DaemonClient({ socket: dataPaths(opts.home).socket, token: null, version: f.version() }).login(ADMIN.email, DEMO_PASSWORD);
    await saveSession(opts.home, { token: login.token, email: ADMIN.email, savedAt: f.now().toISOString() }, f.env);
    io.err(`\n${t`Opening the inbox as ${ADMIN.name} (admin). Customers write in every few seconds; answer with r, quit with q.`}\n`);
    await sleep(1500);
    // The customers wait for the inbox: the admin, online, is first in the rodízio.
    void live.waitOnline(ADMIN.email, 10_000).then(() => live.startCustomers());
    inInbox = true;
    const { runInbox } = await import('../tui/run.js');
    await runInbox(demoFactory(f, opts.home), { patchConsole: false });
    inInbox = false;
  });
  io.err(`${t`Demo stopped. Its data stays in ${opts.home} (\`guru demo --reset\` starts over).`}\n`);
  if (signalled) throw stoppedBySignal(opts.home);
}

/** Stopped by a signal: everything the demo started is gone; the exit code says it was cut short (130). */
function stoppedBySignal(home: string): GuruError {
  return new GuruError('interrupted', t`the demo was interrupted — its simulator and daemon are stopped; its data stays in ${home}`);
}

/**
 * What to do next with the sandbox — commands that work as printed. The phone's credentials went
 * with the simulator, so a daemon started on the sandbox has nothing to offer the real WhatsApp:
 * its phone shows unlinked and the chats are read from the journal.
 */
export function closingHint(home: string, customers: number): string {
  const guru = `guru --home ${home}`;
  return [
    `${plural(customers, t`${customers} customer wrote in.`, t`${customers} customers wrote in.`)} ${t`The demo's data stays in ${home}; \`${guru} demo --headless\` runs it again with its simulator.`}`,
    t`What everyone did: \`${guru} audit\`.`,
    t`Its chats, without the simulator (the phone shows unlinked): \`${guru} daemon start\`, \`${guru} chat list --status all --as ${ADMIN.email}\`, then \`${guru} daemon stop\`.`,
  ].join('\n');
}

function base(f: Factory, opts: PlayOptions) {
  return { home: opts.home, version: f.version(), env: f.env, launcher: opts.launcher };
}

/**
 * Runs `body`, then stops everything the demo started, also on Ctrl-C, SIGTERM or SIGHUP (the
 * terminal closed), and says whether a signal ended it (the command then exits 130). Left to
 * Node's default, those end the process at once: the daemon, and the phone's credentials it
 * holds for the simulator, would outlive the demo.
 */
async function withCleanup(live: LiveDemo, body: (interrupted: Promise<void>, signalled: () => boolean) => Promise<void>): Promise<boolean> {
  let onSignal!: () => void;
  let signalled = false;
  const interrupted = new Promise<void>((resolve) => {
    onSignal = () => {
      signalled = true;
      resolve();
    };
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.once(signal, onSignal);
  try {
    await body(interrupted, () => signalled);
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    await live.stop();
  }
  return signalled;
}

/** The command's factory, but for the demo's data dir (the inbox reads home and session from it). */
function demoFactory(f: Factory, home: string): Factory {
  const options = { home, version: f.version(), env: f.env };
  return {
    io: f.io,
    env: f.env,
    home: () => home,
    client: async () => (await import('../client/connect.js')).adminClient(options),
    daemon: async (identity, actAs) => (await import('../client/connect.js')).daemonClient(options, identity, actAs),
    target: async () => ({ kind: 'local', home }),
    localOnly: async () => undefined,
    version: () => f.version(),
    now: () => f.now(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
