import { describe, expect, it } from 'vitest';
import { Conversation } from '../../src/tui/components/Conversation.js';
import { PictureRow } from '../../src/tui/components/Text.js';
import { inboxReducer, initialInbox } from '../../src/tui/state/inbox.js';
import { attachmentLine, foldThread } from '../../src/tui/state/thread.js';
import { chat, message, renderAt, tick, user } from './fixtures.js';

const BIA = { email: 'bia@acme.com', name: 'Bia Lima' };
const CAIO = { email: 'caio@acme.com', name: 'Caio Reis' };
const shownSource = () => [message('m1', { text: 'Chegou?' }), react('r1', 'm1', '👍')];
const react = (id: string, target: string, emoji: string, over = {}) => message(id, { content: { type: 'reaction', target, emoji }, ...over });

describe('a conversation folds reactions, edits and deletions onto their message', () => {
  it('keeps the latest reaction of each side, as WhatsApp does (the customer, the business); an empty one takes it back', () => {
    const shown = foldThread([
      message('m1', { text: 'Chegou?' }),
      react('r1', 'm1', '👍'),
      react('r2', 'm1', '❤️', { direction: 'out', author: BIA }),
      react('r3', 'm1', '😂'), // the customer changes theirs
      react('r4', 'm1', '🙏', { direction: 'out', author: CAIO }), // the company's number reacts once: Caio's replaces Bia's
    ]);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.reactions?.map((r) => [r.emoji, r.from])).toEqual([
      ['😂', 'customer'],
      ['🙏', CAIO],
    ]);
    const taken = foldThread([...shownSource(), react('r5', 'm1', '')]);
    expect(taken[0]!.reactions).toBeUndefined();
  });

  it('folds live annotations onto messages the daemon folded already, keeping the words of a quote from an older page', () => {
    const fromDaemon = [
      message('m1', { text: 'Quero 3', edited: true, original: 'Quero 2', reactions: [{ emoji: '👍', from: 'customer', time: '2026-11-26T14:00:00Z' }] }),
      message('m2', { direction: 'out', content: { type: 'text', text: 'ok', replyTo: 'old' }, replyTo: { id: 'old', text: 'pedido antigo' } }),
    ];
    const shown = foldThread([...fromDaemon, react('r9', 'm1', '❤️', { direction: 'out', author: BIA })]);
    expect(shown.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(shown[0]).toMatchObject({ text: 'Quero 3', edited: true });
    expect(shown[0]!.reactions?.map((r) => r.emoji)).toEqual(['👍', '❤️']);
    expect(shown[1]!.replyTo).toEqual({ id: 'old', text: 'pedido antigo' });
  });

  it('an edit replaces the words (the last one wins); a deletion marks the message and keeps it; one about a message not loaded stands alone', () => {
    const shown = foldThread([
      message('m1', { text: 'Quero 2 unidades' }),
      message('e1', { content: { type: 'edit', target: 'm1', text: 'Quero 3 unidades' } }),
      message('e2', { content: { type: 'edit', target: 'm1', text: 'Quero 4 unidades' } }),
      message('m2', { text: 'meu cpf é 123' }),
      message('d1', { content: { type: 'delete', target: 'm2' } }),
      message('d2', { content: { type: 'delete', target: 'older' } }),
    ]);
    expect(shown.map((m) => m.id)).toEqual(['m1', 'm2', 'd2']);
    expect(shown[0]).toMatchObject({ text: 'Quero 4 unidades', edited: true, original: 'Quero 2 unidades' });
    expect(shown[1]).toMatchObject({ text: 'meu cpf é 123', deleted: true });
  });

  it('shows reactions under the message, the quoted line above a reply, "edited" and "deleted by the customer"', async () => {
    const messages = [
      message('m1', { text: 'Quero 2 unidades' }),
      message('e1', { content: { type: 'edit', target: 'm1', text: 'Quero 3 unidades' } }),
      message('m2', { text: 'meu cpf é 123.456.789-00' }),
      message('d1', { content: { type: 'delete', target: 'm2' } }),
      message('m3', { direction: 'out', author: BIA, status: 'read', content: { type: 'text', text: '*Bia:*\nCerto, 3 unidades', replyTo: 'm1' } }),
      react('r1', 'm3', '👍'),
    ];
    const open = { id: 'c1', messages, limit: 50, hasMore: false, loading: false, scroll: 0 };
    const r = renderAt(<Conversation chat={chat(1)} open={open} focused width={80} height={20} />, 80);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toMatch(/← \d\d:\d\d Cliente 1 · edited\n\s+Quero 3 unidades\n/);
    expect(frame).not.toContain('Quero 2 unidades');
    expect(frame).toMatch(/← \d\d:\d\d Cliente 1 · deleted by the customer\n\s+meu cpf é 123.456.789-00\n/);
    // The reply quotes the words as they are now (edited), and is the selected message (the bottom one).
    expect(frame).toMatch(/▌→ \d\d:\d\d Bia Lima ✓✓\n▌ ↪ “Quero 3 unidades”\n▌ \*Bia:\*\n▌ Certo, 3 unidades\n▌ 👍 Cliente 1/);
    expect(frame).not.toMatch(/reacted|📝|🚫/);
  });

  it('a quoted message that is not loaded says so instead of quoting nothing', async () => {
    const messages = [message('m3', { content: { type: 'text', text: 'sim', replyTo: 'long-ago' } })];
    const open = { id: 'c1', messages, limit: 50, hasMore: false, loading: false, scroll: 0 };
    const r = renderAt(<Conversation chat={chat(1)} open={open} focused={false} width={80} height={10} />, 80);
    await tick();
    expect(r.lastFrame()).toMatch(/↪ a message not loaded here\n\s+sim/);
  });

  it('scrolling counts messages as shown: a reaction arriving does not move what is on screen', () => {
    let s = inboxReducer(initialInbox(user()), { type: 'open', id: 'c1' });
    s = inboxReducer(s, { type: 'history', id: 'c1', limit: 50, messages: [message('m1'), react('r1', 'm1', '👍'), message('m2'), message('m3')] });
    s = inboxReducer(s, { type: 'scroll', delta: -10 });
    expect(s.open!.scroll).toBe(2); // three messages shown: the top one is as far as it goes
    s = inboxReducer(s, { type: 'message', chatId: 'c1', message: react('r2', 'm2', '❤️') });
    expect(s.open!.scroll).toBe(2);
    s = inboxReducer(s, { type: 'message', chatId: 'c1', message: message('m4') });
    expect(s.open!.scroll).toBe(3);
  });
});

