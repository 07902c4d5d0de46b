import { Box } from 'ink';
import { Text } from './Text.js';
import { quote } from '../../core/chats/content.js';
import { fit } from '../format.js';
import { keyListFor } from '../keys.js';
import type { AttachPrompt as Prompt } from '../state/inbox.js';
import { theme } from '../theme.js';
import { t } from '../../i18n/translate.js';

/** Rows the reaction and attach prompts take, in the composer's place. */
export const PROMPT_ROWS = 4;

/** `e`: the emoji row for the selected message, in the composer's place. */
export function ReactBar({ words, emojis, width }: { words: string; emojis: readonly string[]; width: number }) {
  return (
    <Box flexDirection="column" width={width} height={PROMPT_ROWS}>
      <Text color={theme.accent}>{'─'.repeat(Math.max(1, width))}</Text>
      <Text wrap="truncate">{fit(t`React to ${quote(words, 40)}`, width)}</Text>
      <Text wrap="truncate">{emojis.map((e, i) => `${i + 1} ${e}`).join('   ')}</Text>
      <Text color={theme.muted} wrap="truncate">
        {keyListFor('react')}
      </Text>
    </Box>
  );
}

/** `a`: the path of a file to attach, with what Tab found when several names matched. */
export function AttachBar({ prompt, width }: { prompt: Prompt; width: number }) {
  const attachLabel = t`Attach › `;
  // The path's room after the label and the cursor (the label's length differs by language).
  const room = width - attachLabel.length - 2;
  const choices = prompt.choices.length ? prompt.choices.join('  ') : t`Tab completes the path; ~ is your home folder`;
  return (
    <Box flexDirection="column" width={width} height={PROMPT_ROWS}>
      <Text color={theme.accent}>{'─'.repeat(Math.max(1, width))}</Text>
      <Text wrap="truncate">
        <Text color={theme.accent}>{attachLabel}</Text>
        {/* The end of a long path is the part being typed. */}
        {`${prompt.path.length > room ? `…${prompt.path.slice(-(room - 1))}` : prompt.path}█`}
      </Text>
      <Text color={theme.muted} wrap="truncate">
        {choices}
      </Text>
      <Text color={theme.muted} wrap="truncate">
        {keyListFor('attach')}
      </Text>
    </Box>
  );
}
