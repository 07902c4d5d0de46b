import type { LinkState } from './model.js';

/** What someone linking a phone sees, in order: QR codes (or a code), then progress, then the end. */
export type LinkEvent =
  | { type: 'qr'; qr: string; validForMs: number }
  | { type: 'pairing-code'; code: string }
  /** While syncing: `progress` 0–100 as the phone reports it, and the chats and messages taken in so far. */
  | { type: 'state'; state: LinkState; progress?: number; chats?: number; messages?: number }
  | { type: 'linked'; number: string }
  | { type: 'failed'; reason: 'wrong_number' | 'qr_expired' | 'logged_out' | 'replaced' | 'already_linked' | 'error'; message: string };
