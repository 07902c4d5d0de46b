import type { InboxApi } from './api.js';
import type { KeyIntent } from './keys.js';
import type { InboxAction, InboxState } from './state/inbox.js';
import { availabilityWord } from '../core/availability.js';
import type { StatusChoice, StatusView } from '../core/ops/status.js';
import { t } from '../i18n/translate.js';

/** What the status key (`A`) goes to next: online → busy → away → online. */
const NEXT: Record<StatusChoice, StatusChoice> = { online: 'busy', busy: 'away', away: 'online' };

/**
 * The agent's own availability in the inbox: the status key cycles online → busy → away, and the
 * inbox marks its agent away by itself after the account's `awayAfterMs` without a key press —
 * and online again at the next key, but only an away it set itself (the daemon keeps a busy or
 * away said by hand: see `status.set`'s `auto`). Plain timers: the inbox runs on the wall clock.
 */
export function availabilityActions(
  api: Pick<InboxApi, 'myStatus' | 'setStatus'>,
  dispatch: (a: InboxAction) => void,
  get: () => InboxState,
  fail: (err: unknown) => void,
  info: (text: string) => void,
) {
  let idle: NodeJS.Timeout | null = null;
  let stopped = false;
  const mine = (view: StatusView) => dispatch({ type: 'myStatus', status: view.status, auto: view.auto, awayAfterMs: view.awayAfterMs });

  /** (Re)starts the wait for the next key: after `awayAfterMs` of none, away. */
  function arm(): void {
    if (idle) clearTimeout(idle);
    idle = null;
    const ms = get().awayAfterMs;
    if (!stopped && ms > 0) idle = setTimeout(goAway, ms);
  }

  function goAway(): void {
    idle = null;
    if (get().myStatus?.status !== 'online') return; // busy or away already: nothing to guess
    // Not an error worth a line if it fails (the daemon away, say): the next key arms it again.
    api.setStatus('away', { auto: true }).then(
      (view) => {
        mine(view);
        if (view.auto) info(t`away: no key pressed for a while — any key brings you back online`);
      },
      () => undefined,
    );
  }

  return {
    /** Learns my status (and the account's away time), then starts watching for idleness. */
    start(): () => void {
      api.myStatus().then((view) => {
        mine(view);
        arm();
      }, fail);
      return () => {
        stopped = true;
        if (idle) clearTimeout(idle);
      };
    },

    /** A key was pressed (`intent`: what it means, if anything): back from an idle away, and the wait starts again. */
    touched(intent: KeyIntent | null): void {
      const s = get();
      // The status key chooses for itself (from online: the away it ends was the inbox's guess).
      if (s.myStatus?.auto && s.myStatus.status === 'away' && intent?.type !== 'status') {
        dispatch({ type: 'myStatus', status: 'online', auto: false });
        api.setStatus('online', { auto: true }).then((view) => {
          mine(view);
          if (view.status === 'online') info(t`back online`);
        }, fail);
      }
      arm();
    },

    /** The status key: online → busy → away → online, said by hand (never undone by a key). */
    cycle(): void {
      const current = get().myStatus;
      if (!current) return;
      const next = NEXT[current.auto ? 'online' : current.status];
      dispatch({ type: 'myStatus', status: next, auto: false });
      api.setStatus(next).then(
        (view) => {
          mine(view);
          info(t`You are ${availabilityWord(view.status)} now`);
        },
        (err: unknown) => {
          dispatch({ type: 'myStatus', ...current });
          fail(err);
        },
      );
    },
  };
}
