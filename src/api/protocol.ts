import type { z } from 'zod';
import type { ErrorCode } from '../core/errors.js';
import type { daemonStatus, phoneStatus } from './outputs.js';
import type { LinkState } from '../core/model.js';

/**
 * The daemon's API: HTTP + JSON over a unix socket in the data dir (tailscale LocalAPI style).
 * This file is the contract both sides import; it holds types and constants only.
 */
export const API_PREFIX = '/v1';
/** Sent both ways; a mismatch makes the client warn once. */
export const VERSION_HEADER = 'guru-version';
/** With the owner token only: act as this user (scripts: `guru chat … --as <email>`). */
export const ACT_AS_HEADER = 'guru-act-as';
/** On streams with heartbeats: how often one comes (ms), so clients can tell silence from a quiet day. */
export const HEARTBEAT_HEADER = 'guru-heartbeat-ms';
/** On a watch stream: its id, for acknowledging heartbeats (`POST /v1/watch/:id/alive`). */
export const WATCH_ID_HEADER = 'guru-watch-id';
/** Requests larger than this are refused with 413 before they are read. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string };
}

export function statusForError(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
    case 'usage':
    case 'interrupted':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'permission_denied':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'not_initialized':
    case 'not_linked':
      return 409;
    case 'limit':
      return 429;
    case 'store_busy':
    case 'store_unreachable':
    case 'daemon_unreachable':
      return 503;
    case 'store_unwritable':
      return 507; // Insufficient Storage: the server's condition, not a bug and not the caller's
    case 'store_unreadable':
    case 'internal':
      return 500;
  }
}

export type { LinkState };

/** A phone as `guru daemon status` shows it (the type derives from its schema in `outputs.ts`). */
export type PhoneStatus = z.output<ReturnType<typeof phoneStatus>>;

export type DaemonStatus = z.output<ReturnType<typeof daemonStatus>>;

/** Who the caller is, and what `GET /v1/watch` streams: the engine's types (`src/core/events.ts`). */
export type { WatchEvent, WhoAmI } from '../core/events.js';
