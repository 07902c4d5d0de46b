import { formatSize } from '../core/chats/content.js';
import type { MessageView, WhyView } from '../core/chats/views.js';
import { plural, t } from '../i18n/translate.js';
import { linkStateWord } from '../core/link.js';
import type { DemoNote } from './live.js';

/** One line of `guru demo --headless`'s transcript for a note (null: nothing to print). */
export function transcriptLine(note: DemoNote, now: Date): string | null {
  const time = now.toISOString().slice(11, 19);
  const line = (what: string, text: string) => `${time}  ${what.padEnd(9)} ${text}`;
  switch (note.type) {
    case 'simulator':
      return line(t`simulator`, t`WhatsApp simulator listening on ${note.url} (the demo's phone and customers)`);
    case 'daemon':
      return line('daemon', t`guru daemon running (pid ${note.pid}), real Baileys pointed at the simulator`);
    case 'qr':
      return line(t`link`, t`QR ready (valid ${Math.round(note.validForMs / 1000)} s): ${note.qr.slice(0, 48)}…`);
    case 'scan':
      return line(t`link`, t`the simulated phone ${note.number} scans the QR`);
    case 'state':
      if (note.state === 'syncing' && note.progress !== undefined) return line(t`sync`, t`syncing history ${bar(note.progress)} ${note.progress}%`);
      return note.state === 'connected' ? null : line(t`link`, linkStateWord(note.state)); // "connected" comes with the totals
    case 'linked': {
      const chats = plural(note.chats, t`${note.chats} chat`, t`${note.chats} chats`);
      const messages = plural(note.messages, t`${note.messages} message`, t`${note.messages} messages`);
      return line(t`link`, t`connected: ${chats}, ${messages} of history synced`);
    }
    case 'new-chat': {
      const { chat } = note;
      const name = chat.name ?? chat.customer;
      const to = chat.assignee?.name ?? t`nobody (unassigned)`;
      const text = note.why?.cause === 'reopen' ? t`reopened chat ${name} (${chat.customer}) → ${to}` : t`new chat ${name} (${chat.customer}) → ${to}`;
      return line('rodízio', `${text}${trail(note.why)}`);
    }
    case 'message': {
      const who = note.chat?.name ?? note.chat?.customer ?? t`customer`;
      const text = note.message.text.replace(/\n/g, ' ');
      if (note.message.direction === 'note') return line(t`note`, t`${note.message.author?.name ?? 'Guru'} about ${who}: ${text}`);
      return note.message.direction === 'in' ? line(t`in`, `${who}: ${text}`) : line(t`out`, `${note.message.author?.name ?? 'Guru'} → ${who}: ${text}`);
    }
    case 'media': {
      const who = note.chat?.name ?? note.chat?.customer ?? t`the customer`;
      const what = fileKind(note.message.content);
      const media = note.message.media;
      if (media?.state === 'stored')
        return line(t`media`, t`${who}'s ${what} kept by the daemon (${formatSize(media.size)}, sha256 ${media.sha256.slice(0, 12)}…)`);
      return line(t`media`, t`${who}'s ${what} not kept: ${media && 'reason' in media && media.reason ? media.reason : media?.state}`);
    }
    case 'receipt': {
      const who = note.chat?.name ?? note.chat?.customer ?? t`the customer`;
      return line(t`receipt`, note.status === 'read' ? t`${who} read the reply ✓✓ (read)` : t`${who}'s phone received the reply ✓✓`);
    }
    case 'stopping':
      return line('demo', t`stopping the customers, the daemon and the simulator`);
  }
}

/** What kind of file a customer sent, in words. */
function fileKind(content: MessageView['content']): string {
  switch (content.type) {
    case 'audio':
      return content.voice ? t`voice note` : t`audio file`;
    case 'image':
      return t`photo`;
    case 'video':
      return t`video`;
    case 'document':
      return t`document`;
    case 'sticker':
      return t`sticker`;
    default:
      return content.type;
  }
}

/** A one-line progress bar, as `guru phone link` draws it. */
export function bar(progress: number): string {
  const filled = Math.round(progress / 5);
  return `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}]`;
}

/** " (rodízio: #1 user:bia@… picked; #3 dept:Vendas skipped: offline)" */
function trail(why: WhyView | null): string {
  if (!why || why.trail.length === 0) return '';
  const steps = why.trail.map((s) =>
    s.outcome === 'picked' ? t`#${s.position} ${s.target.ref} picked` : t`#${s.position} ${s.target.ref} skipped: ${s.reason}`,
  );
  return `  (rodízio: ${steps.join('; ')})`;
}