describe('each attachment is one line: icon, type, size or length, name, caption', () => {
  it.each([
    [{ type: 'image', caption: 'Foto do defeito', size: 48_213, width: 1280, height: 960 }, undefined, '📷 image · 47 KB · 1280×960 · Foto do defeito'],
    [{ type: 'audio', voice: true, duration: 12, size: 9_000 }, undefined, '🎤 voice note · 0:12'],
    [{ type: 'audio', voice: false, duration: 185 }, undefined, '🎵 audio · 3:05'],
    [{ type: 'video', duration: 61, caption: 'olha', size: 3_000_000 }, undefined, '🎬 video · 1:01 · olha'],
    [{ type: 'video', gif: true, size: 200_000 }, undefined, '🎬 GIF · 195 KB'],
    [
      { type: 'document', fileName: 'proposta.pdf', pages: 3, size: 1_572_864, caption: 'segue' },
      undefined,
      '📄 document · 1.5 MB · 3 pages · proposta.pdf · segue',
    ],
    [{ type: 'sticker', animated: true }, undefined, '🎨 animated sticker'],
    [{ type: 'image' }, { state: 'pending' }, '📷 image · downloading…'],
    [{ type: 'image' }, { state: 'stored', sha256: 'ab', size: 2048 }, '📷 image · 2 KB'],
    [
      { type: 'document', fileName: 'a.pdf' },
      { state: 'unavailable', reason: 'WhatsApp no longer has it' },
      '📄 document · a.pdf · media unavailable: WhatsApp no longer has it',
    ],
    [{ type: 'image' }, { state: 'remote' }, '📷 image · on WhatsApp (fetched when opened)'],
    [{ type: 'image' }, { state: 'pruned' }, '📷 image · removed from this server (pruned)'],
  ] as const)('%j (%j)', (content, media, line) => {
    expect(attachmentLine({ content: content as never, ...(media ? { media: media as never } : {}) })).toBe(line);
  });

  it('is none for what carries no file', () => {
    expect(attachmentLine({ content: { type: 'text', text: 'oi' } })).toBeNull();
    expect(attachmentLine({ content: { type: 'location', latitude: 1, longitude: 2 } })).toBeNull();
  });
});

describe('a picture row is the one unsanitised string', () => {
  it('prints colours and half blocks as they are; anything else is shown, not obeyed', async () => {
    const good = '\u001b[48;5;196m\u001b[38;5;21m▄\u001b[39m\u001b[49m';
    const r = renderAt(<PictureRow row={good} />, 40);
    await tick();
    expect(r.lastFrame()).toContain('\u001b[48;5;196m');
    const bad = '\u001b[2J▄';
    r.rerender(<PictureRow row={bad} />);
    await tick();
    expect(r.lastFrame()).not.toContain('\u001b[2J');
    expect(r.lastFrame()).toContain('^[[2J');
  });
});
