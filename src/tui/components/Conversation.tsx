import { Box } from 'ink';
import { PictureRow, Text } from './Text.js';
import { quote } from '../../core/chats/content.js';
import type { ChatView, MessageView } from '../../core/chats/views.js';
import { automaticAuthor } from '../../core/chats/content.js';
import { TagChips, tagChipsWidth } from './TagChips.js';
import { chatTitle, clock, contactFieldsLine, phoneNumber, dayLabel, fit, sameDay, wrap } from '../format.js';
import type { OpenChat } from '../state/inbox.js';
import { bodyText, foldThread, reactorName } from '../state/thread.js';
import { theme, ticks } from '../theme.js';
import { t } from '../../i18n/translate.js';

export interface ConversationProps {
  chat: ChatView | null;
  open: OpenChat;
  focused: boolean;
  width: number;
  height: number;
  /** A small picture of the selected image, as half-block rows (see thumbnail.ts), when the terminal can draw it. */
  thumbnail?: { id: string; rows: string[] } | null;
  /** What the selected message's keys do ("v open · s save"), shown under it. */
  selectedHint?: string;
}

interface Line {
  key: string;
  kind: 'day' | 'head' | 'quote' | 'text' | 'note' | 'reactions' | 'picture' | 'more';
  text: string;
  message?: MessageView;
  selected?: boolean;
}

/**
 * Lays out messages as lines: a date separator when the day changes, a header, the quoted line
 * of a reply, the wrapped text (an attachment as one line), and the reactions under it.
 * The selected message (the bottom one while the chat has the keyboard) gets a bar in front.
 */
export function layoutMessages(
  messages: readonly MessageView[],
  width: number,
  customer: string,
  options: { selectedId?: string | null; thumbnail?: ConversationProps['thumbnail']; selectedHint?: string } = {},
): Line[] {
  const lines: Line[] = [];
  messages.forEach((m, i) => {
    const prev = messages[i - 1];
    const selected = m.id === options.selectedId;
    const base = { message: m, selected };
    if (!prev || !sameDay(prev.time, m.time)) lines.push({ key: `d${m.id}`, kind: 'day', text: dayLabel(m.time) });
    // Outgoing with no author: written on the phone itself, not in Guru. A note: the team's own.
    const who =
      m.direction === 'in'
        ? customer
        : m.direction === 'note'
          ? t`note · ${m.author?.name ?? t`(removed user)`}`
          : m.auto
            ? automaticAuthor(m.auto)
            : (m.author?.name ?? t`from the phone`);
    const marks = [m.edited ? t`edited` : null, m.deleted ? (m.direction === 'in' ? t`deleted by the customer` : t`deleted on the phone`) : null].filter(
      Boolean,
    );
    lines.push({ key: `h${m.id}`, kind: 'head', text: `${clock(m.time)} ${who}${marks.length ? ` · ${marks.join(' · ')}` : ''}`, ...base });
    if (m.replyTo) {
      const words = m.replyTo.text === null ? t`a message not loaded here` : quote(m.replyTo.text, Math.max(10, width - 8));
      lines.push({ key: `q${m.id}`, kind: 'quote', text: `↪ ${words}`, ...base });
    }
    for (const [j, t] of wrap(bodyText(m), width - 2).entries()) lines.push({ key: `t${m.id}.${j}`, kind: 'text', text: t, ...base });
    if (selected && options.thumbnail?.id === m.id)
      for (const [j, row] of options.thumbnail.rows.entries()) lines.push({ key: `p${m.id}.${j}`, kind: 'picture', text: row, ...base });
    if (m.reactions?.length)
      lines.push({ key: `r${m.id}`, kind: 'reactions', text: m.reactions.map((r) => `${r.emoji} ${reactorName(r.from, customer)}`).join('  '), ...base });
    if (selected && options.selectedHint) lines.push({ key: `n${m.id}`, kind: 'note', text: options.selectedHint, ...base });
  });
  return lines;
}

/** The customer's number and whether the chat is open or closed (one text each: "open" the state is not "open" the key). */
function statusLine(chat: ChatView): string {
  const number = phoneNumber(chat.customer);
  return chat.status === 'open' ? t`${number} · open` : t`${number} · closed`;
}

