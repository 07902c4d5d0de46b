import { useApp, useInput, useStdin } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { WhoAmI } from '../api/protocol.js';
import { inboxActions, type InboxMediaOptions } from './actions.js';
import type { InboxApi } from './api.js';
import { InboxView } from './App.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { resolveKey } from './keys.js';
import { inboxReducer, initialInbox, type InboxAction } from './state/inbox.js';
import { drawThumbnail, THUMBNAIL_MAX_BYTES, thumbnailsWanted } from './thumbnail.js';

/** Thumbnails where the terminal can draw them (never under a test's fake terminal unless asked). */
const defaultMedia = (): InboxMediaOptions => ({ draw: thumbnailsWanted() ? (bytes) => drawThumbnail(bytes) : null, thumbnailMaxBytes: THUMBNAIL_MAX_BYTES });

/**
 * The one owner of the inbox's state. Keys become intents (keys.ts), intents and watch events
 * become reducer actions and daemon calls (actions.ts), and `InboxView` draws the result.
 */
/** BEL on a terminal (most show it as a sound or a flag on the window); nothing elsewhere. */
function ringTerminalBell(): void {
  if (process.stdout.isTTY) process.stdout.write('\u0007');
}

export function InboxContainer({
  api,
  me,
  bell = ringTerminalBell,
  onSignedOut = () => undefined,
  media,
}: {
  api: InboxApi;
  me: WhoAmI;
  bell?: () => void;
  /** The daemon ended this session (its watch said so): back to the login. */
  onSignedOut?: (reason: string) => void;
  /** Thumbnails, the opener and the save folder (tests set them; the terminal decides otherwise). */
  media?: InboxMediaOptions;
}) {
  const mediaOptions = useRef(media ?? defaultMedia()).current;
  const signedOut = useRef(onSignedOut);
  signedOut.current = onSignedOut;
  const [state, setState] = useState(() => initialInbox(me.user));
  const current = useRef(state);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useTerminalSize();

  const actions = useMemo(() => {
    // The reducer runs once per action, here; React renders that very state object. (Async
    // work reads the state right after dispatching, so it cannot wait for React; and running
    // the reducer twice made two copies of the 10k-chat map, each re-sorted on its own.)
    const dispatch = (a: InboxAction) => {
      current.current = inboxReducer(current.current, a);
      setState(current.current);
    };
    return inboxActions(
      api,
      dispatch,
      () => current.current,
      exit,
      bell,
      (reason) => signedOut.current(reason),
      mediaOptions,
    );
  }, [api, exit, bell, mediaOptions]);

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
