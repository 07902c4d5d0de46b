import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

export interface SelfSignedRequest {
  /** The subject's common name (what a person reading the certificate sees). */
  commonName: string;
  /** Host names and IP addresses the certificate is for (its subjectAltName). */
  names: readonly string[];
  /** How long it is valid from now. */
  validDays: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A self-signed server certificate (ECDSA P-256, SHA-256) and its key, both PEM: the daemon's
 * TLS door, the simulator's media host and the tests' SMTP server each trust it by pinning
 * or as their own `ca`, never through a CA store. Made with @peculiar/x509, loaded here only,
 * so what never serves TLS never pays for it.
 */
export async function makeSelfSigned({ commonName, names, validDays }: SelfSignedRequest): Promise<{ cert: string; key: string }> {
  // @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    // Positive (first bit clear) and random, as RFC 5280 asks.
    serialNumber: `7f${randomBytes(15).toString('hex')}`,
    name: `CN=${commonName.replace(/[,+="\\<>;#]/g, ' ')}`,
    notBefore: new Date(now - DAY_MS), // a day back: clocks differ
    notAfter: new Date(now + validDays * DAY_MS),
    signingAlgorithm: algorithm,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...new Set(names)].map((value) => ({ type: isIP(value) ? 'ip' : 'dns', value }) as const)),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string;
  const pem = cert.toString('pem');
  new X509Certificate(pem); // fails here, not in a client, if the generator ever changes its output
  return { cert: pem, key };
}
