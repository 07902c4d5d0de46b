import type { Factory } from '../../cli/factory.js';
import { oneLine } from '../../cli/sanitise.js';
import { printFields, relativeTime, type Column } from '../../cli/table.js';
import { isMedia, quotesFrom, renderContent } from '../../core/chats/content.js';
import type { ChatDetailView, ChatView, MessageView, ReactionFrom } from '../../core/chats/views.js';

/** One line of a message, shortened for tables. */
export function preview(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export const chatColumns: Column<ChatView>[] = [
  { header: 'Chat', cell: (c) => c.id },
  { header: 'Customer', cell: (c) => c.customer },
  { header: 'Name', cell: (c) => c.name },
  { header: 'Assignee', cell: (c) => c.assignee?.ref ?? 'unassigned' },
  { header: 'Status', cell: (c) => c.status },
  { header: 'Unread', cell: (c) => c.unread },
  { header: 'Last message', cell: (c) => (c.lastMessage ? preview(c.lastMessage.text) : null) },
  { header: 'Updated', cell: (c) => ({ time: c.updatedAt }) },
  // Last, so scripts cutting the columns before it by position keep working.
  { header: 'Tags', cell: (c) => c.tags.map((t) => t.name).join(', ') || null },
];

const TICKS: Record<string, string> = { pending: '…', sent: '✓', delivered: '✓✓', read: '✓✓ read', failed: '✗ failed' };

/** `quoted` finds the words of the chat's other messages (what a reply or a reaction is about). */
export function messageLine(f: Factory, chat: Pick<ChatView, 'name' | 'customer'>, m: MessageView, quoted?: (id: string) => string | undefined): string {
  // Outgoing with no author: written on the phone itself, not in Guru.
  // A note: the team's own (never sent), said so in words, not only by its arrow.
  const who =
    m.direction === 'in'
      ? (chat.name ?? chat.customer)
      : m.direction === 'note'
        ? `note by ${m.author?.name ?? '(removed user)'}`
        : (m.author?.name ?? 'from the phone');
  const when = f.io.isStdoutTTY ? relativeTime(m.time, f.now()) : m.time;
  const failure = m.status === 'failed' && m.reason ? oneLine`: ${m.reason} (${m.id})` : m.status === 'failed' ? oneLine` (${m.id})` : '';
  const status = m.direction === 'out' && m.status ? ` ${TICKS[m.status] ?? m.status}${failure}` : '';
  const arrow = m.direction === 'in' ? '←' : m.direction === 'note' ? '✎' : '→';
  // A reply's quote: from the page, or as the daemon found it (older than the page).
  const quote = (id: string) => quoted?.(id) ?? (m.replyTo?.id === id ? (m.replyTo.text ?? undefined) : undefined);
  // The body keeps its line breaks (the IO shows any control in it); the name stays one field.
  const body = renderContent(m.content, quote);
  const notes = [m.edited ? 'edited' : null, m.deleted ? (m.direction === 'in' ? 'deleted by the customer' : 'deleted on the phone') : null].filter(Boolean);
  const annotated = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  const reactions = m.reactions?.length ? `\n    ${m.reactions.map((r) => `${r.emoji} ${reactorName(chat, r.from)}`).join('  ')}` : '';
  return `${oneLine`${when}  ${arrow} ${who}: `}${body.replace(/\n/g, '\n    ')}${attachment(m)}${annotated}${status}${reactions}`;
}

function reactorName(chat: Pick<ChatView, 'name' | 'customer'>, from: ReactionFrom): string {
  if (from === 'customer') return chat.name ?? chat.customer;
  return from === 'phone' ? 'from the phone' : from.name;
}

/**
 * A file's message says how to get the file: its id (for `guru chat media <id>`) and where
 * Guru's copy stands when it is not simply kept.
 */
function attachment(m: MessageView): string {
  if (!isMedia(m.content)) return '';
  const state = m.media?.state ?? 'stored';
  const reason = m.media && 'reason' in m.media ? m.media.reason : undefined;
  const where =
    state === 'stored'
      ? ''
      : state === 'unavailable'
        ? `, unavailable${reason ? `: ${reason}` : ''}`
        : state === 'pruned'
          ? ', pruned'
          : ', not downloaded yet';
  return oneLine`  [${m.id}${where}]`;
}

export function printChat(f: Factory, chat: ChatDetailView): void {
  printFields(
    f.io,
    [
      ['Chat', chat.id],
      ['Customer', `${chat.customer}${chat.name ? ` (${chat.name})` : ''}`],
      ['Phone', chat.phone],
      ['Assignee', chat.assignee?.ref ?? 'unassigned'],
      ['Status', chat.status],
      ['Tags', chat.tags.map((t) => t.name).join(', ') || null],
      ['Unread', chat.unread],
    ],
    f.now(),
  );
  f.io.out('\n');
  const quoted = quotesFrom(chat.messages);
  for (const m of chat.messages) f.io.out(`${messageLine(f, chat, m, quoted)}\n`);
}
