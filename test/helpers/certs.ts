import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A certificate and its key in PEM, its files, and its fingerprint as Guru writes it. */
export interface TestCert {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  fingerprint: string;
}

/**
 * The test certificates in test/fixtures/tls (made once by its make.mjs, valid until 2125):
 * `first` and `replaced` are self-signed server certificates for 127.0.0.1, ::1 and
 * localhost; `ca-signed` is one signed by the test CA `ca`.
 */
export type FixtureName = 'first' | 'replaced' | 'ca' | 'ca-signed';

/** `sha256:` + lowercase hex, from node's own reading of the certificate (not our code's). */
export function fingerprint(pem: string): string {
  return `sha256:${new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase()}`;
}

export function fixtureCert(name: FixtureName): TestCert {
  const file = (kind: string) => fileURLToPath(new URL(`../fixtures/tls/${name}.${kind}.pem`, import.meta.url));
  const cert = readFileSync(file('cert'), 'utf8');
  return { cert, key: readFileSync(file('key'), 'utf8'), certFile: file('cert'), keyFile: file('key'), fingerprint: fingerprint(cert) };
}
