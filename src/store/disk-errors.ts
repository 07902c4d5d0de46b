import { dirname } from 'node:path';
import { GuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';

/**
 * Turns what the kernel says when a write cannot happen (full disk, quota, file size limit,
 * read-only mount, no write permission) into an error that says what happened to which file
 * and what to do. `what` names the change that did not happen ("the state file was not
 * changed"). Anything else comes back as it was.
 */
export function diskError(err: unknown, path: string, what: string): unknown {
  if (err instanceof GuruError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const dir = dirname(path);
  switch (code) {
    case 'ENOSPC':
      return new GuruError(
        'store_unwritable',
        t`disk full: no space left on the disk holding ${dir} (writing ${path}) — ${what}; free disk space and try again`,
      );
    case 'EDQUOT':
      return new GuruError(
        'store_unwritable',
        t`disk full: the disk quota is exceeded in ${dir} (writing ${path}) — ${what}; free disk space or raise the quota and try again`,
      );
    case 'EFBIG':
      return new GuruError(
        'store_unwritable',
        t`${path} cannot grow: the file size limit was reached (EFBIG) — ${what}; free disk space or raise the limit (\`ulimit -f\`, the filesystem's maximum) and try again`,
      );
    case 'EROFS':
      return new GuruError('store_unwritable', t`${dir} is read-only (a read-only filesystem; writing ${path}) — ${what}; remount it read-write and try again`);
    case 'EACCES':
    case 'EPERM':
      return new GuruError(
        'store_unwritable',
        t`${dir} is read-only for this user (permission denied writing ${path}) — ${what}; run guru as the data dir's owner or make it writable (chmod u+w)`,
      );
    default:
      return err;
  }
}
