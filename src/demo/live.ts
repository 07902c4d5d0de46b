import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { WatchEvent } from '../api/protocol.js';
import { DaemonClient, type WatchHandle } from '../client/http.js';
import { GuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';
import type { LinkEvent } from '../core/link.js';
import { describeContent, isAnnotation, isMedia } from '../core/chats/content.js';
import type { DeliveryStatus } from '../core/chats/model.js';
import type { ChatDetailView, ChatView, MessageView, WhyView } from '../core/chats/views.js';
import type { FakeWhatsApp } from '../whatsapp/simulator/server.js';
import { dataPaths, FILE_MODE } from '../store/paths.js';
import { historyScript } from './cast.js';
import { Customers } from './customers.js';
import { DEMO_PHONE, DEMO_USERS } from './team.js';

/** What the demo tells its narrator: one discriminated union, rendered by `guru demo`. */
export type DemoNote =
  | { type: 'simulator'; url: string }
  | { type: 'daemon'; pid: number }
  | { type: 'qr'; qr: string; validForMs: number }
  | { type: 'scan'; number: string }
  | { type: 'state'; state: string; progress?: number }
  | { type: 'linked'; chats: number; messages: number }
  | { type: 'new-chat'; chat: ChatView; why: WhyView | null }
  | { type: 'message'; chat: ChatView | undefined; message: MessageView }
  /** The daemon kept a customer's file (downloaded, fsynced), or gave up on it with a reason. */
  | { type: 'media'; chat: ChatView | undefined; message: MessageView }
  /** A customer's phone received (✓✓) or read a reply. */
  | { type: 'receipt'; chat: ChatView | undefined; status: Extract<DeliveryStatus, 'delivered' | 'read'> }
  | { type: 'stopping' };

export interface DemoPace {
  /** Pause between the QR appearing and the simulated phone scanning it. */
  scanPauseMs: number;
  /** A new customer writes this often, for as long as the demo runs. */
  customerEveryMs: number;
  /** A customer reads a reply halfway through this, and answers it after it. */
  customerAnswerMs: number;
  /** An automated colleague answers a customer after this long. */
  agentAnswerMs: number;
}

export interface LiveDemoOptions {
  home: string;
  version: string;
  env: NodeJS.ProcessEnv;
  /** bin/guru, to start the daemon exactly as `guru daemon run`. */
  launcher: string;
  pace: DemoPace;
  /** Which assignees' chats the automated colleagues answer (headless: all; inbox: not yours). */
  autoAnswer: (assigneeEmail: string | null) => boolean;
  note: (note: DemoNote) => void;
}

const PHONE_DIGITS = DEMO_PHONE.replace(/^\+/, '');
const ADMIN = DEMO_USERS[0]!;

/**
 * The whole product on one machine: the WhatsApp simulator (real Signal crypto, real Baileys in
 * the daemon), a real `guru daemon run` told to trust the simulator, the simulated phone that
 * scans the QR and syncs history, then customers who write in and answer replies.
 */
export class LiveDemo {
  private sim!: FakeWhatsApp;
  private daemon: ChildProcess | null = null;
  private daemonExit: Promise<void> = Promise.resolve();
  private owner!: DaemonClient;
  private watch: WatchHandle | null = null;
  private timers = new Set<NodeJS.Timeout>();
  private customers!: Customers;
  private chats = new Map<string, ChatView>();
  private known = new Set<string>();
  private replies = new Map<string, number>();
  /** The words of the latest messages by id, so that a reaction names the reply it is about. */
  private said = new Map<string, string>();
  private stopped = false;

  constructor(private readonly options: LiveDemoOptions) {}

  /** Simulator, daemon, QR, scan, history: resolves once the phone is connected. */
  async start(): Promise<void> {
    // libsignal (the simulated contacts' Signal sessions, in this process) logs every session it
    // closes through console.log/info/warn; Guru itself prints only through its IO object.
    const quiet = () => undefined;
    console.log = console.info = console.warn = console.debug = quiet;
    const { FakeWhatsApp, trustSetting } = await import('../whatsapp/simulator/server.js');
    // The phone's history is ours to send (not the simulator's empty bootstrap), so "linked" comes
    // only once it is all in.
    this.sim = await FakeWhatsApp.start({ autoInitialHistory: false });
    this.customers = new Customers(this.sim, PHONE_DIGITS, this.options.pace, (ms, fn) => this.later(ms, fn));
    this.options.note({ type: 'simulator', url: this.sim.url });
    const paths = dataPaths(this.options.home);
    this.owner = new DaemonClient({ socket: paths.socket, token: (await readFile(paths.ownerToken, 'utf8')).trim(), version: this.options.version });
    // A demo left running (or crashed) points at another simulator: stop it. Its pairing is
    // with a simulator that no longer exists, so the phone links afresh each time.
    if (await this.owner.status().catch(() => null)) {
      await this.owner.shutdown().catch(() => undefined);
      for (let i = 0; i < 100 && (await this.owner.status().catch(() => null)); i++) await sleep(100);
    }
    await rm(this.credentialsDir(), { recursive: true, force: true });
    await this.startDaemon(trustSetting(this.sim));
    await this.link();
  }

  private async startDaemon(trust: string): Promise<void> {
    const paths = dataPaths(this.options.home);
    const log = await open(paths.log, 'a', FILE_MODE);
    const child = spawn(process.execPath, [this.options.launcher, '--home', this.options.home, 'daemon', 'run'], {
      stdio: ['ignore', log.fd, log.fd],
      env: {
        ...this.options.env,
        GURU_DAEMON_DETACHED: '1',
        GURU_TRANSPORT: 'baileys',
        GURU_WA_URL: this.sim.url,
        GURU_WA_TRUST: trust,
        // The simulator always reaches 100 %; the quiet spell is only a fallback, so the default.
        GURU_RECONNECT_MS: '300',
      },
    });
    await log.close();
    this.daemon = child;
    // Whatever way this process ends (even a crash), the daemon it started ends with it, and so
    // do the phone's credentials: they pair with this simulator, and a daemon started later
    // without it would offer them to the real WhatsApp.
    process.once('exit', this.killDaemon);
    this.daemonExit = new Promise((resolve) => child.once('exit', () => resolve()));
    // Generous: a busy machine can take a while to start Node and read the data dir.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await this.owner.status().catch(() => null);
      if (status) return this.options.note({ type: 'daemon', pid: status.pid ?? child.pid ?? 0 });
      if (child.exitCode !== null || Date.now() > deadline) throw new GuruError('internal', t`the demo's daemon did not start — see ${paths.log}`);
      await sleep(100);
    }
  }

  private link(): Promise<void> {
    return new Promise((resolve, reject) => {
      let scanned = false;
      let handle: WatchHandle | null = null;
      const onEvent = (event: LinkEvent) => {
        if (event.type === 'qr' && !scanned) {
          scanned = true;
          this.options.note({ type: 'qr', qr: event.qr, validForMs: event.validForMs });
          const pause = sleep(this.options.pace.scanPauseMs);
          this.historyContacts()
            .then(async (history) => {
              await pause;
              if (!this.stopped) await this.scanAndSync(event.qr, history);
            })
            .catch(reject);
        } else if (event.type === 'state') {
          this.options.note({ type: 'state', state: event.state, ...(event.progress !== undefined ? { progress: event.progress } : {}) });
        } else if (event.type === 'linked') {
          handle?.close();
          this.afterLink().then(resolve, reject);
        } else if (event.type === 'failed') {
          handle?.close();
          reject(new GuruError('internal', t`linking the simulated phone failed: ${event.message} — try \`guru demo --reset\``));
        }
      };
      this.owner.link(DEMO_PHONE, false, onEvent).then((h) => (handle = h), reject);
    });
  }

  /** The people of the phone's old conversations (each a Signal identity: made before the scan). */
  private historyContacts() {
    return Promise.all(
      historyScript().map(async (h) => {
        const contact = await this.sim.contact(h.number, h.name);
        this.customers.know(contact);
        return { contact, messages: h.messages };
      }),
    );
  }

  /** The simulated phone scans the QR, then its history arrives in four batches. */
  private async scanAndSync(qr: string, history: Awaited<ReturnType<LiveDemo['historyContacts']>>): Promise<void> {
    this.options.note({ type: 'scan', number: DEMO_PHONE });
    await this.sim.scan(qr, { number: PHONE_DIGITS });
    await this.sim.waitForOnline(PHONE_DIGITS);
    const quarter = Math.ceil(history.length / 4);
    for (let b = 0; b < 4; b++) {
      await this.sim.sendHistory([{ progress: (b + 1) * 25, chats: history.slice(b * quarter, (b + 1) * quarter) }]);
      if (b < 3) await sleep(400);
    }
  }

  private async afterLink(): Promise<void> {
    const ops = this.owner.operations();
    const chats = await ops.chats.list({ status: 'all' });
    const history = new Set(historyScript().map((h) => `+${h.number}`));
    for (const chat of chats as ChatView[]) {
      this.chats.set(chat.id, chat);
      // A reused sandbox: the customers' chats of an earlier run (the cast, and whoever came
      // after) are closed, so that writing again reopens them and the rodízio hands them out afresh.
      if (history.has(chat.customer)) this.known.add(chat.id);
      else if (chat.status === 'open') await ops.chats.close(chat.id);
    }
    this.options.note({
      type: 'linked',
      chats: this.known.size,
      messages: [...this.chats.values()].filter((c) => this.known.has(c.id)).reduce((n, c) => n + c.messageCount, 0),
    });
    this.watch = await this.owner.watch((event) => void this.onWatch(event).catch(() => undefined));
  }

  /** Resolves once `email` is online (their inbox is open), or after `timeoutMs` anyway. */
  async waitOnline(email: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stopped && Date.now() < deadline) {
      const status = await this.owner.status().catch(() => null);
      if (status?.online.includes(email)) return;
      await sleep(200);
    }
  }

  /** Customers start writing, one every `customerEveryMs` for as long as the demo runs, and answer the replies they get. */
  startCustomers(): void {
    this.customers.start();
  }

  /** How many customers have written in so far. */
  get customersStarted(): number {
    return this.customers.started;
  }

  private async onWatch(event: WatchEvent): Promise<void> {
    if (event.type === 'message.status') {
      if (event.status === 'delivered' || event.status === 'read')
        this.options.note({ type: 'receipt', chat: this.chats.get(event.chatId), status: event.status });
      return;
    }
    if (event.type === 'chat') {
      this.chats.set(event.chat.id, event.chat);
      return;
    }
    if (event.type !== 'message') return;
    this.chats.set(event.chat.id, event.chat);
    if (!this.known.has(event.chatId)) {
      this.known.add(event.chatId);
      const ops = this.owner.operations();
      const chat = (await ops.chats.show(event.chatId)) as ChatView;
      this.chats.set(chat.id, chat);
      const why = (await ops.chats.why(event.chatId).catch(() => null)) as WhyView | null;
      this.options.note({ type: 'new-chat', chat, why });
    }
    const { message } = event;
    this.said.set(message.id, message.text);
    if (this.said.size > 1000) this.said.delete(this.said.keys().next().value!);
    const text = isAnnotation(message.content) ? describeContent(message.content, (id) => this.said.get(id)) : message.text;
    this.options.note({ type: 'message', chat: this.chats.get(event.chatId), message: { ...message, text } });
    if (message.direction === 'in' && isMedia(message.content)) this.watchMedia(event.chatId, message.id);
    // A reaction (or an edit, a deletion) is about a reply, not a new question: nobody answers it.
    if (event.message.direction === 'in' && !isAnnotation(event.message.content)) this.scheduleAnswer(event.chatId);
  }

  /**
   * Tells when the daemon has kept a customer's file (it downloads it behind the message): the
   * chat is looked at every half second while the file is pending, for up to a minute.
   */
  private watchMedia(chatId: string, messageId: string, tries = 120): void {
    this.later(500, () => {
      void (async () => {
        const chat = (await this.owner.operations().chats.show(chatId, { limit: 50 })) as ChatDetailView;
        const message = chat.messages.find((m) => m.id === messageId);
        if (!message?.media) return;
        if (message.media.state === 'pending') {
          if (tries > 1) this.watchMedia(chatId, messageId, tries - 1);
          return;
        }
        this.options.note({ type: 'media', chat: this.chats.get(chatId), message });
      })().catch(() => undefined);
    });
  }

  /** An automated colleague answers as whoever the rodízio gave the chat to. */
  private scheduleAnswer(chatId: string): void {
    this.later(this.options.pace.agentAnswerMs, () => {
      const chat = this.chats.get(chatId);
      if (!chat || this.stopped) return;
      const email = chat.assignee?.type === 'user' ? chat.assignee.ref.replace(/^user:/, '') : null;
      if (!this.options.autoAnswer(email)) return;
      const member = this.customers.memberOf(chat.customer);
      const n = this.replies.get(chatId) ?? 0;
      const text = member?.agent[n];
      if (!text) return;
      this.replies.set(chatId, n + 1);
      const as = new DaemonClient({ ...this.owner.options, actAs: email ?? ADMIN.email });
      void as
        .operations()
        .chats.send(chatId, text)
        .catch(() => undefined);
    });
  }

  private credentialsDir(): string {
    return join(this.options.home, 'whatsapp');
  }

  private readonly killDaemon = () => {
    if (this.daemon?.exitCode === null) this.daemon.kill('SIGTERM');
    rmSync(this.credentialsDir(), { recursive: true, force: true });
  };

  /** Stops the customers, the daemon and the simulator; safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.note({ type: 'stopping' });
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.watch?.close();
    if (this.daemon && this.daemon.exitCode === null) {
      await this.owner.shutdown().catch(() => undefined);
      const killer = setTimeout(() => this.daemon?.kill('SIGKILL'), 10_000);
      await this.daemonExit;
      clearTimeout(killer);
    }
    process.off('exit', this.killDaemon);
    // Once the daemon is gone: the phone's credentials pair with this simulator only.
    await rm(this.credentialsDir(), { recursive: true, force: true });
    await this.sim?.close();
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
