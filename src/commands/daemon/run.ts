import { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { examples, wholeNumberArg } from '../../cli/command-helpers.js';
import { usage } from '../../core/errors.js';
import { checkPlainListen, parseListen } from '../../core/listen.js';
import type { TransportKind } from '../../daemon/phone-connections.js';
import { logSettings } from '../../daemon/log-settings.js';
import { DEFAULT_WATCH_CAPS } from '../../daemon/watch-slots.js';
import { DEFAULT_CONNECTION_CAPS } from '../../daemon/connection-gate.js';
import { DEFAULT_DOOR_TIMEOUTS } from '../../daemon/network-door.js';
import { t } from '../../i18n/translate.js';

export interface DaemonRunOptions {
  presenceTimeout?: number;
  listen?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** false with --no-tls (commander's default is true). */
  tls?: boolean;
}

/** The network door as the flags ask for it; checked before anything starts. */
export function networkFlags(opts: DaemonRunOptions) {
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined)) {
    throw usage(t`--tls-cert and --tls-key go together: the certificate (chain) and its private key, both PEM files`);
  }
  if (opts.tls === false && opts.tlsCert !== undefined) throw usage(t`--no-tls serves no certificate — drop --tls-cert/--tls-key, or drop --no-tls`);
  const listen = opts.listen === undefined ? undefined : parseListen(opts.listen, '--listen', true);
  if (listen && opts.tls === false) checkPlainListen(listen);
  return {
    ...(listen ? { listen } : {}),
    ...(opts.tls === false ? { tls: false } : {}),
    ...(opts.tlsCert !== undefined && opts.tlsKey !== undefined ? { certFile: resolve(opts.tlsCert), keyFile: resolve(opts.tlsKey) } : {}),
  };
}

/** The flags `daemon run` and `daemon start` share for the network door. */
export function networkOptions(): Option[] {
  return [
    new Option('--listen <host:port>', t`also serve the API over TLS on this address (default: the account’s, \`guru account set --listen\`)`),
    new Option('--tls-cert <file>', t`serve this certificate (PEM, a CA-signed one) instead of the self-signed one in the data dir`),
    new Option('--tls-key <file>', t`the private key (PEM) of --tls-cert`),
    new Option('--no-tls', t`plain HTTP on a loopback address, for a reverse proxy that does TLS in front`),
  ];
}

/** The options a `daemon start` passes on to the `daemon run` it spawns. */
export function runArgs(opts: DaemonRunOptions): string[] {
  const flags = networkFlags(opts);
  const args: string[] = [];
  if (opts.presenceTimeout !== undefined) args.push('--presence-timeout', String(opts.presenceTimeout));
  if (opts.listen !== undefined) args.push('--listen', opts.listen);
  if (flags.certFile && flags.keyFile) args.push('--tls-cert', flags.certFile, '--tls-key', flags.keyFile);
  if (flags.tls === false) args.push('--no-tls');
  return args;
}

const TRANSPORTS: readonly TransportKind[] = ['baileys', 'memory'];

/**
 * The daemon's settings: flags win, then the environment (tests shorten timings and pick the
 * in-memory transport with GURU_TRANSPORT=memory), then defaults.
 */
