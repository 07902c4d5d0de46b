import { usage } from '../core/errors.js';
import { parseServer, parseServers, serverKey, serversKey } from './server-address.js';
import { loadProfiles, updateProfiles, type ServerProfile } from './server-profiles.js';
import { loadSession, saveSession } from './session-file.js';
import type { ServerEndpoint } from './tls-connect.js';
import { t } from '../i18n/translate.js';

/**
 * Where a command goes: this machine's data directory (its daemon's socket, or the engine
 * in-process), or a Guru server over TLS as the user logged in there.
 */
export type Target =
  | { kind: 'local'; home: string }
  | {
      kind: 'server';
      /** Canonical `host:port`; several, comma-separated, for daemons sharing one database. */
      server: string;
      /** How to reach and trust it (the first of several); null when this machine never logged in there (no pin yet). */
      endpoint: ServerEndpoint | null;
      /** The other servers of several, tried in turn when one does not answer. */
      alternates: ServerEndpoint[];
      profile: ServerProfile | null;
      /** Chosen by --server or GURU_SERVER (not only the default profile). */
      explicit: boolean;
      /** Which setting chose it, for messages. */
      source: '--server' | 'GURU_SERVER' | 'default';
    };

export interface TargetChoice {
  /** `--server` as given. */
  server?: string;
  /** `--home` was given: this machine's data dir, even when a default server is saved. */
  homeGiven: boolean;
  home: string;
  env: NodeJS.ProcessEnv;
}

/**
 * `--server`, else `GURU_SERVER`, else `--home` (local), else the default profile (the last
 * `guru login --server`), else local: without any of them nothing changes from a local setup.
 */
export async function resolveTarget(choice: TargetChoice): Promise<Target> {
  const fromEnv = choice.env.GURU_SERVER?.trim();
  const [text, source] =
    choice.server !== undefined ? [choice.server, '--server' as const] : fromEnv ? [fromEnv, 'GURU_SERVER' as const] : [undefined, undefined];
  if (text === undefined && choice.homeGiven) return { kind: 'local', home: choice.home };
  // Only a saved default costs a look at servers.json when nothing asked for a server.
  const profiles = await loadProfiles(choice.env);
  const key = text !== undefined ? serversKey(parseServers(text, source)) : profiles.default;
  if (key === null) return { kind: 'local', home: choice.home };
  const profile = profiles.servers[key] ?? null;
  const [first, ...others] = endpointsOf(key, profile);
  return {
    kind: 'server',
    server: key,
    endpoint: first ?? null,
    alternates: others,
    profile,
    explicit: source !== undefined,
    source: source ?? 'default',
  };
}

/**
 * Where a saved profile says to go, each with its pin: one server, or each of several (those not
 * pinned yet are left out until a login trusts them). None before the first login.
 */
function endpointsOf(key: string, profile: ServerProfile | null): ServerEndpoint[] {
  if (!profile) return [];
  if (!profile.members) return [{ ...parseServer(key), fingerprint: profile.fingerprint }];
  return parseServers(key).flatMap((address) => {
    const member = serverKey(address);
    return member in profile.members! ? [{ ...address, fingerprint: profile.members![member] ?? null }] : [];
  });
}

/** A command that only runs on this machine, asked of a server: a usage error naming both. */
export function notRemote(command: string, target: Target): Error | null {
  if (target.kind !== 'server' || !target.explicit) return null;
  return usage(
    t`\`${command}\` works only on this machine's data dir (--home / GURU_HOME), not on a server — drop ${target.source === 'GURU_SERVER' ? 'GURU_SERVER' : '--server'} (${target.server}), or run it on the server itself`,
  );
}

/** The login saved for the target: the session of a local data dir, or the server profile's. */
export async function savedLogin(target: Target, env: NodeJS.ProcessEnv): Promise<{ email: string; token: string } | null> {
  if (target.kind === 'local') return loadSession(target.home, env);
  const profile = target.profile;
  return profile?.token && profile.email ? { email: profile.email, token: profile.token } : null;
}

/**
 * Keeps a new login. On a server it also keeps the pin it was made under and makes that
 * server the default, so the next commands go there without --server.
 */
export async function rememberLogin(
  target: Target,
  login: { email: string; token: string; savedAt: string },
  env: NodeJS.ProcessEnv,
  endpoint?: ServerEndpoint | ServerEndpoint[],
): Promise<void> {
  if (target.kind === 'local') return saveSession(target.home, login, env);
  const pins = endpoint ? [endpoint].flat() : target.endpoint ? [target.endpoint, ...target.alternates] : [];
  if (pins.length === 0) throw new Error(`no trusted endpoint for ${target.server}`); // login decides trust first
  const several = target.server.includes(',');
  await updateProfiles(env, (profiles) => {
    profiles.servers[target.server] = several
      ? { server: target.server, fingerprint: null, members: Object.fromEntries(pins.map((pin) => [serverKey(pin), pin.fingerprint])), ...login }
      : { server: target.server, fingerprint: pins[0]!.fingerprint, ...login };
    profiles.default = target.server;
  });
}

/**
 * Forgets the login. A server's pin stays (like a known_hosts line); it stops being the
 * default, so commands are local again until the next `guru login --server`.
 */
export async function forgetLogin(target: Target, env: NodeJS.ProcessEnv): Promise<void> {
  if (target.kind === 'local') return saveSession(target.home, null, env);
  await updateProfiles(env, (profiles) => {
    const profile = profiles.servers[target.server];
    if (profile) profiles.servers[target.server] = { ...profile, token: null };
    if (profiles.default === target.server) profiles.default = null;
  });
}
