import { mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { GuruError } from '../core/errors.js';
import { writeFileDurably } from '../store/durable-write.js';
import { DIR_MODE } from '../store/paths.js';
import { t } from '../i18n/translate.js';

/**
 * What this machine knows of one remote server: how to trust it and who is logged in there.
 * Like ssh's known_hosts, the pin outlives a logout: the next login checks the same certificate.
 */
export interface ServerProfile {
  /** The canonical `host:port` (the key). */
  server: string;
  /** The pinned certificate (`sha256:…`), or null: trusted through the system's CA store. */
  fingerprint: string | null;
  /** Who logged in last (null before the first login). */
  email: string | null;
  /** The session's bearer token; null once logged out. */
  token: string | null;
  /**
   * Several servers (daemons on one database, `--server a:7433,b:7433`): each one's pinned
   * certificate (null: trusted through the CA store), by its `host:port`. Absent for one server.
   */
  members?: Record<string, string | null>;
  savedAt: string;
}

export interface ServerProfiles {
  /** The server commands go to when neither --server nor GURU_SERVER nor --home says otherwise. */
  default: string | null;
  servers: Record<string, ServerProfile>;
}

const EMPTY: ServerProfiles = { default: null, servers: {} };

/** `$XDG_CONFIG_HOME/guru/servers.json` (0600, in a 0700 dir), beside the local logins' sessions.json. */
export function serversFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'guru', 'servers.json');
}

/**
 * The saved profiles. A file that cannot be read as profiles is an error, never an empty list:
 * the next save would overwrite the pins (and tokens) it holds.
 */
export async function loadProfiles(env?: NodeJS.ProcessEnv): Promise<ServerProfiles> {
  const file = serversFile(env);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
    throw new GuruError('internal', t`cannot read ${file} (${(err as NodeJS.ErrnoException).code}) — check its owner and mode (0600)`);
  }
  const parsed = parse(text);
  if (!parsed) {
    throw new GuruError(
      'invalid_input',
      t`${file} is not a Guru servers file (broken JSON or wrong shape) — nothing was changed; fix it, or move it away and log in again with \`guru login --server HOST:PORT\``,
    );
  }
  return parsed;
}

/** Reads, changes and writes the profiles (0600, atomically). */
export async function updateProfiles(env: NodeJS.ProcessEnv | undefined, change: (profiles: ServerProfiles) => void): Promise<ServerProfiles> {
  const profiles = await loadProfiles(env);
  change(profiles);
  const file = serversFile(env);
  await mkdir(dirname(file), { recursive: true, mode: DIR_MODE });
  await writeFileDurably(file, `${JSON.stringify(profiles, null, 2)}\n`);
  return profiles;
}

function parse(text: string): ServerProfiles | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || !isObject(value.servers)) return null;
  const def = value.default ?? null;
  if (def !== null && typeof def !== 'string') return null;
  const servers: Record<string, ServerProfile> = {};
  for (const [key, entry] of Object.entries(value.servers)) {
    if (!isObject(entry)) return null;
    const { fingerprint, email, token, savedAt, members } = entry;
    if (!nullableString(fingerprint) || !nullableString(email) || !nullableString(token) || typeof savedAt !== 'string') return null;
    if (members !== undefined && (!isObject(members) || !Object.values(members).every(nullableString))) return null;
    servers[key] = { server: key, fingerprint, email, token, savedAt, ...(members ? { members: members as Record<string, string | null> } : {}) };
  }
  return { default: def, servers };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}