export function daemonSettings(opts: DaemonRunOptions, env: NodeJS.ProcessEnv) {
  const fromEnv = (name: string) => (env[name] && /^\d+$/.test(env[name]!) ? Number(env[name]) : undefined);
  const transport = (env.GURU_TRANSPORT ?? 'baileys') as TransportKind;
  if (!TRANSPORTS.includes(transport)) throw usage(t`GURU_TRANSPORT must be one of ${TRANSPORTS.join(', ')} (got "${transport}")`);
  const trust = parseTrust(env.GURU_WA_TRUST);
  return {
    log: logSettings(env),
    // Tests of the network door spend fewer password checks before an address is locked.
    ...(fromEnv('GURU_LOGIN_MAX_FAILURES_PER_SOURCE') ? { loginLimits: { maxFailuresPerSource: fromEnv('GURU_LOGIN_MAX_FAILURES_PER_SOURCE')! } } : {}),
    network: {
      ...networkFlags(opts),
      caps: {
        perAddress: fromEnv('GURU_TCP_MAX_PER_ADDRESS') ?? DEFAULT_CONNECTION_CAPS.perAddress,
        total: fromEnv('GURU_TCP_MAX_CONNECTIONS') ?? DEFAULT_CONNECTION_CAPS.total,
      },
      timeouts: {
        handshakeMs: fromEnv('GURU_TCP_HANDSHAKE_TIMEOUT_MS') ?? DEFAULT_DOOR_TIMEOUTS.handshakeMs,
        headersMs: fromEnv('GURU_TCP_HEADERS_TIMEOUT_MS') ?? DEFAULT_DOOR_TIMEOUTS.headersMs,
        requestMs: fromEnv('GURU_TCP_REQUEST_TIMEOUT_MS') ?? DEFAULT_DOOR_TIMEOUTS.requestMs,
        keepAliveMs: fromEnv('GURU_TCP_KEEPALIVE_TIMEOUT_MS') ?? DEFAULT_DOOR_TIMEOUTS.keepAliveMs,
      },
    },
    presenceGraceMs: opts.presenceTimeout !== undefined ? opts.presenceTimeout * 1000 : (fromEnv('GURU_PRESENCE_TIMEOUT_MS') ?? 60_000),
    heartbeatMs: fromEnv('GURU_HEARTBEAT_MS') ?? 15_000,
    ...(fromEnv('GURU_WATCH_MAX_BACKLOG_BYTES') ? { maxStreamBacklogBytes: fromEnv('GURU_WATCH_MAX_BACKLOG_BYTES') } : {}),
    watchCaps: {
      perUser: fromEnv('GURU_WATCH_MAX_PER_USER') ?? DEFAULT_WATCH_CAPS.perUser,
      total: fromEnv('GURU_WATCH_MAX_TOTAL') ?? DEFAULT_WATCH_CAPS.total,
    },
    ...(fromEnv('GURU_OUTBOX_GIVE_UP_MS') ? { outbox: { giveUpAfterMs: fromEnv('GURU_OUTBOX_GIVE_UP_MS')! } } : {}),
    // Tests make a failed media download try again sooner (and give up after fewer tries).
    ...(fromEnv('GURU_MEDIA_RETRY_MS') || fromEnv('GURU_MEDIA_ATTEMPTS')
      ? {
          mediaRetry: {
            ...(fromEnv('GURU_MEDIA_RETRY_MS') ? { initialMs: fromEnv('GURU_MEDIA_RETRY_MS')!, maxMs: 8 * fromEnv('GURU_MEDIA_RETRY_MS')! } : {}),
            ...(fromEnv('GURU_MEDIA_ATTEMPTS') ? { attempts: fromEnv('GURU_MEDIA_ATTEMPTS')! } : {}),
          },
        }
      : {}),
    phones: {
      kind: transport,
      ...(env.GURU_WA_URL ? { waUrl: env.GURU_WA_URL } : {}),
      ...(trust ? { trust } : {}),
      ...(fromEnv('GURU_QR_TIMEOUT_MS') ? { qrTimeoutMs: fromEnv('GURU_QR_TIMEOUT_MS') } : {}),
      ...(fromEnv('GURU_SYNC_SETTLE_MS') ? { syncSettleMs: fromEnv('GURU_SYNC_SETTLE_MS') } : {}),
      // How many numbers may open their WhatsApp connection at once (the bench compares with all).
      ...(fromEnv('GURU_WA_CONNECTS_AT_ONCE') ? { connectConcurrency: fromEnv('GURU_WA_CONNECTS_AT_ONCE') } : {}),
      ...(fromEnv('GURU_RECONNECT_MS') ? { backoff: { initialMs: fromEnv('GURU_RECONNECT_MS')!, maxMs: 30 * fromEnv('GURU_RECONNECT_MS')! } } : {}),
    },
  };
}

/**
 * GURU_WA_TRUST=<root public key hex>:<serial>[:<media certificate, base64 DER>]: trust another
 * WhatsApp root key and, for media, that certificate. Only for a server we run ourselves
 * (`guru demo`'s simulator, with GURU_WA_URL); never set it otherwise.
 */
