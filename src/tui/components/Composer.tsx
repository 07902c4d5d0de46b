import { Box } from 'ink';
import { Text } from './Text.js';
import { wrap } from '../format.js';
import { hintFor, ownHintsFor } from '../keys.js';
import { theme } from '../theme.js';

export interface ComposerProps {
  draft: string;
  /** The visible name the engine puts on top of every reply, or null when none. */
  visibleName: string | null;
  focused: boolean;
  canSend: boolean;
  width: number;
  /** Most lines of the draft to show (the end of it). */
  maxLines?: number;
}

/** How many rows the composer takes for a draft, so the conversation can give it room. */
export function composerHeight(draft: string, width: number, maxLines = 5): number {
  return 2 + Math.min(maxLines, Math.max(1, wrap(draft, width - 2).length));
}

/** The reply being written: the signature that will go first, then the draft, cursor at the end. */
export function Composer({ draft, visibleName, focused, canSend, width, maxLines = 5 }: ComposerProps) {
  const lines = wrap(draft, width - 2).slice(-maxLines);
  const signature = visibleName ? `*${visibleName}:*` : 'no signature (no visible name)';
  return (
    <Box flexDirection="column" width={width}>
      <Text color={focused ? theme.accent : theme.muted}>{'─'.repeat(Math.max(1, width))}</Text>
      <Text color={theme.muted} wrap="truncate">
        {canSend ? `signed ${signature}` : 'you may not send in this chat (needs chats.send)'}
        {`  · ${focused ? ownHintsFor('composer') : hintFor('chat', 'reply')}`}
      </Text>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a draft's lines have no identity but their place in it
        <Text key={i} color={focused ? undefined : theme.muted}>
          {`› ${line}${focused && i === lines.length - 1 ? '█' : ''}`}
        </Text>
      ))}
    </Box>
  );
}
