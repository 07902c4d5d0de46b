import { useApp, useInput, useStdin, useStdout } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { WhoAmI } from '../api/protocol.js';
import { inboxActions, type InboxMediaOptions } from './actions.js';
import type { InboxApi } from './api.js';
import { InboxView } from './App.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import { resolveKey } from './keys.js';
import { inboxReducer, initialInbox, type InboxAction } from './state/inbox.js';
import { drawThumbnail, THUMBNAIL_MAX_BYTES, thumbnailsWanted } from './thumbnail.js';
import type { EditDraft } from './compose.js';
import { editInEditor } from './editor.js';
import { ENTER_ALT, LEAVE_ALT } from './screen.js';

/**
 * `$EDITOR` on the real terminal: the inbox lets go of it (cooked mode, the shell's screen) while
 * the editor runs, then takes it back and has Ink draw the whole frame again.
 */
const terminalEditor =
  (redraw: () => void): EditDraft =>
  (draft) =>
    editInEditor(draft, process.env, {
      release: () => {
        process.stdout.write(LEAVE_ALT);
        if (process.stdin.isTTY) process.stdin.setRawMode(false);
      },
      reclaim: () => {
        if (process.stdin.isTTY) process.stdin.setRawMode(true);
        process.stdout.write(ENTER_ALT);
        redraw();
      },
    });

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
  editDraft,
}: {
  api: InboxApi;
  me: WhoAmI;
  bell?: () => void;
  /** The daemon ended this session (its watch said so): back to the login. */
  onSignedOut?: (reason: string) => void;
  /** Thumbnails, the opener and the save folder (tests set them; the terminal decides otherwise). */
  media?: InboxMediaOptions;
  /** Writing the reply at length (Alt-e); default: `$EDITOR` on this terminal. */
  editDraft?: EditDraft;
}) {
  const mediaOptions = useRef(media ?? defaultMedia()).current;
  const signedOut = useRef(onSignedOut);
  signedOut.current = onSignedOut;
  const [state, setState] = useState(() => initialInbox(me.user));
  const current = useRef(state);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useTerminalSize();
  const { write } = useStdout();
  // Ink's write clears its frame, writes, then draws the last frame whole: with nothing to write, a redraw.
  const editor = useRef(editDraft ?? terminalEditor(() => write(''))).current;

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
      editor,
    );
  }, [api, exit, bell, mediaOptions, editor]);

  useEffect(() => actions.start(), [actions]);

  useInput(
    (input, key) => {
      const intent = resolveKey(current.current.focus, input, key);
      // Every key counts as being at the keyboard (back from an idle away), meaningful or not.
      actions.touched(intent);
      if (intent) actions.intent(intent);
    },
    { isActive: isRawModeSupported === true },
  );

  return <InboxView state={state} width={size.width} height={size.height} />;
}
