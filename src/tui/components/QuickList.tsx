import { Box } from 'ink';
import type { QuickReplyView } from '../../core/ops/quick-replies.js';
import { quickScope } from '../state/quick.js';
import { theme } from '../theme.js';
import { Text } from './Text.js';
import { t } from '../../i18n/translate.js';

/** Rows the list takes for `count` quick replies (its title line, then one each). */
export const quickListHeight = (count: number) => (count > 0 ? count + 1 : 0);

/** The quick replies a `/word` in the composer calls up, the chosen one marked; Tab inserts it. */
export function QuickList({ replies, selected, width }: { replies: readonly QuickReplyView[]; selected: number; width: number }) {
  if (replies.length === 0) return null;
  const shortcutWidth = Math.min(24, Math.max(...replies.map((r) => r.shortcut.length)));
  return (
    <Box flexDirection="column" width={width}>
      <Text color={theme.muted} wrap="truncate">
        {t`quick replies · ↑↓ choose · Tab inserts it filled in · Enter sends what is typed`}
      </Text>
      {replies.map((r, i) => (
        <Text key={r.id} wrap="truncate" color={i === selected ? theme.accent : undefined}>
          {`${i === selected ? '›' : ' '} ${r.shortcut.padEnd(shortcutWidth)}  ${quickScope(r).padEnd(10)}  ${r.text.replace(/\s+/g, ' ')}`}
        </Text>
      ))}
    </Box>
  );
}
