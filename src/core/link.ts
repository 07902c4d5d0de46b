import { t } from '../i18n/translate.js';
import type { LinkState } from './model.js';

/** What someone linking a phone sees, in order: QR codes (or a code), then progress, then the end. */
export type LinkEvent =
  | { type: 'qr'; qr: string; validForMs: number }
  | { type: 'pairing-code'; code: string }
  /** While syncing: `progress` 0–100 as the phone reports it, and the chats and messages taken in so far. */
  | { type: 'state'; state: LinkState; progress?: number; chats?: number; messages?: number }
  | { type: 'linked'; number: string }
  | { type: 'failed'; reason: 'wrong_number' | 'qr_expired' | 'logged_out' | 'replaced' | 'already_linked' | 'error'; message: string };

/**
 * A link state as people read it: `guru phone list|status|link`, the inbox's status bar and the
 * demo's narration (the JSON keeps the code: `waiting_qr`, `logged_out`…). A state a newer
 * daemon names that this version does not know is shown as it is.
 */
export function linkStateWord(state: LinkState | (string & {})): string {
  switch (state) {
    case 'unlinked':
      return t`unlinked`;
    case 'waiting_qr':
      return t`waiting_qr`;
    case 'waiting_code':
      return t`waiting_code`;
    case 'pairing':
      return t`pairing`;
    case 'syncing':
      return t`syncing`;
    case 'connected':
      return t`connected`;
    case 'reconnecting':
      return t`reconnecting`;
    case 'logged_out':
      return t`logged_out`;
    case 'replaced':
      return t`replaced`;
    default:
      return state;
  }
}
