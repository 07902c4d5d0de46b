import { rmSync, statSync } from 'node:fs';
import { LANGUAGES } from '../i18n/language.js';
import { loadLanguages } from '../i18n/translate.js';
import { chmod, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { DaemonStatus, PhoneStatus } from '../api/protocol.js';
import { socketAnswers } from '../api/probe.js';
import { Engine } from '../core/engine.js';
import { GuruError } from '../core/errors.js';
import { checkPlainListen, parseListen, type ListenAddress } from '../core/listen.js';
import type { LoginLimits } from '../core/login-throttle.js';
import { SOCKET_ORIGIN, type Origin } from '../core/origin.js';
import { EventHub } from '../core/events.js';
import type { State } from '../core/model.js';
import { storeSpecFor } from '../store/location.js';
import { openStores, type DurableStores } from '../store/open.js';
import { dataPaths, type DataPaths } from '../store/paths.js';
import { ensureOwnerToken } from '../store/store.js';
import { createFileLogger } from './logger.js';
import { smtpMailer } from './mailer.js';
import { logSettings, type LogSettings } from './log-settings.js';
import { RequestLog } from './request-log.js';
import { PhoneConnections, type PhoneConnectionsOptions } from './phone-connections.js';
import type { OutboxSettings } from '../core/chats/chat-service.js';
import type { MediaRetrySettings } from '../core/media/media-fetcher.js';
import { PresenceTracker } from './presence.js';
import type { Presence } from '../core/presence.js';
import type { PresenceBoard } from '../store/postgres/presence-board.js';
import { userAvailability } from '../core/round-robin.js';
import { answerClientError, boundWholeRequests, refuseConnect } from './http.js';
import { loadCertificate, type ServedCertificate } from './certificate.js';
import { DEFAULT_CONNECTION_CAPS, type ConnectionCaps } from './connection-gate.js';
import { DEFAULT_DOOR_TIMEOUTS, NetworkDoor, type DoorTimeouts } from './network-door.js';
import { DEFAULT_MAX_BACKLOG_BYTES, type EventSink } from './ndjson.js';
import { buildRouter } from './routes.js';
import { daemonServices } from './services.js';
import { DEFAULT_WATCH_CAPS, WatchSlots, type WatchCaps } from './watch-slots.js';
import { t } from '../i18n/translate.js';

export interface DaemonOptions {
  home: string;
  version: string;
  /** How long a user stays online after their last watch stream closes. */
  presenceGraceMs: number;
  /** How often watch streams get a heartbeat line. */
  heartbeatMs: number;
  /** How phones reach WhatsApp (Baileys, or the in-memory stand-in) and its test knobs. */
  phones: Omit<PhoneConnectionsOptions, 'secrets'>;
  /** The log's level and size cap (default: info, MAX_LOG_BYTES). */
  log?: LogSettings;
  /** Caps on open watch streams (default: DEFAULT_WATCH_CAPS). */
  watchCaps?: WatchCaps;
  /** When the outbox gives a pending message up (default: 24 h, `OUTBOX_GIVE_UP_MS`). */
  outbox?: OutboxSettings;
  /** How failed media downloads are tried again (default: `MEDIA_RETRY`). */
  mediaRetry?: Partial<MediaRetrySettings>;
  /** How many bytes a stream's reader may fall behind before it is dropped (default: DEFAULT_MAX_BACKLOG_BYTES). */
  maxStreamBacklogBytes?: number;
  /** The network door (besides the socket). */
  network?: NetworkOptions;
  /** The login throttle's limits where they differ from the defaults. */
  loginLimits?: Partial<LoginLimits>;
}

/** The network door as it will open: where, with which certificate (null: plain HTTP on loopback). */
interface DoorPlan extends NetworkOptions {
  listen: ListenAddress;
  certificate: ServedCertificate | null;
}

/** The flags' address, else the account's; none: the socket only. The certificate is read (or made) now. */
async function planDoor(network: NetworkOptions, stored: string | undefined, paths: DataPaths): Promise<DoorPlan | null> {
  const listen = network.listen ?? (stored ? parseListen(stored, t`the account’s listen address (\`guru account set --listen\`)`) : undefined);
  if (!listen) return null;
  if (network.tls === false) {
    checkPlainListen(listen);
    return { ...network, listen, certificate: null };
  }
  const given = network.certFile && network.keyFile ? { cert: network.certFile, key: network.keyFile } : undefined;
  return { ...network, listen, certificate: await loadCertificate(paths, listen.host, given) };
}

/** Where the daemon's data is kept, as its owner is shown it (never a password). */
function storeShown(store: DurableStores, paths: DataPaths): { kind: 'files' | 'postgres'; where: string } {
  if ('target' in store) return { kind: 'postgres', where: `${store.target.shown} (schema ${store.target.schema})` };
  return { kind: 'files', where: paths.home };
}

/** Presence over several daemons: a watch opens here; online here or at another daemon counts. */
function sharedPresence(tracker: PresenceTracker, board: PresenceBoard): Presence {
  return {
    onlineUserIds: () => new Set([...tracker.onlineUserIds(), ...board.elsewhere()]),
    open: (userId) => tracker.open(userId),
  };
}

export interface NetworkOptions {
  /** Where to listen; absent: the account's `listen` setting, if any (else no network door). */
  listen?: ListenAddress;
  /** false: plain HTTP, only on loopback (for a reverse proxy in front). Default true. */
  tls?: boolean;
  /** A certificate (chain) and key to serve instead of the data dir's self-signed pair. */
  certFile?: string;
  keyFile?: string;
  /** Default DEFAULT_CONNECTION_CAPS. */
  caps?: ConnectionCaps;
  /** Default DEFAULT_DOOR_TIMEOUTS. */
  timeouts?: DoorTimeouts;
}

/**
 * The long-running process: the only writer of the store (it holds the lock for its whole
 * life), the engine, presence, and the API on a unix socket.
 */
export class Daemon {
  readonly startedAt = new Date();
  readonly watchers = new Set<EventSink<never>>();
  private stopping: Promise<void> | null = null;
  private resolveStopped!: () => void;
  /** Resolves once the daemon has fully stopped (socket removed, lock released). */
  readonly stopped = new Promise<void>((resolve) => (this.resolveStopped = resolve));

  private constructor(
    readonly options: DaemonOptions,
    readonly paths: DataPaths,
    readonly store: DurableStores,
    readonly engine: Engine,
    readonly events: EventHub,
    readonly presence: Presence,
    private readonly tracker: PresenceTracker,
    readonly ownerToken: string,
    readonly logger: Logger,
    private readonly log: { close: () => Promise<void>; closeSync: () => void; lastWords: () => void },
    readonly phones: PhoneConnections,
    private readonly doorPlan: DoorPlan | null,
    private server: Server | null = null,
    private door: NetworkDoor | null = null,
  ) {
    this.requests = new RequestLog(logger);
  }

  /** What the daemon writes about requests (unauthenticated ones only as a per-minute count). */
  readonly requests: RequestLog;

  static async start(options: DaemonOptions): Promise<Daemon> {
    const paths = dataPaths(options.home);
    // Connect first: a daemon that answers is alive, and its socket must never be touched.
    if (await socketAnswers(paths.socket)) {
      throw new GuruError('conflict', t`a Guru daemon is already running on ${paths.socket} — see \`guru daemon status\``);
    }
    const events = new EventHub();
    // `warn` is set once the log is open: the journal only warns while it is replayed, later.
    let warn: (msg: string, details: Record<string, unknown>) => void = () => undefined;
    const spec = await storeSpecFor(options.home, {
      lock: 'hold',
      connections: 16,
      lockWaitMs: 15_000,
      lockStaleMs: 6_000,
      // Every audit entry, however it was written, is announced to watchers once durable.
      onAudit: (entries) => {
        for (const entry of entries) events.publish({ type: 'audit', entry });
      },
      warnJournal: (msg, details) => warn(msg, details),
    });
    const store = await openStores(spec).catch((err: unknown) => {
      if (err instanceof GuruError && err.code === 'store_busy') {
        throw new GuruError('conflict', t`another Guru process holds the lock on ${options.home} — is a daemon starting? see \`guru daemon status\``);
      }
      throw err;
    });
    try {
      if (!(await store.state.read()).account) {
        throw new GuruError('not_initialized', t`no Guru account in ${options.home} yet — create one with \`guru init\``);
      }
      await ensureOwnerToken(paths);
      const ownerToken = (await readFile(paths.ownerToken, 'utf8')).trim();
      // The door's address and certificate are checked before anything else starts.
      const doorPlan = await planDoor(options.network ?? {}, store.stateNow().account?.listen, paths);
      const log = await createFileLogger(paths.log, options.log ?? logSettings({}));
      const { logger } = log;
      warn = (msg, details) => logger.warn(details, msg);
      let daemon: Daemon | undefined;
      // Several daemons on one database: online at any of them counts (a board in the database).
      const board = 'presence' in store ? store.presence : null;
      const tracker = new PresenceTracker(options.presenceGraceMs, (userId, online) => {
        if (!board) return daemon?.announcePresence(userId, online);
        daemon?.presenceChanged();
        void board.post(tracker.onlineUserIds()).catch(() => undefined);
      });
      const presence: Presence = board ? sharedPresence(tracker, board) : tracker;
      let engine: Engine | undefined;
      // Several daemons on one PostgreSQL database: each number is held by one of them at a time.
      const leases = 'leases' in store ? store.leases : null;
      const phones = new PhoneConnections(
        { ...options.phones, secrets: store.secrets },
        () => engine!,
        logger,
        (phone, state) => events.publish({ type: 'phone', phone, state }),
      );
      engine = new Engine({
        stores: store,
        stateNow: () => store.stateNow(),
        presence,
        links: phones,
        notify: phones,
        directory: phones,
        events,
        mailer: smtpMailer({ logger }),
        // Invites name the address and fingerprint of the door this daemon opened.
        door: () => daemon?.networkDoor() ?? null,
        // An erasure reaches the log and the phones' WhatsApp sessions too.
        traces: {
          scrubLog: (needles) => log.destination.scrub((line) => needles.some((needle) => line.includes(needle))),
          forgetPeers: (phone, users) => phones.forgetPeers(phone, users),
        },
        conversations: {
          sender: phones,
          warn: (msg, details) => logger.warn(details, msg),
          ...(options.outbox ? { outbox: options.outbox } : {}),
          media: { remote: phones, ...(options.mediaRetry ? { retry: options.mediaRetry } : {}) },
          ...(leases ? { holds: (phone: string) => leases.held().has(phone) } : {}),
        },
        ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
      });
      // A key given to a data dir whose secrets are still plain text: they are encrypted now.
      const sealed = await store.secrets.encryptAll(store.stateNow().phones.map((p) => p.number));
      if (sealed > 0) logger.info({ secrets: sealed }, 'secrets encrypted with the key of GURU_KEY_FILE');
      const loadStarted = performance.now();
      await engine.chats.load();
      logger.info({ chats: engine.chats.index.size, ms: Math.round(performance.now() - loadStarted) }, 'journal loaded');
      // Chats of users removed or disabled (or departments removed) while no daemon ran.
      const handedOver = await engine.handOverOrphans();
      if (handedOver > 0) logger.info({ chats: handedOver }, 'open chats of removed or disabled users handed to the rodízio');
      // What other daemons write from now on reaches this one's engine and watchers.
      if ('follow' in store) {
        await store.follow({
          state: () =>
            void daemon?.syncPhones().catch((err: Error) => logger.warn({ error: err.message }, 'could not follow the numbers another daemon changed')),
          presence: () => daemon?.presenceChanged(),
          contact: (customer) =>
            void engine!.chats.contacts
              ?.refresh(customer)
              .catch((err: Error) => logger.warn({ error: err.message }, 'could not read a contact another daemon changed')),
          erased: (phone, chats, customers) => engine!.chats.forgetErased(phone, chats, customers),
          journal: (phone, entries) =>
            void engine!.chats
              .absorb(phone, entries)
              .catch((err: Error) => logger.warn({ phone, error: err.message }, 'could not take in what another daemon journaled')),
        });
      }
      // Chats that waited while no daemon ran (a number that opened meanwhile, an entry without a
      // cap). With leases, each number's holder hands out its own once it holds it.
      if (!leases) {
        const waited = await engine.handOutWaiting(null, 'the daemon started');
        if (waited > 0) logger.info({ chats: waited }, 'waiting chats handed out');
      }
      // Retention (when the account sets it) erases old closed conversations once a day.
      engine.startRetention(({ retention, chats, records, files }) =>
        logger.info({ retention, chats, records, files }, 'retention erased old closed conversations'),
      );
      // Every caller is answered in their own language: each catalogue is at hand before the first request.
      await loadLanguages(...LANGUAGES);
      daemon = new Daemon(options, paths, store, engine, events, presence, tracker, ownerToken, logger, log, phones, doorPlan);
      if (board) daemon.sharePresence(board);
      if (leases) {
        await leases.start(
          () => store.stateNow().phones.map((p) => p.number),
          () => void daemon?.leasesChanged().catch((err: Error) => logger.warn({ error: err.message }, 'could not act on a change of the numbers held here')),
        );
        logger.info({ holder: leases.name, phones: [...leases.held()] }, 'phone leases taken');
        await daemon.leasesChanged();
      } else await daemon.syncPhones();
      // Phones added or removed through the API get (or lose) their connection.
      events.subscribe((event) => {
        if (event.type === 'phones.changed')
          void daemon?.syncPhones().catch((err: Error) => logger.warn({ error: err.message }, 'could not connect the numbers'));
      });
      await daemon.listen().catch(async (err: unknown) => {
        await phones.stopAll();
        await log.close();
        throw err;
      });
      engine.chats.indexOlderInSlices();
      // Live files a stop or crash left unfetched: fetched now.
      // (With leases, each number's files are fetched once it is held: `leasesChanged`.)
      const resumed = leases ? 0 : engine.media.resume();
      if (resumed > 0) logger.info({ files: resumed }, 'fetching media left unfetched');
      logger.info({ socket: paths.socket, version: options.version, ...(daemon.door ? { listen: daemon.door.status } : {}) }, 'daemon started');
      return daemon;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  /** The network door as clients see it: where it listens and the certificate's fingerprint; null: none. */
  networkDoor(): { address: string; fingerprint: string | null } | null {
    return this.door ? { address: this.door.status.address, fingerprint: this.door.status.fingerprint } : null;
  }

  /** Opens the planned network door, if any (before the socket: a port in use stops the start cleanly). */
  private async openDoor(handle: (origin: Origin) => (req: IncomingMessage, res: ServerResponse) => void): Promise<void> {
    const plan = this.doorPlan;
    if (!plan) return;
    this.door = await NetworkDoor.open({
      listen: plan.listen,
      certificate: plan.certificate,
      caps: plan.caps ?? DEFAULT_CONNECTION_CAPS,
      timeouts: plan.timeouts ?? DEFAULT_DOOR_TIMEOUTS,
      version: this.options.version,
      handle: (req, res, origin) => handle(origin)(req, res),
    });
  }

  private async listen(): Promise<void> {
    // We hold the lock and nothing answered on the socket: any file there is a dead daemon's.
    await rm(this.paths.socket, { force: true });
    const { router, hook } = buildRouter({
      version: this.options.version,
      engine: this.engine,
      ownerToken: this.ownerToken,
      markAuthenticated: (req) => this.requests.markAuthenticated(req),
      // A reader stuck past the presence timeout is gone as far as presence is concerned too.
      streamBounds: { maxBacklogBytes: this.options.maxStreamBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES, maxStallMs: this.options.presenceGraceMs },
      services: daemonServices({
        engine: this.engine,
        ownerToken: this.ownerToken,
        logger: this.logger,
        // Presence needs an acknowledged heartbeat within its timeout: at least three fit in it.
        heartbeatMs: Math.max(1, Math.min(this.options.heartbeatMs, Math.floor(this.options.presenceGraceMs / 3))),
        watchers: this.watchers,
        watchSlots: new WatchSlots(this.options.watchCaps ?? DEFAULT_WATCH_CAPS),
        status: (internals) => this.status(internals),
        phoneHealth: (phone) => this.phones.health(phone),
        stop: (reason) => this.stop(reason),
      }),
    });
    // Test wiring: the in-memory transport's controls exist only where that transport runs.
    if (this.options.phones.kind === 'memory') {
      const { registerMemoryControls } = await import('./memory-controls.js');
      registerMemoryControls(hook, { engine: this.engine, transport: (phone) => this.phones.transport(phone) });
    }
    // Node checks the timeouts below only every `connectionsCheckingInterval` (30 s by
    // default), so a stalled request could hold its connection for 40 s, not 10. And a unix
    // socket has no virtual hosts: without `requireHostHeader: false`, Node itself would refuse
    // an HTTP/1.1 request lacking `Host` with a bare 400 outside the API's error format.
    // One handler for both doors; only the origin differs.
    const handle = (origin: Origin) => (req: IncomingMessage, res: ServerResponse) => {
      const started = performance.now();
      res.on('finish', () => this.requests.finished(req, res.statusCode, Math.round(performance.now() - started), origin));
      router.handle(req, res, origin).catch((err: unknown) => {
        this.requests.failed(req, err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal', message: t`internal error — see the daemon log` } }));
      });
    };
    await this.openDoor(handle);
    const server = createServer({ connectionsCheckingInterval: 1_000, requireHostHeader: false }, handle(SOCKET_ORIGIN));
    // Half-sent requests must not pin connections forever.
    server.headersTimeout = 10_000;
    boundWholeRequests(server, 30_000, this.options.version);
    server.keepAliveTimeout = 5_000;
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, this.options.version));
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => refuseConnect(socket, this.options.version));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.paths.socket, () => resolve());
    }).catch(async (err: unknown) => {
      await this.closeDoor();
      throw err;
    });
    await chmod(this.paths.socket, 0o600);
    const { dev, ino } = await stat(this.paths.socket);
    this.socketId = { dev, ino };
    this.server = server;
  }

  private async closeDoor(): Promise<void> {
    const door = this.door?.server;
    if (!door) return;
    const closed = new Promise<void>((resolve) => door.close(() => resolve()));
    door.closeAllConnections();
    await closed;
  }

  /** Which file our socket is, so an exit path removes ours and never a successor's. */
  private socketId: { dev: number; ino: number } | null = null;

  /**
   * The way out when a graceful stop is impossible (an uncaught error, a second signal, the
   * lock lost): synchronously, our socket goes (so clients see "not running", not a dead
   * socket that hangs them) and the log gets what it can. The caller exits right after;
   * the lock is released by the process exit itself.
   */
  crash(reason: string, err?: unknown): void {
    try {
      this.logger.fatal(err === undefined ? { reason } : { reason, err }, 'daemon exiting abnormally');
    } catch {
      // the log is best effort here
    }
    this.removeSocketSync();
    this.log.closeSync();
  }

  /** Removes the socket if it is still the one this daemon created. Safe to call at any exit. */
  removeSocketSync(): void {
    const id = this.socketId;
    if (!id) return;
    try {
      const now = statSync(this.paths.socket);
      if (now.dev === id.dev && now.ino === id.ino) rmSync(this.paths.socket, { force: true });
    } catch {
      // already gone
    }
    this.socketId = null;
  }

  /** Graceful stop: no new requests, watch streams ended, in-flight requests drained, then the socket and the lock. */
  stop(reason: string): Promise<void> {
    this.stopping ??= (async () => {
      this.logger.info({ reason }, 'daemon stopping');
      const servers = [this.server, this.door?.server].filter((s): s is Server => s != null);
      const closed = Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
      for (const watcher of this.watchers) watcher.end();
      for (const server of servers) server.closeIdleConnections();
      const drained = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000).unref())]);
      if (!drained) {
        for (const server of servers) server.closeAllConnections();
      }
      this.tracker.clear();
      if (this.presenceTimer) clearInterval(this.presenceTimer);
      if ('presence' in this.store) await this.store.presence.clear();
      // Recovery mails already asked for go out (or fail) before the process does, within bounds.
      await Promise.race([this.engine.recovery.settled(), new Promise((r) => setTimeout(r, 5_000).unref())]);
      await this.engine.media.stop();
      await this.phones.stopAll();
      // Sockets closed: the numbers are let go for another daemon to take at once.
      await this.leases()?.stop();
      // The index as of now, so the next start replays nothing that came before.
      this.engine.chats.stop();
      await this.engine.chats
        .checkpoint()
        .catch((err: Error) => this.logger.warn({ error: err.message }, 'could not store a journal checkpoint; the next start replays the whole journal'));
      // Socket first, stores (journal files, then the lock) second: once the lock is free a new
      // daemon may create its own socket.
      await rm(this.paths.socket, { force: true });
      this.socketId = null;
      await this.store.close();
      this.log.lastWords();
      this.requests.flush();
      this.logger.info('daemon stopped');
      await this.log.close();
      this.resolveStopped();
    })();
    return this.stopping;
  }

  /**
   * Connects the phones this daemon should hold (all of them, but with several daemons), and only
   * those. One at a time, each with the numbers as they are when its turn comes: a sync begun before a
   * lease was lost must not finish after the one that lets the number go, connecting it again.
   */
  syncPhones(): Promise<void> {
    const run = this.syncing.then(async () => {
      const leases = this.leases();
      const numbers = (await this.state()).phones.map((p) => p.number);
      await this.phones.sync(leases ? numbers.filter((n) => leases.held().has(n)) : numbers);
    });
    this.syncing = run.catch(() => undefined);
    return run;
  }
  private syncing: Promise<void> = Promise.resolve();

  /** Which daemon holds each number (several daemons on one database); null with one daemon. */
  private async leaseHolders(): Promise<{ phone: string; holder: string; here: boolean; live: boolean }[] | null> {
    const leases = this.leases();
    if (!leases) return null;
    const holders = await leases.holders().catch(() => []);
    return holders.map((h) => ({ phone: h.phone, holder: h.name, here: h.holder === leases.holder, live: h.live }));
  }

  private leases() {
    return 'leases' in this.store ? this.store.leases : null;
  }

  /** Numbers held here changed: a lost one is let go at once; a gained one is caught up, then connected with its stored credentials. */
  private held = new Set<string>();
  async leasesChanged(): Promise<void> {
    const leases = this.leases();
    if (!leases || this.stopping) return;
    const now = new Set(leases.held());
    const gained = [...now].filter((p) => !this.held.has(p));
    const lost = [...this.held].filter((p) => !now.has(p));
    this.held = now;
    if (lost.length > 0) this.logger.warn({ phones: lost }, 'phone leases lost; their WhatsApp sessions closed here');
    if (gained.length > 0 && 'journal' in this.store && 'settle' in this.store.journal) await this.store.journal.settle();
    await this.syncPhones();
    for (const phone of gained) {
      this.logger.info({ phone }, 'phone lease taken; connecting with the stored credentials');
      await this.engine.chats.tookOver(phone);
      const files = this.engine.media.resume(phone);
      if (files > 0) this.logger.info({ phone, files }, 'fetching media left unfetched');
      const waited = await this.engine.handOutWaiting(phone, 'this daemon took the number over');
      if (waited > 0) this.logger.info({ phone, chats: waited }, 'waiting chats handed out');
    }
  }

  async state(): Promise<State> {
    return this.store.state.read();
  }

  /** The in-memory state, synchronously (the daemon holds the lock, so memory is the truth). */
  stateNow(): State {
    return this.store.stateNow();
  }

  /** `internals`: with the pid, paths and stream count (the owner's view; see seesDaemonInternals). */
  async status(internals = true): Promise<DaemonStatus> {
    const state = await this.state();
    const online = this.presence.onlineUserIds();
    return {
      pid: internals ? process.pid : null,
      version: this.options.version,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      home: internals ? this.paths.home : null,
      socket: internals ? this.paths.socket : null,
      log: internals ? this.paths.log : null,
      store: internals ? storeShown(this.store, this.paths) : null,
      leases: internals ? await this.leaseHolders() : null,
      phones: state.phones.map(
        (p): PhoneStatus => ({
          number: p.number,
          label: p.label,
          linkState: this.phones.linkState(p.number),
          reassignWhenAbsent: p.reassignWhenAbsent === true,
          sync: this.phones.syncProgress(p.number),
        }),
      ),
      watchers: internals ? this.watchers.size : null,
      online: state.users.filter((u) => online.has(u.id)).map((u) => u.email),
      availability: Object.fromEntries(state.users.filter((u) => online.has(u.id)).map((u) => [u.email, userAvailability(u, online)])),
      listen: this.door ? { ...this.door.status } : null,
      media: await this.engine.media.usage(),
    };
  }

  /** Users shown online to watchers so far (several daemons: online here or elsewhere). */
  private shownOnline = new Set<string>();
  private presenceTimer: NodeJS.Timeout | null = null;

  /** Every couple of seconds: who is online here is posted (renewed), who is online elsewhere read. */
  sharePresence(board: PresenceBoard): void {
    const round = async () => {
      await board.post(this.tracker.onlineUserIds());
      if (await board.read()) this.presenceChanged();
    };
    void round().catch(() => undefined);
    this.presenceTimer = setInterval(() => void round().catch(() => undefined), 2_000);
    this.presenceTimer.unref();
  }

  /** Who is online anywhere changed: watchers hear of each user who came or went. */
  presenceChanged(): void {
    const now = new Set(this.presence.onlineUserIds());
    for (const userId of now) if (!this.shownOnline.has(userId)) this.announcePresence(userId, true);
    for (const userId of this.shownOnline) if (!now.has(userId)) this.announcePresence(userId, false);
    this.shownOnline = now;
  }

  private announcePresence(userId: string, online: boolean): void {
    void this.state().then((state) => {
      const user = state.users.find((u) => u.id === userId);
      if (!user) return;
      const status = online ? (user.status?.state ?? 'online') : 'offline';
      this.logger.info({ user: user.email, online, status }, 'presence');
      this.events.publish({ type: 'presence', email: user.email, online, status });
    });
  }
}
