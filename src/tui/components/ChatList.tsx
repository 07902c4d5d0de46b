import { summaryForReader } from '../../core/chats/content.js';
import { Box } from 'ink';
import { Text } from './Text.js';
import type { ChatView } from '../../core/chats/views.js';
import { chatTitle, fit, shortTime } from '../format.js';
import { windowStart } from '../state/select.js';
import { theme } from '../theme.js';
import { TagChips, tagChipsWidth } from './TagChips.js';
import { t } from '../../i18n/translate.js';

export interface ChatListProps {
  chats: ChatView[];
  selected: number;
  /** The open chat, marked even when the cursor is elsewhere. */
  openId: string | null;
  focused: boolean;
  width: number;
  height: number;
  loaded: boolean;
  /** Chats where a note mentioned me since I last opened them: marked `@`. */
  mentioned?: ReadonlySet<string>;
  now?: Date;
}

/**
 * The chat list. Only the rows that fit are rendered (a window around the cursor), so 10k
 * chats cost what 20 do. Each chat takes two lines: name, time, unread; preview and assignee.
 */
export function ChatList({ chats, selected, openId, focused, width, height, loaded, mentioned, now }: ChatListProps) {
  const rows = Math.max(1, Math.floor((height - 1) / 2));
  const start = windowStart(selected, chats.length, rows);
  const shown = chats.slice(start, start + rows);
  const inner = Math.max(10, width - 2);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text color={theme.muted} wrap="truncate">
        {chats.length ? t`${start + 1}–${start + shown.length} of ${chats.length}` : loaded ? t`no chats here` : t`loading chats…`}
      </Text>
      {shown.map((chat, i) => (
        <Row
          key={chat.id}
          chat={chat}
          cursor={start + i === selected}
          focused={focused}
          open={chat.id === openId}
          mentioned={mentioned?.has(chat.id) ?? false}
          width={inner}
          now={now}
        />
      ))}
    </Box>
  );
}

function Row({
  chat,
  cursor,
  focused,
  open,
  mentioned,
  width,
  now,
}: {
  chat: ChatView;
  cursor: boolean;
  focused: boolean;
  open: boolean;
  mentioned: boolean;
  width: number;
  now?: Date;
}) {
  const time = chat.lastMessage ? shortTime(chat.lastMessage.time, now) : shortTime(chat.updatedAt, now);
  const badge = chat.unread > 0 ? ` ${chat.unread}` : '';
  // A note mentioned me here: marked until I open the chat.
  const mention = mentioned ? ' @' : '';
  const titleWidth = Math.max(4, width - time.length - badge.length - mention.length - 2);
  const who = fit(chat.assignee ? `→ ${chat.assignee.name}` : `→ ${t`unassigned`}`, Math.floor(width / 3));
  const last = chat.lastMessage;
  const preview = last ? `${last.direction === 'out' ? t`you: ` : last.direction === 'note' ? t`note: ` : ''}${summaryForReader(last)}` : t`(no messages)`;
  // Tags take at most a third of the line, from the preview's room.
  const tagsWidth = tagChipsWidth(chat.tags, Math.floor(width / 3));
  const previewWidth = Math.max(4, width - who.length - 1 - tagsWidth);
  const marker = cursor ? (focused ? '▌' : '▏') : open ? '·' : ' ';
  return (
    <Box flexDirection="column">
      <Box>
        <Text color={theme.selected}>{marker}</Text>
        <Text bold={chat.unread > 0} inverse={cursor && focused}>
          {fit(chatTitle(chat), titleWidth).padEnd(titleWidth)}
        </Text>
        <Text color={theme.muted}> {time}</Text>
        <Text color={theme.unread} bold>
          {badge}
        </Text>
        {mention ? (
          <Text color={theme.note} bold>
            {mention}
          </Text>
        ) : null}
      </Box>
      <Box>
        <Text> </Text>
        <Text color={theme.muted}>{fit(preview, previewWidth).padEnd(previewWidth)}</Text>
        <TagChips tags={chat.tags} width={tagsWidth} />
        <Text color={chat.assignee ? theme.accent : theme.warning}> {who}</Text>
      </Box>
    </Box>
  );
}
