import { readFile } from 'node:fs/promises';
import { GuruError, usage } from '../core/errors.js';
import { dataPaths } from '../store/paths.js';
import { clientFrom, invoke, type Client } from './client.js';
import { DaemonClient, isUnreachable } from './http.js';
import { loadSession } from './session-file.js';
import type { Target } from './target.js';
import type { ServerEndpoint } from './tls-connect.js';
import { t } from '../i18n/translate.js';

export interface ConnectOptions {
  home: string;
  version: string;
  env?: NodeJS.ProcessEnv;
  onVersionMismatch?: (daemonVersion: string) => void;
  /** A one-line message for the person (e.g. the state file was migrated), without newline. */
  onNotice?: (message: string) => void;
  /** Where to go (default: the data dir `home` on this machine). */
  target?: Target;
}

/**
 * Who a command acts as: the installation's owner (`daemon stop`), the logged-in user (chat
 * commands), or — `admin`, for admin commands — the logged-in user when they are an admin, so
 * their changes are audited under their name, and the owner otherwise (nobody logged in, their
 * session ended, or an agent is logged in here and the data dir's OS user runs setup).
 */
export type Identity = 'owner' | 'admin' | 'session';

async function ownerToken(home: string): Promise<string | null> {
  try {
    return (await readFile(dataPaths(home).ownerToken, 'utf8')).trim() || null;
  } catch {
    return null;
  }
}

/**
 * A client of the daemon. Admin commands present the owner token when this OS user can read it
 * (else the login session); user commands present the login session.
 */
export async function daemonClient(options: ConnectOptions, identity: Identity, actAs?: string): Promise<DaemonClient> {
  if (options.target?.kind === 'server') return serverClient(options, options.target, actAs);
  const session = async () => (await loadSession(options.home, options.env))?.token ?? null;
  const admin = identity === 'admin' && !actAs ? await loggedInAdmin(options, await session()) : null;
  // `--as` is the owner speaking for a user, so it travels with the owner token.
  const token = admin ?? (identity !== 'session' || actAs ? ((await ownerToken(options.home)) ?? (await session())) : await session());
  return new DaemonClient({
    socket: dataPaths(options.home).socket,
    token,
    version: options.version,
    onVersionMismatch: options.onVersionMismatch,
    ...(actAs ? { actAs } : {}),
    ...requestTimeout(options.env ?? process.env),
  });
}

/**
 * `token` when it is the live session of an admin on this machine's daemon, else null. One
 * `whoami` more per admin command, on the local socket; a daemon that does not answer is the
 * caller's to report (or to replace with the in-process engine).
 */
async function loggedInAdmin(options: ConnectOptions, token: string | null): Promise<string | null> {
  if (!token) return null;
  const probe = new DaemonClient({ socket: dataPaths(options.home).socket, token, version: options.version, ...requestTimeout(options.env ?? process.env) });
  try {
    return (await probe.whoami()).user?.role === 'admin' ? token : null;
  } catch {
    return null; // ended or unknown: the owner acts, and the audit says so
  }
}

/**
 * A client of a remote server: always as the user logged in there, whatever the command would
 * present locally — the owner token never leaves this machine, and `--as` is a local tool.
 */
function serverClient(options: ConnectOptions, target: Extract<Target, { kind: 'server' }>, actAs: string | undefined): DaemonClient {
  if (actAs) {
    throw usage(
      t`--as works only on this machine's socket, with the owner token — on ${target.server} you act as the user you logged in as (\`guru whoami\`); drop --as, or use --home for a local data dir`,
    );
  }
  if (!target.endpoint) {
    throw new GuruError(
      'unauthenticated',
      t`you have not logged in to ${target.server} from here — log in first: guru login --server ${target.server} --email you@example.com (it checks the server's certificate)`,
    );
  }
  return new DaemonClient({
    server: target.endpoint,
    ...(target.alternates.length > 0 ? { alternates: target.alternates } : {}),
    token: target.profile?.token ?? null,
    version: options.version,
    onVersionMismatch: options.onVersionMismatch,
    ...requestTimeout(options.env ?? process.env),
  });
}

/** A client of a server whose trust was just settled, with no token yet (to log in). */
export function anonymousServerClient(options: ConnectOptions, endpoint: ServerEndpoint, alternates: ServerEndpoint[] = []): DaemonClient {
  return new DaemonClient({
    server: endpoint,
    ...(alternates.length > 0 ? { alternates } : {}),
    token: null,
    version: options.version,
    ...requestTimeout(options.env ?? process.env),
  });
}

/** GURU_REQUEST_TIMEOUT_MS: how long a request may go unanswered (default 30 s). */
function requestTimeout(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const raw = env.GURU_REQUEST_TIMEOUT_MS;
  if (raw === undefined || raw === '') return {};
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw usage(t`GURU_REQUEST_TIMEOUT_MS must be a whole number of milliseconds (got "${raw.slice(0, 40)}")`);
  return { timeoutMs: Number(raw) };
}

/**
 * DESIGN.md "One writer": through the daemon when one answers; otherwise the engine runs in
 * this process under the store's lock. The fallback happens only when nothing listens on the
 * socket, so a request is never applied twice.
 */
export async function adminClient(options: ConnectOptions): Promise<Client> {
  const daemon = (await daemonClient(options, 'admin')).operations();
  // A server that does not answer is reported, never replaced by this machine's data dir.
  if (options.target?.kind === 'server') return daemon;
  let local: Client | null = null;
  const session = async () => (await loadSession(options.home, options.env))?.token ?? null;
  const viaLocal = async () => (local ??= (await import('./local.js')).localClient(options.home, undefined, options.onNotice, await session()));
  return clientFrom(async (noun, verb, args) => {
    try {
      return await invoke(daemon, noun, verb, args);
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      return invoke(await viaLocal(), noun, verb, args);
    }
  });
}