/** The history of the open chat, bottom-aligned, scrolled `open.scroll` messages up; the bottom one is selected. */
export function Conversation({ chat, open, focused, width, height, thumbnail = null, selectedHint }: ConversationProps) {
  const title = chat ? chatTitle(chat) : open.id;
  const sub = chat ? `${statusLine(chat)} · ${chat.assignee ? chat.assignee.name : t`unassigned`}` : '';
  // The chat's tags close the header line, in at most a third of it.
  const tagsWidth = chat ? tagChipsWidth(chat.tags, Math.floor(width / 3)) : 0;
  const all = foldThread(open.messages);
  const upTo = all.length - open.scroll;
  const selectedId = focused ? (all[upTo - 1]?.id ?? null) : null;
  const lines = layoutMessages(all.slice(0, upTo), width, title, { selectedId, thumbnail, ...(selectedHint ? { selectedHint } : {}) });
  // The customer's contact fields, one line under the title (only when they have some).
  const fields = chat?.fields ? contactFieldsLine(chat.fields) : '';
  const room = Math.max(1, height - 2 - (fields ? 1 : 0));
  const hidden = lines.length > room || open.hasMore || upTo < all.length;
  const body = lines.slice(-Math.max(1, room - (hidden ? 1 : 0)));
  if (hidden) {
    const below = open.scroll ? ` · ${t`${open.scroll} newer below (↓)`}` : '';
    body.unshift({ key: 'more', kind: 'more', text: `${t`↑ older (PgUp)`}${open.hasMore ? ` · ${t`more on the daemon`}` : ''}${below}` });
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box>
        <Text bold color={focused ? theme.accent : undefined} wrap="truncate">
          {fit(title, Math.floor(width / 2))}
        </Text>
        <Text color={theme.muted} wrap="truncate">{` ${fit(sub, width - Math.min(title.length, Math.floor(width / 2)) - 1 - tagsWidth)}`}</Text>
        {chat ? <TagChips tags={chat.tags} width={tagsWidth} /> : null}
      </Box>
      {fields ? (
        <Text color={theme.muted} wrap="truncate">
          {fit(fields, width)}
        </Text>
      ) : null}
      <Text color={theme.muted}>{'─'.repeat(Math.max(1, width))}</Text>
      {open.loading && open.messages.length === 0 ? <Text color={theme.muted}>{t`loading…`}</Text> : null}
      {!open.loading && open.messages.length === 0 ? <Text color={theme.muted}>{t`no messages yet`}</Text> : null}
      <Box flexDirection="column" flexGrow={1} justifyContent="flex-end">
        {body.map((line) => (
          <LineView key={line.key} line={line} width={width} />
        ))}
      </Box>
    </Box>
  );
}

/** The first column: a bar beside the selected message, a space elsewhere. */
function Gutter({ selected }: { selected: boolean | undefined }) {
  return <Text color={theme.accent}>{selected ? '▌' : ' '}</Text>;
}

function LineView({ line, width }: { line: Line; width: number }) {
  switch (line.kind) {
    case 'day':
      return <Text color={theme.muted}>{fit(`── ${line.text} ${'─'.repeat(width)}`, width)}</Text>;
    case 'more':
      return <Text color={theme.muted}>{fit(line.text, width)}</Text>;
    case 'head': {
      const m = line.message;
      const out = m?.direction === 'out';
      const note = m?.direction === 'note';
      const tick = out ? ticks(m?.status ?? null) : null;
      return (
        <Box>
          <Gutter selected={line.selected} />
          <Text bold color={line.selected ? theme.accent : out ? theme.outgoing : note ? theme.note : theme.incoming}>
            {fit(`${out ? '→' : note ? '✎' : '←'} ${line.text}`, width - 1 - (tick ? tick.mark.length + 1 : 0))}
          </Text>
          {tick ? <Text color={tick.color}>{` ${tick.mark}`}</Text> : null}
        </Box>
      );
    }
    case 'quote':
    case 'note':
      return (
        <Box>
          <Gutter selected={line.selected} />
          <Text color={theme.muted}>{` ${fit(line.text, width - 2)}`}</Text>
        </Box>
      );
    case 'reactions':
      return (
        <Box>
          <Gutter selected={line.selected} />
          <Text>{` ${fit(line.text, width - 2)}`}</Text>
        </Box>
      );
    case 'picture':
      return (
        <Box>
          <Gutter selected={line.selected} />
          <Text> </Text>
          <PictureRow row={line.text} />
        </Box>
      );
    case 'text':
      return (
        <Box>
          <Gutter selected={line.selected} />
          <Text color={line.message?.deleted ? theme.muted : line.message?.direction === 'note' ? theme.note : undefined}>{` ${line.text}`}</Text>
        </Box>
      );
  }
}
