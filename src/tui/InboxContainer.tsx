import { useApp, useInput, useStdin } from 'ink';
import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { WhoAmI } from '../api/protocol.js';
import { inboxActions } from './actions.js';
import type { InboxApi } from './api.js';
import { InboxView } from './App.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { resolveKey } from './keys.js';
import { inboxReducer, initialInbox, type InboxAction } from './state/inbox.js';

/**
 * The one owner of the inbox's state. Keys become intents (keys.ts), intents and watch events
 * become reducer actions and daemon calls (actions.ts), and `InboxView` draws the result.
 */
export function InboxContainer({ api, me }: { api: InboxApi; me: WhoAmI }) {
  const [state, rawDispatch] = useReducer(inboxReducer, me.user, initialInbox);
  const current = useRef(state);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useTerminalSize();

  const actions = useMemo(() => {
    // Async work reads the state right after dispatching: keep a copy that is never stale.
    const dispatch = (a: InboxAction) => {
      current.current = inboxReducer(current.current, a);
      rawDispatch(a);
    };
    return inboxActions(api, dispatch, () => current.current, exit);
  }, [api, exit]);

  useEffect(() => actions.start(), [actions]);

  useInput(
    (input, key) => {
      const intent = resolveKey(current.current.focus, input, key);
      if (intent) actions.intent(intent);
    },
    { isActive: isRawModeSupported === true },
  );

  return <InboxView state={state} width={size.width} height={size.height} />;
}
