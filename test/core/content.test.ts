import { describe, expect, it } from 'vitest';
import {
  contentFields,
  describeContent,
  quote,
  quotesFrom,
  renderContent,
  formatDuration,
  formatSize,
  recordContent,
  searchableText,
  type MessageContent,
} from '../../src/core/chats/content.js';
import { parseContent } from '../../src/core/chats/content-schema.js';

/** The one formatter every screen uses, and how content is written to a journal record. */
describe('message content', () => {
  const words: Record<string, string> = { M1: 'Qual o prazo de entrega do pedido 4471?' };
  const quoted = (id: string) => words[id];

  it.each<[MessageContent, string]>([
    [{ type: 'text', text: 'oi\ntudo bem?' }, 'oi\ntudo bem?'],
    [{ type: 'text', text: 'sim', replyTo: 'M1' }, 'sim'],
    [{ type: 'image', caption: 'nota fiscal', mimetype: 'image/jpeg', size: 48_213, width: 1280, height: 960 }, '📷 image · nota fiscal'],
    [{ type: 'image' }, '📷 image'],
    [{ type: 'audio', voice: true, duration: 12 }, '🎤 voice note 0:12'],
    [{ type: 'audio', voice: false, duration: 185, mimetype: 'audio/mpeg' }, '🎵 audio 3:05'],
    [{ type: 'video', duration: 3723, caption: 'unboxing' }, '🎬 video 1:02:03 · unboxing'],
    [{ type: 'video', gif: true, duration: 3 }, '🎬 GIF'],
    [{ type: 'document', fileName: 'boleto.pdf', size: 1_258_291, pages: 2, caption: 'segue' }, '📄 boleto.pdf (1.2 MB, 2 pages) · segue'],
    [{ type: 'document' }, '📄 document'],
    [{ type: 'sticker', animated: true }, '🎨 animated sticker'],
    [
      { type: 'location', latitude: -23.5613, longitude: -46.6565, name: 'MASP', address: 'Av. Paulista, 1578' },
      '📍 location MASP, Av. Paulista, 1578 (-23.5613, -46.6565)',
    ],
    [{ type: 'location', latitude: -23.561312345, longitude: -46.6565, live: true }, '📍 live location -23.56131, -46.6565'],
    [{ type: 'contact', contacts: [{ name: 'João Lima', phones: ['+5511988887777'] }] }, '👤 contact João Lima +5511988887777'],
    [
      {
        type: 'contact',
        contacts: [
          { name: 'João', phones: [] },
          { name: 'Rita', phones: [] },
        ],
      },
      '👤 2 contacts: João, Rita',
    ],
    [{ type: 'reaction', target: 'M1', emoji: '👍' }, '👍 reacted to “Qual o prazo de entrega do pe…”'],
    [{ type: 'reaction', target: 'M9', emoji: '❤️' }, '❤️ reacted to a message'],
    [{ type: 'reaction', target: 'M1', emoji: '' }, 'removed a reaction from “Qual o prazo de entrega do pe…”'],
    [{ type: 'edit', target: 'M1', text: 'Qual o prazo do pedido 4472?' }, '📝 edited “Qual o prazo de entrega do pe…”: Qual o prazo do pedido 4472?'],
    [{ type: 'edit', target: 'M9', text: 'novo' }, '📝 edited: novo'],
    [{ type: 'delete', target: 'M1' }, '🚫 deleted “Qual o prazo de entrega do pe…”'],
    [{ type: 'delete', target: 'M9' }, '🚫 deleted a message'],
  ])('%j reads as %j', (content, expected) => {
    expect(describeContent(content, quoted)).toBe(expected);
  });

  it('without a way to look messages up, reactions stand alone', () => {
    expect(describeContent({ type: 'reaction', target: 'M1', emoji: '👍' })).toBe('👍 reacted to a message');
  });

  it('a kind a newer version wrote is named, not a crash', () => {
    expect(describeContent({ type: 'poll', question: '?' } as unknown as MessageContent)).toBe('[poll]');
  });

  it('on screen, a reply first names what it answers (when the screen has it)', () => {
    const quoted = quotesFrom([{ id: 'M1', text: '📷 image · Foto do defeito na tampa' }]);
    expect(renderContent({ type: 'text', text: 'Vamos trocar', replyTo: 'M1' }, quoted)).toBe('↪ “📷 image · Foto do defeito na …”\nVamos trocar');
    expect(renderContent({ type: 'image', caption: 'outra', replyTo: 'M9' }, quoted)).toBe('↪ reply\n📷 image · outra');
    expect(renderContent({ type: 'reaction', target: 'M1', emoji: '😮' }, quoted)).toBe('😮 reacted to “📷 image · Foto do defeito na …”');
    expect(renderContent({ type: 'text', text: 'oi' }, quoted)).toBe('oi');
    expect(quote('👍'.repeat(40), 5)).toBe('“👍👍👍👍…”'); // cut between emoji, never inside one
  });

  it('durations and sizes', () => {
    expect([0, 9, 60, 599, 3600].map(formatDuration)).toEqual(['0:00', '0:09', '1:00', '9:59', '1:00:00']);
    expect([512, 2048, 48_213, 1_048_576, 5_000_000_000].map(formatSize)).toEqual(['512 B', '2 KB', '47 KB', '1 MB', '4.7 GB']);
  });

  it('search reads text, captions, file names, places and contact names — not mimetypes', () => {
    expect(searchableText({ type: 'image', caption: 'Nota Fiscal', mimetype: 'image/jpeg' })).toBe('Nota Fiscal');
    expect(searchableText({ type: 'document', fileName: 'boleto.pdf', caption: 'segue' })).toBe('boleto.pdf\nsegue');
    expect(searchableText({ type: 'location', latitude: 0, longitude: 0, name: 'MASP' })).toBe('MASP');
    expect(searchableText({ type: 'contact', contacts: [{ name: 'João', phones: ['+55119'] }] })).toBe('João +55119');
    expect(searchableText({ type: 'audio', voice: true, mimetype: 'audio/ogg' })).toBe('');
  });

  it('a journal record keeps plain text as `text` (as before content existed) and anything else as `content`', () => {
    expect(contentFields({ type: 'text', text: 'oi' })).toEqual({ text: 'oi' });
    expect(contentFields({ type: 'text', text: 'oi', replyTo: 'M1' })).toEqual({ content: { type: 'text', text: 'oi', replyTo: 'M1' } });
    const image: MessageContent = { type: 'image', caption: 'x' };
    expect(contentFields(image)).toEqual({ content: image });
    // What today's and older records read back as.
    expect(recordContent({ text: 'oi' })).toEqual({ type: 'text', text: 'oi' });
    expect(recordContent({ content: image })).toEqual(image);
  });

  it('content from outside is checked whole, and a refusal names what was wrong', () => {
    expect(parseContent({ type: 'location', latitude: 1.5, longitude: 2 })).toEqual({ type: 'location', latitude: 1.5, longitude: 2 });
    expect(() => parseContent({ type: 'hologram' })).toThrow(/^content\.type: not a kind of message .*one of image, audio/);
    expect(() => parseContent({ type: 'location', latitude: 91, longitude: 0 })).toThrow(/content\.latitude/);
    expect(() => parseContent({ type: 'image', caption: 'x', bytes: 'AAAA' })).toThrow(/content: .*bytes/);
    expect(() => parseContent({ type: 'reaction', emoji: '👍' })).toThrow(/content\.target/);
    expect(() => parseContent('oi')).toThrow(/content/);
  });
});
