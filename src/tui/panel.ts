import type { WatchEvent } from '../api/protocol.js';
import type { InboxApi } from './api.js';
import type { InboxAction, InboxState } from './state/inbox.js';
import { t } from '../i18n/translate.js';

/** A burst of watch events reloads the panel once, this long after the first. */
const REFRESH_MS = 300;

/** Whether the inbox's user may see the team panel: admins, and whoever holds reports.view. */
export function seesPanel(s: Pick<InboxState, 'me'>): boolean {
  return s.me !== null && (s.me.role === 'admin' || s.me.effectivePermissions.includes('reports.view'));
}

/**
 * The team panel (`P`): opened, it loads the team's figures and each number's health, and loads
 * them again whenever the watch stream says something that may move them (a chat, a message, a
 * presence, a phone), at most once per `REFRESH_MS`. Closed, it costs nothing.
 */
export function panelActions(
  api: Pick<InboxApi, 'panel' | 'phoneHealth'>,
  dispatch: (a: InboxAction) => void,
  get: () => InboxState,
  fail: (err: unknown) => void,
  info: (text: string) => void,
) {
  let timer: NodeJS.Timeout | null = null;

  async function load(): Promise<void> {
    const [team, health] = await Promise.all([api.panel(), api.phoneHealth()]);
    if (get().focus === 'panel') dispatch({ type: 'panel', data: { team, health, at: new Date().toISOString() } });
  }

  return {
    toggle(): void {
      const s = get();
      if (s.focus === 'panel') return dispatch({ type: 'focus', focus: s.returnTo });
      if (!seesPanel(s)) return info(t`the team panel needs the "reports.view" permission — ask an admin`);
      dispatch({ type: 'focus', focus: 'panel' });
      load().catch(fail);
    },

    /** A watch event: while the panel is open, what may change its figures reloads it (soon, once). */
    heard(event: WatchEvent): void {
      if (get().focus !== 'panel' || timer) return;
      if (!['chat', 'message', 'presence', 'phone', 'chat.hidden'].includes(event.type)) return;
      timer = setTimeout(() => {
        timer = null;
        load().catch(fail);
      }, REFRESH_MS);
    },

    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
