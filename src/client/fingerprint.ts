import { createHash } from 'node:crypto';
import { usage } from '../core/errors.js';
import { t } from '../i18n/translate.js';

/**
 * A certificate's fingerprint as Guru writes it everywhere (ACCESS-PLAN.md point 2): `sha256:`
 * and the lowercase hex of the SHA-256 of the certificate's DER — what `guru daemon status`
 * shows on the server and what `--fingerprint` takes.
 */
export function fingerprintOf(der: Buffer): string {
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/**
 * `--fingerprint` as typed or pasted: the `sha256:` prefix, upper or lower case, with or
 * without the colons openssl puts between bytes. Anything else is refused, never guessed.
 */
export function parseFingerprint(text: string): string {
  const raw = text.trim();
  const hex = raw
    .replace(/^sha256:/i, '')
    .replace(/:/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw usage(t`--fingerprint must be sha256: followed by 64 hex digits, as \`guru daemon status\` on the server shows it (got "${raw.slice(0, 100)}")`);
  }
  return `sha256:${hex}`;
}
