import { Box } from 'ink';
import { Text } from './Text.js';
import { fit } from '../format.js';
import type { PickItem } from '../state/inbox.js';
import { windowStart } from '../state/select.js';
import { theme } from '../theme.js';
import { t } from '../../i18n/translate.js';

export interface PickerProps {
  title: string;
  query: string;
  items: PickItem[];
  selected: number;
  width: number;
  height: number;
  /** The tag picker: the names the chat wears (✓). */
  checked?: ReadonlySet<string>;
}

/** Choose who gets the chat (users and departments), or the chat's tags; filtered as you type. */
export function Picker({ title, query, items, selected, width, height, checked }: PickerProps) {
  const rows = Math.max(1, height - 4);
  const start = windowStart(selected, items.length, rows);
  // Users and departments in one column, however long the two words are in the reader's language.
  const kinds = { user: t`user`, dept: t`dept` };
  const kindWidth = Math.max(kinds.user.length, kinds.dept.length);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>{fit(title, width - 4)}</Text>
      <Text>
        <Text color={theme.muted}>{t`filter: `}</Text>
        {query}█
      </Text>
      {items.length === 0 ? <Text color={theme.muted}>{checked ? t`no tag matches` : t`nobody matches`}</Text> : null}
      {items.slice(start, start + rows).map((item, i) => (
        <Text key={`${item.kind}:${item.value}`} inverse={start + i === selected} wrap="truncate">
          {fit(
            item.kind === 'scheduled'
              ? item.label
              : item.kind === 'tag'
                ? `${checked?.has(item.value) ? '✓' : ' '} #${item.label}`
                : `${(item.kind === 'user' ? kinds.user : kinds.dept).padEnd(kindWidth)}  ${item.label}`,
            width - 4,
          )}
        </Text>
      ))}
    </Box>
  );
}
