import type { LinkState } from '../api/protocol.js';
import type { DeliveryStatus } from '../core/chats/model.js';
import { t } from '../i18n/translate.js';

/**
 * Semantic colour tokens: components say what a thing is (`theme.error`), never which colour.
 * Ink drops colour by itself when the terminal has none (NO_COLOR, TERM=dumb, no TTY).
 */
export const theme = {
  accent: 'cyan',
  muted: 'gray',
  error: 'red',
  success: 'green',
  warning: 'yellow',
  unread: 'magenta',
  selected: 'blue',
  incoming: 'white',
  outgoing: 'green',
  read: 'cyan',
  /** An internal note: the team's own words, never sent to the customer. */
  note: 'yellow',
} as const;

/** How each phone link state looks in the status bar. */
export function linkColor(state: LinkState): string {
  switch (state) {
    case 'connected':
      return theme.success;
    case 'syncing':
    case 'pairing':
    case 'waiting_qr':
    case 'waiting_code':
    case 'reconnecting':
      return theme.warning;
    case 'unlinked':
    case 'logged_out':
    case 'replaced':
      return theme.error;
  }
}

/** Delivery ticks of an outgoing message, as WhatsApp shows them. */
export function ticks(status: DeliveryStatus | null): { mark: string; color: string } {
  switch (status) {
    case 'pending':
    case null:
      return { mark: '◷', color: theme.muted };
    case 'sent':
      return { mark: '✓', color: theme.muted };
    case 'delivered':
      return { mark: '✓✓', color: theme.muted };
    case 'read':
      return { mark: '✓✓', color: theme.read };
    case 'failed':
      return { mark: `✗ ${t`not sent`}`, color: theme.error };
  }
}
