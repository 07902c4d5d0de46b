import { formatSize } from '../core/chats/content.js';
import type { WhyView } from '../core/chats/views.js';
import type { DemoNote } from './live.js';

/** One line of `guru demo --headless`'s transcript for a note (null: nothing to print). */
export function transcriptLine(note: DemoNote, now: Date): string | null {
  const time = now.toISOString().slice(11, 19);
  const line = (what: string, text: string) => `${time}  ${what.padEnd(9)} ${text}`;
  switch (note.type) {
    case 'simulator':
      return line('simulator', `WhatsApp simulator listening on ${note.url} (the demo's phone and customers)`);
    case 'daemon':
      return line('daemon', `guru daemon running (pid ${note.pid}), real Baileys pointed at the simulator`);
    case 'qr':
      return line('link', `QR ready (valid ${Math.round(note.validForMs / 1000)} s): ${note.qr.slice(0, 48)}…`);
    case 'scan':
      return line('link', `the simulated phone ${note.number} scans the QR`);
    case 'state':
      if (note.state === 'syncing' && note.progress !== undefined) return line('sync', `syncing history ${bar(note.progress)} ${note.progress}%`);
      return note.state === 'connected' ? null : line('link', note.state); // "connected" comes with the totals
    case 'linked':
      return line('link', `connected: ${note.chats} chats, ${note.messages} messages of history synced`);
    case 'new-chat':
      return line(
        'rodízio',
        `${note.why?.cause === 'reopen' ? 'reopened chat' : 'new chat'} ${note.chat.name ?? note.chat.customer} (${note.chat.customer}) → ${note.chat.assignee?.name ?? 'nobody (unassigned)'}${trail(note.why)}`,
      );
    case 'message': {
      const who = note.chat?.name ?? note.chat?.customer ?? 'customer';
      const text = note.message.text.replace(/\n/g, ' ');
      if (note.message.direction === 'note') return line('note', `${note.message.author?.name ?? 'Guru'} about ${who}: ${text}`);
      return note.message.direction === 'in' ? line('in', `${who}: ${text}`) : line('out', `${note.message.author?.name ?? 'Guru'} → ${who}: ${text}`);
    }
    case 'media': {
      const who = note.chat?.name ?? note.chat?.customer ?? 'the customer';
      const { content } = note.message;
      const what = content.type === 'audio' ? (content.voice ? 'voice note' : 'audio file') : content.type === 'image' ? 'photo' : content.type;
      const media = note.message.media;
      if (media?.state === 'stored')
        return line('media', `${who}'s ${what} kept by the daemon (${formatSize(media.size)}, sha256 ${media.sha256.slice(0, 12)}…)`);
      return line('media', `${who}'s ${what} not kept: ${media && 'reason' in media && media.reason ? media.reason : media?.state}`);
    }
    case 'receipt': {
      const who = note.chat?.name ?? note.chat?.customer ?? 'the customer';
      return line('receipt', note.status === 'read' ? `${who} read the reply ✓✓ (read)` : `${who}'s phone received the reply ✓✓`);
    }
    case 'stopping':
      return line('demo', 'stopping the customers, the daemon and the simulator');
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
  const steps = why.trail.map((s) => `#${s.position} ${s.target.ref} ${s.outcome === 'picked' ? 'picked' : `skipped: ${s.reason}`}`);
  return `  (rodízio: ${steps.join('; ')})`;
}
