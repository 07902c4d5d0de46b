import type { LinkState } from './model.js';

/** What someone linking a phone sees, in order: QR codes (or a code), then progress, then the end. */
export type LinkEvent =
  | { type: 'qr'; qr: string; validForMs: number }
  | { type: 'pairing-code'; code: string }
  | { type: 'state'; state: LinkState; progress?: number }
  | { type: 'linked'; number: string }
  | { type: 'failed'; reason: 'wrong_number' | 'qr_expired' | 'logged_out' | 'replaced' | 'already_linked' | 'error'; message: string };