function parseTrust(value: string | undefined): { publicKeyHex: string; serial: number; mediaCertPem?: string } | undefined {
  if (!value) return undefined;
  const [hex, serial, media, ...rest] = value.split(':');
  if (!hex || !/^[0-9a-f]{64}$/i.test(hex) || !serial || !/^\d+$/.test(serial) || rest.length > 0) {
    throw usage(t`GURU_WA_TRUST must be <32-byte public key in hex>:<serial>[:<media certificate, base64 DER>] (got "${value}")`);
  }
  if (media === undefined) return { publicKeyHex: hex, serial: Number(serial) };
  return { publicKeyHex: hex, serial: Number(serial), mediaCertPem: mediaCertificate(media) };
}

/** The media host's certificate, base64 DER (the third part of GURU_WA_TRUST), as PEM. */
function mediaCertificate(base64: string): string {
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new Error('not base64');
    return new X509Certificate(Buffer.from(base64, 'base64')).toString();
  } catch (err) {
    throw usage(t`GURU_WA_TRUST's third part must be the media host's certificate in base64 DER (${(err as Error).message})`);
  }
}

/** Shared by `daemon run` and `daemon start`, which passes it on. */
export function presenceTimeoutOption(): Option {
  return new Option('--presence-timeout <seconds>', t`how long a user stays online after their inbox closes (default 60)`).argParser(
    wholeNumberArg('--presence-timeout'),
  );
}

export function daemonRunCommand(f: Factory, run = daemonRun): Command {
  const command = new Command('run')
    .description(t`Run the daemon in the foreground (for systemd; logs go to daemon.log in the data dir)`)
    .addOption(presenceTimeoutOption());
  for (const option of networkOptions()) command.addOption(option);
  return command
    .addHelpText(
      'after',
      examples(
        'guru daemon run',
        'guru --home /srv/guru daemon run --presence-timeout 30',
        'guru daemon run --listen 0.0.0.0:7433',
        'guru daemon run --listen 0.0.0.0:7433 --tls-cert /etc/guru/fullchain.pem --tls-key /etc/guru/privkey.pem',
        t`guru daemon run --listen 127.0.0.1:7433 --no-tls   # behind a reverse proxy`,
      ),
    )
    .action((opts: DaemonRunOptions) => run(f, opts));
}

export async function daemonRun(f: Factory, opts: DaemonRunOptions): Promise<void> {
  await f.localOnly('guru daemon run');
  const { Daemon } = await import('../../daemon/daemon.js');
  const settings = daemonSettings(opts, f.env);
  // Detached (`daemon start`), stdout and stderr are the log file. On a full disk a write there
  // fails; that must not become an uncaught error that takes the daemon down.
  const banner = f.env.GURU_DAEMON_DETACHED !== '1';
  if (!banner) for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const daemon = await Daemon.start({ home: f.home(), version: f.version(), ...settings });
  if (banner) {
    const door = (await daemon.status()).listen;
    const network = door ? `\n  listen: ${door.tls ? 'https' : 'http'}://${door.address}${door.fingerprint ? `\n  fingerprint: ${door.fingerprint}` : ''}` : '';
    f.io.err(`${t`guru daemon ${f.version()} running (pid ${process.pid})`}\n  socket: ${daemon.paths.socket}${network}\n  log:    ${daemon.paths.log}\n`);
  }
  // Every way out removes the socket: a graceful stop does it itself; the rest come here.
  const onExit = () => daemon.removeSocketSync();
  const crash = (reason: string) => (err: unknown) => {
    daemon.crash(reason, err);
    process.exit(1);
  };
  const onUncaught = crash('uncaught error');
  const onUnhandled = crash('unhandled rejection');
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal while stopping means "now": no more waiting on the graceful path.
    if (signalled) {
      daemon.crash(`received ${signal} again while stopping`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    signalled = true;
    void daemon.stop(`received ${signal}`);
  };
  process.on('exit', onExit);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUnhandled);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await daemon.stopped;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  if (banner) f.io.err(`${t`guru daemon stopped`}\n`);
  // Everything of ours is closed; a dependency's stray timer or socket (Baileys keeps some)
  // must not keep a stopped daemon alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 500).unref();
}
