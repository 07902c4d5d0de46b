import { Box } from 'ink';
import { Text } from './Text.js';
import { formatSize, quote } from '../../core/chats/content.js';
import { wrap } from '../format.js';
import { hintFor, ownHintsFor } from '../keys.js';
import { theme } from '../theme.js';
import { t } from '../../i18n/translate.js';

export interface ComposerProps {
  draft: string;
  /** The visible name the engine puts on top of every reply, or null when none. */
  visibleName: string | null;
  focused: boolean;
  canSend: boolean;
  width: number;
  /** Most lines of the draft to show (the end of it). */
  maxLines?: number;
  /** The words of the message the reply quotes, if it quotes one. */
  quoting?: string | null;
  /** The file that goes with the reply (the draft is its caption). */
  attachment?: { name: string; size: number } | null;
  /** Writing an internal note (N), not a reply: said in the note colour, no signature, nothing quoted or attached. */
  noting?: boolean;
}

/** How many rows the composer takes for a draft, so the conversation can give it room. */
export function composerHeight(draft: string, width: number, maxLines = 5, extras: { quoting?: string | null; attachment?: unknown } = {}): number {
  return 2 + (extras.quoting != null ? 1 : 0) + (extras.attachment ? 1 : 0) + Math.min(maxLines, Math.max(1, wrap(draft, width - 2).length));
}

/**
 * The reply being written: the message it quotes and the file it carries (each taken off by
 * Backspace on an empty draft), the signature that will go first, then the draft, cursor at the end.
 */
export function Composer({ draft, visibleName, focused, canSend, width, maxLines = 5, quoting = null, attachment = null, noting = false }: ComposerProps) {
  const lines = wrap(draft, width - 2).slice(-maxLines);
  const signature = visibleName ? `*${visibleName}:*` : t`no signature (no visible name)`;
  if (noting) {
    return (
      <Box flexDirection="column" width={width}>
        <Text color={theme.note}>{'─'.repeat(Math.max(1, width))}</Text>
        <Text color={theme.note} wrap="truncate">
          {t`✎ internal note — only the team sees it, never the customer · @name tells a colleague  · ${focused ? t`Enter saves · Esc back` : hintFor('chat', 'note')}`}
        </Text>
        {lines.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a draft's lines have no identity but their place in it
          <Text key={i} color={focused ? theme.note : theme.muted}>
            {`✎ ${line}${focused && i === lines.length - 1 ? '█' : ''}`}
          </Text>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text color={focused ? theme.accent : theme.muted}>{'─'.repeat(Math.max(1, width))}</Text>
      {quoting != null ? (
        <Text color={theme.muted} wrap="truncate">{t`↪ replying to ${quote(quoting, Math.max(10, width - 40))} · ⌫ on an empty reply drops it`}</Text>
      ) : null}
      {attachment ? (
        <Text wrap="truncate">{`📎 ${attachment.name} · ${formatSize(attachment.size)} · ${draft ? t`the reply is its caption` : t`type a caption, or Enter sends it alone`}`}</Text>
      ) : null}
      <Text color={theme.muted} wrap="truncate">
        {canSend ? t`signed ${signature}` : t`you may not send in this chat (needs chats.send)`}
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
