import { anonymousServerClient } from '../client/connect.js';
import { parseFingerprint } from '../client/fingerprint.js';
import type { DaemonClient } from '../client/http.js';
import { parseServer, parseServers, serverKey } from '../client/server-address.js';
import type { Target } from '../client/target.js';
import { changedFingerprint, probeServer, type ServerEndpoint, type ServerIdentity } from '../client/tls-connect.js';
import { denied, GuruError, usage } from '../core/errors.js';
import type { Factory } from './factory.js';
import { t } from '../i18n/translate.js';

export type ServerTarget = Extract<Target, { kind: 'server' }>;

/**
 * The server a login-like command (`guru login`, and those that redeem or reset without a
 * session) talks to, with trust settled first and a client that carries no token yet.
 */
export async function connectForLogin(
  f: Factory,
  target: ServerTarget,
  fingerprintFlag?: string,
): Promise<{ endpoint: ServerEndpoint | ServerEndpoint[]; client: DaemonClient }> {
  if (target.server.includes(',')) return connectSeveralForLogin(f, target, fingerprintFlag);
  const endpoint = await trustServer(f, target, fingerprintFlag);
  return { endpoint, client: anonymousServerClient({ home: f.home(), version: f.version(), env: f.env }, endpoint) };
}

/**
 * Several servers (daemons on one database): the certificate of each is settled in turn, as for
 * one (`--fingerprint` names the certificate they share). One that does not answer now is left
 * out, and said so: a later login adds it. The login itself goes to the first trusted.
 */
async function connectSeveralForLogin(
  f: Factory,
  target: ServerTarget,
  fingerprintFlag?: string,
): Promise<{ endpoint: ServerEndpoint[]; client: DaemonClient }> {
  const trusted: ServerEndpoint[] = [];
  for (const address of parseServers(target.server)) {
    const member = serverKey(address);
    const pin = target.profile?.members?.[member];
    const profile = target.profile && pin !== undefined ? { ...target.profile, server: member, fingerprint: pin, members: undefined } : null;
    try {
      trusted.push(await trustServer(f, { ...target, server: member, profile }, fingerprintFlag));
    } catch (err) {
      if ((err as GuruError).code !== 'daemon_unreachable') throw err;
      f.io.err(`${t`${member} does not answer now — left out; log in again once it is up to add it`}\n`);
    }
  }
  if (trusted.length === 0) throw new GuruError('daemon_unreachable', t`none of ${target.server} answers — check the addresses and that the daemons run`);
  const [first, ...alternates] = trusted;
  return {
    endpoint: trusted,
    client: anonymousServerClient({ home: f.home(), version: f.version(), env: f.env }, first!, alternates),
  };
}

/**
 * Decides how to trust `target` from one TLS handshake (no HTTP, so nothing is sent):
 * `--fingerprint` pins it outright (and re-pins a changed one); a saved pin must match, loudly
 * refused otherwise; on first contact a CA-signed certificate is trusted as the system store
 * says, and any other is shown and asked about on a terminal, like ssh's known_hosts.
 */
export async function trustServer(f: Factory, target: ServerTarget, fingerprintFlag?: string): Promise<ServerEndpoint> {
  const wanted = fingerprintFlag === undefined ? undefined : parseFingerprint(fingerprintFlag);
  const address = parseServer(target.server);
  const seen = await probeServer(address);
  const key = target.server;
  const pinned = (fingerprint: string | null): ServerEndpoint => ({ ...address, fingerprint });

  if (wanted !== undefined) {
    if (seen.fingerprint === wanted) return pinned(wanted);
    throw denied(
      [
        t`the certificate of ${key} is not the one you named — refused, nothing was sent.`,
        `  --fingerprint: ${wanted}`,
        t`  presented:     ${seen.fingerprint}`,
        t`Check the fingerprint \`guru daemon status\` shows on the server; if it shows the presented one, pass that.`,
      ].join('\n'),
    );
  }
  const profile = target.profile;
  if (profile?.fingerprint) {
    if (seen.fingerprint === profile.fingerprint) return pinned(profile.fingerprint);
    throw changedFingerprint(key, profile.fingerprint, seen.fingerprint);
  }
  if (seen.trustedBySystem) {
    if (!profile) f.io.err(`${t`${key}: certificate signed by a CA this system trusts (${seen.fingerprint})`}\n`);
    return pinned(null);
  }
  if (profile) throw noLongerTrusted(key, seen);
  return pinned(await askToTrust(f, key, seen));
}

/** First contact with a certificate no CA vouches for: the person compares and decides. */
async function askToTrust(f: Factory, key: string, seen: ServerIdentity): Promise<string> {
  if (!f.io.canPrompt()) {
    throw usage(
      [
        t`${key} is not known here and its certificate is not signed by a CA this system trusts (${seen.untrustedBecause}) — nothing was sent.`,
        t`  its fingerprint: ${seen.fingerprint}`,
        t`Check that it is the one \`guru daemon status\` shows on the server, then pin it (no terminal to ask on: --no-input or not a TTY):`,
        `  guru login --server ${key} --fingerprint ${seen.fingerprint} …`,
      ].join('\n'),
    );
  }
  f.io.err(
    [
      t`The authenticity of ${key} can't be established: its certificate is not signed by a CA this system trusts.`,
      t`  fingerprint: ${seen.fingerprint}`,
      t`Compare it with what \`guru daemon status\` shows on the server (ask its admin).`,
      '',
    ].join('\n'),
  );
  const { confirm } = await import('@inquirer/prompts');
  const yes = await confirm(
    { message: t`Trust ${key} and remember its certificate?`, default: false },
    { input: f.io.stdin as NodeJS.ReadableStream, output: f.io.stdout as NodeJS.WritableStream },
  );
  if (!yes) throw denied(t`${key} was not trusted — nothing was sent`);
  return seen.fingerprint;
}

function noLongerTrusted(key: string, seen: ServerIdentity): GuruError {
  return denied(
    [
      t`the certificate of ${key} is no longer signed by a CA this system trusts (${seen.untrustedBecause}) — refused, nothing was sent.`,
      t`  presented: ${seen.fingerprint}`,
      t`Ask the server's admin what \`guru daemon status\` shows there; only if it is the presented one, pin it with:`,
      `  guru login --server ${key} --fingerprint ${seen.fingerprint}`,
    ].join('\n'),
  );
}
