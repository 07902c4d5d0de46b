import { usage } from '../core/errors.js';
import { t } from '../i18n/translate.js';

const UNITS = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 } as const;

/**
 * Parses a size (`500MB`, `5GB`, `1.5 TB`; powers of 1024) as bytes; a usage error naming the
 * flag otherwise. `none` (when `allowNone`) is null: no limit. (Parsed in the command, not by
 * commander: a parser answering null makes commander keep the raw text.)
 */
export function parseSize(value: string, flag: string, allowNone = false): number | null {
  if (allowNone && /^\s*none\s*$/i.test(value)) return null;
  const match = /^\s*(\d{1,9}(?:\.\d{1,3})?)\s*(b|kb|mb|gb|tb)\s*$/i.exec(value);
  if (!match) {
    const got = value.slice(0, 40);
    throw usage(
      allowNone ? t`${flag} must be a size such as 500MB or 5GB, or none (got "${got}")` : t`${flag} must be a size such as 500MB or 5GB (got "${got}")`,
    );
  }
  return Math.round(Number(match[1]) * UNITS[match[2]!.toLowerCase() as keyof typeof UNITS]);
}
