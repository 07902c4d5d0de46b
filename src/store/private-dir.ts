import { chmod, mkdir, stat } from 'node:fs/promises';
import { GuruError } from '../core/errors.js';
import { t } from '../i18n/translate.js';
import { DIR_MODE } from './paths.js';

/**
 * Makes `dir` the data dir it must be: created 0700 if missing; if it already exists (made by
 * hand, `mkdir` with the usual 0755), narrowed to 0700 — `mkdir`'s mode applies only to a dir
 * it creates — and refused when another user owns it, since they could then read or swap
 * our files whatever their modes.
 */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const info = await stat(dir);
  const me = process.getuid?.();
  if (me !== undefined && info.uid !== me) {
    throw new GuruError(
      'permission_denied',
      t`${dir} belongs to another user (uid ${info.uid}, not ${me}) — a Guru data dir must be your own; run guru as that user, or choose a dir of yours with --home`,
    );
  }
  if ((info.mode & 0o777) !== DIR_MODE) await chmod(dir, DIR_MODE);
}
