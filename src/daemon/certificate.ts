import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { createSecureContext } from 'node:tls';
import { GuruError } from '../core/errors.js';
import { isWildcard } from '../core/listen.js';
import { writeFileDurably } from '../store/durable-write.js';
import type { DataPaths } from '../store/paths.js';
import { makePrivateDir } from '../store/private-dir.js';

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
  const made = await makeSelfSigned(listenHost);
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
      throw new GuruError('invalid_input', `cannot read the TLS ${what} ${file} (${err.code ?? err.message}) — check the path given to --tls-${what}`);
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
    throw new GuruError('invalid_input', `${certFile} is not a PEM certificate (${(err as Error).message}) — give the certificate (chain) in PEM form`);
  }
  try {
    createPrivateKey(key);
  } catch (err) {
    throw new GuruError('invalid_input', `${keyFile} is not a PEM private key (${(err as Error).message}) — give an unencrypted private key in PEM form`);
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new GuruError('invalid_input', `the key in ${keyFile} does not belong to the certificate in ${certFile} (${(err as Error).message})`);
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
 * A self-signed ECDSA P-256 server certificate naming the listen host (and, on a wildcard
 * address, this machine's name), localhost, 127.0.0.1 and ::1. Made with @peculiar/x509,
 * loaded only here: a daemon without a network door never pays for it.
 */
async function makeSelfSigned(listenHost: string): Promise<{ cert: string; key: string }> {
  // @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (isWildcard(listenHost)) names.add(hostname().toLowerCase());
  else names.add(listenHost);
  const isIp = (name: string) => /^[\d.]+$/.test(name) || name.includes(':');
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    // Positive (first bit clear) and random, as RFC 5280 asks.
    serialNumber: `7f${randomBytes(15).toString('hex')}`,
    name: `CN=Guru ${isWildcard(listenHost) ? hostname() : listenHost}`,
    notBefore: new Date(now - 24 * 60 * 60 * 1000), // a day back: clocks differ
    notAfter: new Date(now + SELF_SIGNED_DAYS * 24 * 60 * 60 * 1000),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...names].map((value) => ({ type: isIp(value) ? 'ip' : 'dns', value }) as const)),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string;
  return { cert: cert.toString('pem'), key };
}
