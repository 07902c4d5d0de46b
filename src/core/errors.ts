/**
 * Typed errors shared by every layer. The CLI maps `code` to an exit code and the daemon maps
 * it to an HTTP status, so a refusal means the same thing wherever it is raised.
 */
export type ErrorCode =
  | 'invalid_input' // the value given is wrong (malformed email, bad phone, unknown permission)
  | 'usage' // the command line itself is wrong (missing flag, no TTY to prompt on)
  | 'not_found'
  | 'conflict' // duplicate, or still in use
  | 'limit' // a configured limit (seats) would be exceeded
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_initialized'
  | 'store_unreadable' // the state file is corrupt or unreadable: never overwrite it
  | 'store_busy' // another process holds the store's lock
  | 'store_unwritable' // the disk is full or read-only: nothing was changed
  | 'store_unreachable' // the database cannot be reached or refused the connection: nothing was changed
  | 'daemon_unreachable'
  | 'not_linked'
  | 'interrupted' // the person stopped it (Ctrl-C)
  | 'internal';

export class GuruError extends Error {
  override readonly name = 'GuruError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string) => new GuruError('invalid_input', message);
export const notFound = (message: string) => new GuruError('not_found', message);
export const conflict = (message: string) => new GuruError('conflict', message);
export const denied = (message: string) => new GuruError('permission_denied', message);
export const usage = (message: string) => new GuruError('usage', message);

export function isGuruError(err: unknown): err is GuruError {
  return err instanceof GuruError;
}
