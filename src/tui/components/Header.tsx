import { Box } from 'ink';
import { Text } from './Text.js';
import type { UserView } from '../../core/views.js';
import { TAB_LABELS, type TabId } from '../state/select.js';
import { theme } from '../theme.js';

export interface HeaderProps {
  me: UserView | null;
  tabs: TabId[];
  tab: TabId;
  counts: Record<TabId, number>;
  query: string;
  searching: boolean;
  width: number;
}

/** Who is logged in, the tabs with their counts, and the search box when one is on. */
export function Header({ me, tabs, tab, counts, query, searching, width }: HeaderProps) {
  const who = me ? `${me.name} <${me.email}>${me.role === 'admin' ? ' · admin' : ''}` : 'owner';
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold color={theme.accent}>
          Guru inbox
        </Text>
        <Text color={theme.muted}> · </Text>
        <Text wrap="truncate">{who}</Text>
      </Box>
      <Box>
        {tabs.map((t, i) => (
          <Text key={t} inverse={t === tab} color={t === tab ? theme.accent : undefined}>
            {` ${i + 1} ${TAB_LABELS[t]} ${counts[t]} `}
          </Text>
        ))}
        {(searching || query) && (
          <Text color={searching ? theme.warning : theme.muted} wrap="truncate">
            {`  /${query}${searching ? '█' : ''}`}
          </Text>
        )}
      </Box>
    </Box>
  );
}
