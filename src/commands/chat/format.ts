import type { Factory } from '../../cli/factory.js';
import { oneLine } from '../../cli/sanitise.js';
import { printFields, relativeTime, type Column } from '../../cli/table.js';
import { isMedia, quotesFrom, renderContent, summaryForReader } from '../../core/chats/content.js';
import type { ChatDetailView, ChatView, MessageView, ReactionFrom } from '../../core/chats/views.js';
import { automaticAuthor } from '../../core/chats/content.js';
import { t } from '../../i18n/translate.js';

/** One line of a message, shortened for tables. */
export function preview(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The columns of a chat list, in the reader's language (a function: `t` runs once the language is chosen). */
export function chatColumns(): Column<ChatView>[] {
  return [
    { header: t`Chat`, cell: (c) => c.id },
    { header: t`Customer`, cell: (c) => c.customer },
    { header: t`Name`, cell: (c) => c.name },
    { header: t`Assignee`, cell: (c) => c.assignee?.ref ?? t`unassigned` },
    { header: t`Status`, cell: (c) => statusText(c.status) },
    { header: t`Unread`, cell: (c) => c.unread },
    { header: t`Last message`, cell: (c) => (c.lastMessage ? preview(summaryForReader(c.lastMessage)) : null) },
    { header: t`Updated`, cell: (c) => ({ time: c.updatedAt }) },
    // Last, so scripts cutting the columns before it by position keep working.
    { header: t`Tags`, cell: (c) => c.tags.map((tag) => tag.name).join(', ') || null },
  ];
}

/** A chat's status as people read it (JSON keeps `open`/`closed`). */
export function statusText(status: string): string {
  return status === 'open' ? t`open` : status === 'closed' ? t`closed` : status;
}

/** A sent message's ticks, as WhatsApp draws them, and the words where a tick would not say it. */
function ticks(status: string): string {
  switch (status) {
    case 'pending':
      return '…';
    case 'sent':
      return '✓';
    case 'delivered':
      return '✓✓';
    case 'read':
      return `✓✓ ${t`read`}`;
    case 'failed':
      return `✗ ${t`failed`}`;
    default:
      return status;
  }
}

/** `quoted` finds the words of the chat's other messages (what a reply or a reaction is about). */
export function messageLine(f: Factory, chat: Pick<ChatView, 'name' | 'customer'>, m: MessageView, quoted?: (id: string) => string | undefined): string {
  // Outgoing with no author: written on the phone itself, not in Guru.
  // A note: the team's own (never sent), said so in words, not only by its arrow.
  const who =
    m.direction === 'in'
      ? (chat.name ?? chat.customer)
      : m.direction === 'note'
        ? t`note by ${m.author?.name ?? t`(removed user)`}`
        : m.auto
          ? automaticAuthor(m.auto)
          : (m.author?.name ?? t`from the phone`);
  const when = f.io.isStdoutTTY ? relativeTime(m.time, f.now()) : m.time;
  const failure = m.status === 'failed' && m.reason ? oneLine`: ${m.reason} (${m.id})` : m.status === 'failed' ? oneLine` (${m.id})` : '';
  const status = m.direction === 'out' && m.status ? ` ${ticks(m.status)}${failure}` : '';
  const arrow = m.direction === 'in' ? '←' : m.direction === 'note' ? '✎' : '→';
  // A reply's quote: from the page, or as the daemon found it (older than the page).
  const quote = (id: string) => quoted?.(id) ?? (m.replyTo?.id === id ? (m.replyTo.text ?? undefined) : undefined);
  // The body keeps its line breaks (the IO shows any control in it); the name stays one field.
  const body = renderContent(m.content, quote);
  const notes = [m.edited ? t`edited` : null, m.deleted ? (m.direction === 'in' ? t`deleted by the customer` : t`deleted on the phone`) : null].filter(Boolean);
  const annotated = notes.length > 0 ? ` (${notes.join(', ')})` : '';
  const reactions = m.reactions?.length ? `\n    ${m.reactions.map((r) => `${r.emoji} ${reactorName(chat, r.from)}`).join('  ')}` : '';
  return `${oneLine`${when}  ${arrow} ${who}: `}${body.replace(/\n/g, '\n    ')}${attachment(m)}${annotated}${status}${reactions}`;
}

function reactorName(chat: Pick<ChatView, 'name' | 'customer'>, from: ReactionFrom): string {
  if (from === 'customer') return chat.name ?? chat.customer;
  return from === 'phone' ? t`from the phone` : from.name;
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
        ? `, ${reason ? t`unavailable: ${reason}` : t`unavailable`}`
        : state === 'pruned'
          ? `, ${t`pruned`}`
          : `, ${t`not downloaded yet`}`;
  return oneLine`  [${m.id}${where}]`;
}

export function printChat(f: Factory, chat: ChatDetailView): void {
  printFields(
    f.io,
    [
      [t`Chat`, chat.id],
      [t`Customer`, `${chat.customer}${chat.name ? ` (${chat.name})` : ''}`],
      [t`Phone`, chat.phone],
      [t`Assignee`, chat.assignee?.ref ?? t`unassigned`],
      [t`Status`, statusText(chat.status)],
      [t`Tags`, chat.tags.map((tag) => tag.name).join(', ') || null],
      [t`Unread`, chat.unread],
    ],
    f.now(),
  );
  f.io.out('\n');
  const quoted = quotesFrom(chat.messages);
  for (const m of chat.messages) f.io.out(`${messageLine(f, chat, m, quoted)}\n`);
}
