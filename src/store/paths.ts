import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where one Guru installation keeps its files. One place, so no layer invents its own paths. */
export interface DataPaths {
  home: string;
  /** Small state: account, users, departments, phones, round-robins (JSON; cursors also in `cursors.json`). */
  state: string;
  /** Held by the single writer (the daemon, or one CLI command when no daemon runs). */
  lock: string;
  /** Append-only audit trail, one JSON object per line. */
  audit: string;
  /** Login sessions: an append-only log of token hashes (0600). */
  sessions: string;
  /** What the team set about customers (names, fields), one JSON file (0600). */
  contacts: string;
  /**
   * Where the stores are when they are not these files: a PostgreSQL URL (0600: it may hold the
   * database password), written by `guru init --store`. GURU_STORE_URL wins over it.
   */
  storeUrl: string;
  /** Lets local admin commands act as the installation's owner. */
  ownerToken: string;
  /** The daemon's API (HTTP over a unix socket, mode 0600). */
  socket: string;
  /** The daemon's structured log (its rotations `.1` … `.3` beside it; all together size-capped). */
  log: string;
  /** The network door's self-signed certificate and key, made on first start (dir 0700, files 0600). */
  tlsDir: string;
  tlsCert: string;
  tlsKey: string;
}

/** `--home` wins, then GURU_HOME, then the XDG data dir. */
export function resolveHome(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.GURU_HOME) return resolve(env.GURU_HOME);
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'guru');
}

export function dataPaths(home: string): DataPaths {
  return {
    home,
    state: join(home, 'state.json'),
    lock: join(home, 'guru.lock'),
    audit: join(home, 'audit.jsonl'),
    sessions: join(home, 'sessions.jsonl'),
    contacts: join(home, 'contacts.json'),
    storeUrl: join(home, 'store.url'),
    ownerToken: join(home, 'owner.token'),
    socket: join(home, 'guru.sock'),
    log: join(home, 'daemon.log'),
    tlsDir: join(home, 'tls'),
    tlsCert: join(home, 'tls', 'cert.pem'),
    tlsKey: join(home, 'tls', 'key.pem'),
  };
}

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** Whether anything is at `path` (a file, a directory): a missing one and one that cannot be looked at alike say no. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
