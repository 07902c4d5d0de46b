import { Box } from 'ink';
import { Text } from './Text.js';
import type { UserView } from '../../core/views.js';
import { tabText, type TabId } from '../state/select.js';
import { theme } from '../theme.js';
import { t } from '../../i18n/translate.js';

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
  const typed = searching || query ? `  /${query}${searching ? '█' : ''}` : '';
  // At most all but 20 columns; a long search shows its end, where the typing is.
  const room = Math.max(10, width - 20);
  const search = typed.length <= room ? typed : `  /…${typed.slice(typed.length - (room - 4))}`;
  const who = me ? `${me.name} <${me.email}>${me.role === 'admin' ? ` · ${t`admin`}` : ''}` : t`owner`;
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold color={theme.accent}>
          {t`Guru inbox`}
        </Text>
        <Text color={theme.muted}> · </Text>
        <Text wrap="truncate">{who}</Text>
      </Box>
      <Box>
        {/* The tabs give way (cut with …) to the search being typed: long words or big counts never push it off. */}
        <Box width={Math.max(1, width - search.length)} overflow="hidden">
          <Text wrap="truncate">
            {tabs.map((id, i) => (
              <Text key={id} inverse={id === tab} color={id === tab ? theme.accent : undefined}>
                {` ${tabText(id, i + 1, counts[id])} `}
              </Text>
            ))}
          </Text>
        </Box>
        {search ? (
          <Text color={searching ? theme.warning : theme.muted} wrap="truncate">
            {search}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
