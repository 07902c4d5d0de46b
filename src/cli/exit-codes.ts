import type { ErrorCode } from '../core/errors.js';

/** DESIGN.md's exit codes, in one table. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  daemonUnreachable: 3,
  notLinked: 4,
  permissionDenied: 5,
  interrupted: 130,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'usage':
      return EXIT.usage;
    case 'daemon_unreachable':
      return EXIT.daemonUnreachable;
    case 'not_linked':
      return EXIT.notLinked;
    case 'interrupted':
      return EXIT.interrupted;
    case 'permission_denied':
    case 'unauthenticated':
      return EXIT.permissionDenied;
    case 'invalid_input':
    case 'not_found':
    case 'conflict':
    case 'limit':
    case 'not_initialized':
    case 'store_unreadable':
    case 'store_busy':
    case 'store_unwritable':
    case 'store_unreachable':
    case 'internal':
      return EXIT.error;
  }
}
