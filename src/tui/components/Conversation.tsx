import { Box } from 'ink';
import { Text } from './Text.js';
import { quotesFrom, renderContent } from '../../core/chats/content.js';
import type { ChatView, MessageView } from '../../core/chats/views.js';
import { chatTitle, clock, phoneNumber, dayLabel, fit, sameDay, wrap } from '../format.js';
import type { OpenChat } from '../state/inbox.js';
import { theme, ticks } from '../theme.js';

export interface ConversationProps {
  chat: ChatView | null;
  open: OpenChat;
  focused: boolean;
  width: number;
  height: number;
}

interface Line {
  key: string;
  kind: 'day' | 'head' | 'text' | 'more';
  text: string;
  message?: MessageView;
}

/** Lays out messages as lines: a date separator when the day changes, a header, the wrapped text. */
export function layoutMessages(messages: MessageView[], width: number, customer: string): Line[] {
  const lines: Line[] = [];
  const quoted = quotesFrom(messages);
  messages.forEach((m, i) => {
    const prev = messages[i - 1];
    if (!prev || !sameDay(prev.time, m.time)) lines.push({ key: `d${m.id}`, kind: 'day', text: dayLabel(m.time) });
    // Outgoing with no author: written on the phone itself, not in Guru.
    const who = m.direction === 'in' ? customer : (m.author?.name ?? 'from the phone');
    lines.push({ key: `h${m.id}`, kind: 'head', text: `${clock(m.time)} ${who}`, message: m });
    for (const [j, t] of wrap(renderContent(m.content, quoted), width - 2).entries()) lines.push({ key: `t${m.id}.${j}`, kind: 'text', text: t, message: m });
  });
  return lines;
}

/** The history of the open chat, bottom-aligned, scrolled `open.scroll` messages up. */
export function Conversation({ chat, open, focused, width, height }: ConversationProps) {
  const title = chat ? chatTitle(chat) : open.id;
  const sub = chat ? `${phoneNumber(chat.customer)} · ${chat.status}${chat.assignee ? ` · ${chat.assignee.name}` : ' · unassigned'}` : '';
  const upTo = open.messages.length - open.scroll;
  const lines = layoutMessages(open.messages.slice(0, upTo), width, title);
  const room = Math.max(1, height - 2);
  const hidden = lines.length > room || open.hasMore || upTo < open.messages.length;
  const body = lines.slice(-Math.max(1, room - (hidden ? 1 : 0)));
  if (hidden) {
    const below = open.scroll ? ` · ${open.scroll} newer below (↓)` : '';
    body.unshift({ key: 'more', kind: 'more', text: `↑ older (PgUp)${open.hasMore ? ' · more on the daemon' : ''}${below}` });
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box>
        <Text bold color={focused ? theme.accent : undefined} wrap="truncate">
          {fit(title, Math.floor(width / 2))}
        </Text>
        <Text color={theme.muted} wrap="truncate">{` ${fit(sub, width - Math.min(title.length, Math.floor(width / 2)) - 1)}`}</Text>
      </Box>
      <Text color={theme.muted}>{'─'.repeat(Math.max(1, width))}</Text>
      {open.loading && open.messages.length === 0 ? <Text color={theme.muted}>loading…</Text> : null}
      {!open.loading && open.messages.length === 0 ? <Text color={theme.muted}>no messages yet</Text> : null}
      <Box flexDirection="column" flexGrow={1} justifyContent="flex-end">
        {body.map((line) => (
          <LineView key={line.key} line={line} width={width} />
        ))}
      </Box>
    </Box>
  );
}

function LineView({ line, width }: { line: Line; width: number }) {
  switch (line.kind) {
    case 'day':
      return <Text color={theme.muted}>{fit(`── ${line.text} ${'─'.repeat(width)}`, width)}</Text>;
    case 'more':
      return <Text color={theme.muted}>{fit(line.text, width)}</Text>;
    case 'head': {
      const out = line.message?.direction === 'out';
      const tick = out ? ticks(line.message?.status ?? null) : null;
      return (
        <Box>
          <Text bold color={out ? theme.outgoing : theme.incoming}>
            {fit(`${out ? '→ ' : '← '}${line.text}`, width - (tick ? tick.mark.length + 1 : 0))}
          </Text>
          {tick ? <Text color={tick.color}>{` ${tick.mark}`}</Text> : null}
        </Box>
      );
    }
    case 'text':
      return <Text>{`  ${line.text}`}</Text>;
  }
}
