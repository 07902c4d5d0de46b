import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { createSecureContext } from 'node:tls';
import { GuruError } from '../core/errors.js';
import { isWildcard } from '../core/listen.js';
import { writeFileDurably } from '../store/durable-write.js';
import { makeSelfSigned } from '../tls/self-signed.js';
import type { DataPaths } from '../store/paths.js';
import { makePrivateDir } from '../store/private-dir.js';
import { t } from '../i18n/translate.js';

/** What the TLS door serves: PEM certificate (chain) and key, and what clients pin. */
export interface ServedCertificate {
  cert: string;
  key: string;
  /** `sha256:` + lowercase hex of the SHA-256 of the leaf certificate's DER. */
  fingerprint: string;
  /** Where it came from: made here (self-signed) or given with --tls-cert/--tls-key. */
  source: 'self-signed' | 'given';
}

/** The one fingerprint format, everywhere (status, profiles, invites, error messages). */
export function fingerprintOf(pem: string): string {
  return `sha256:${new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase()}`;
}

/** Ten years: clients pin the fingerprint, so an expiry would only break them on a fixed day. */
const SELF_SIGNED_DAYS = 3650;

/**
 * The certificate the daemon serves. Given files (a CA-signed certificate) are read and checked;
 * otherwise the data dir's own self-signed pair (`tls/cert.pem`, `tls/key.pem`), made on first
 * use and kept from then on — a new one would change the fingerprint every client has pinned,
 * so it is never replaced behind anyone's back (delete `tls/` to make a new one).
 */
export async function loadCertificate(paths: DataPaths, listenHost: string, given?: { cert: string; key: string }): Promise<ServedCertificate> {
  if (given) return { ...(await readGiven(given.cert, given.key)), source: 'given' };
  const existing = await readPair(paths.tlsCert, paths.tlsKey);
  if (existing) return { ...existing, source: 'self-signed' };
  await makePrivateDir(paths.tlsDir);
  const made = await makeDaemonCertificate(listenHost);
  // Key first, certificate last: a certificate on disk always has its key beside it.
  await writeFileDurably(paths.tlsKey, made.key);
  await writeFileDurably(paths.tlsCert, made.cert);
  return { ...made, fingerprint: fingerprintOf(made.cert), source: 'self-signed' };
}

/** The data dir's pair, or null when it was never made (or only half of it was written). */
async function readPair(certFile: string, keyFile: string): Promise<Omit<ServedCertificate, 'source'> | null> {
  const [cert, key] = await Promise.all([readIfThere(certFile), readIfThere(keyFile)]);
  if (cert === null || key === null) return null;
  return checkPair(cert, key, certFile, keyFile);
}

async function readGiven(certFile: string, keyFile: string): Promise<Omit<ServedCertificate, 'source'>> {
  const read = (file: string, what: string) =>
    readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new GuruError('invalid_input', t`cannot read the TLS ${what} ${file} (${err.code ?? err.message}) — check the path given to --tls-${what}`);
    });
  const [cert, key] = await Promise.all([read(certFile, 'cert'), read(keyFile, 'key')]);
  return checkPair(cert, key, certFile, keyFile);
}

/** A certificate that parses, a key that parses, and the two belong together. */
function checkPair(cert: string, key: string, certFile: string, keyFile: string): Omit<ServedCertificate, 'source'> {
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(cert);
  } catch (err) {
    throw new GuruError('invalid_input', t`${certFile} is not a PEM certificate (${(err as Error).message}) — give the certificate (chain) in PEM form`);
  }
  try {
    createPrivateKey(key);
  } catch (err) {
    throw new GuruError('invalid_input', t`${keyFile} is not a PEM private key (${(err as Error).message}) — give an unencrypted private key in PEM form`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new GuruError('invalid_input', t`the key in ${keyFile} does not belong to the certificate in ${certFile} (${(err as Error).message})`);
  }
  return { cert, key, fingerprint };
}

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * The data dir's own certificate: for the address it listens on (with a wildcard address,
 * this machine's name), localhost, 127.0.0.1 and ::1.
 */
function makeDaemonCertificate(listenHost: string): Promise<{ cert: string; key: string }> {
  const names = ['localhost', '127.0.0.1', '::1', isWildcard(listenHost) ? hostname().toLowerCase() : listenHost];
  return makeSelfSigned({ commonName: `Guru ${isWildcard(listenHost) ? hostname() : listenHost}`, names, validDays: SELF_SIGNED_DAYS });
}
