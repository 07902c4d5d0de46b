import type { Availability } from './model.js';
import { t } from '../i18n/translate.js';

/**
 * An availability in the reader's words, as every screen shows presence (`guru status`, `user
 * list`, `whoami`, the inbox's status bar, `guru tail`); the JSON keeps the English code.
 */
export function availabilityWord(availability: Availability): string {
  switch (availability) {
    case 'online':
      return t`online`;
    case 'busy':
      return t`busy`;
    case 'away':
      return t`away`;
    case 'offline':
      return t`offline`;
  }
}

/**
 * Who is connected, each busy or away one marked: "ana@acme.com, bia@acme.com (busy)". `label`
 * turns an email into what to show (a sanitised field, a name).
 */
export function presenceList(online: readonly string[], availability: Readonly<Record<string, Availability>>, label = (email: string) => email): string {
  return online
    .map((email) => {
      const shown = availability[email];
      return shown === 'busy' || shown === 'away' ? `${label(email)} (${availabilityWord(shown)})` : label(email);
    })
    .join(', ');
}
