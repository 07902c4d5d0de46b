import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxMediaOptions } from '../../src/tui/actions.js';
import { InboxContainer } from '../../src/tui/InboxContainer.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { chat, fakeApi, frameWhere, message, renderAt, tick, user } from './fixtures.js';

const ENTER = '\r';
const ESC = '\u001b';
const UP = '\u001b[A';
const TAB = '\t';
const BACKSPACE = '\u007f';
const me = { owner: false, user: user() };

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => removeDir(dir));

/** The inbox with chat c1 open, its history `messages`, and the bottom one selected. */
async function openChat(messages: ReturnType<typeof message>[], media: InboxMediaOptions = { draw: null }, ready: string = messages.at(-1)!.text) {
  const fake = fakeApi([chat(1), chat(2)]);
  fake.history.set('c1', messages);
  // 80 columns: the conversation alone, its lines from the first column.
  const r = renderAt(<InboxContainer api={fake.api} me={me} media={media} />, 80);
  await frameWhere(r, (f) => f.includes('Cliente 1'));
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(k === ESC ? 60 : 25);
    }
  };
  const shows = (text: string | RegExp) => frameWhere(r, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)));
  await press(ENTER);
  await shows(ready);
  return { ...fake, r, press, shows, frame: () => r.lastFrame() ?? '' };
}

/** The drawn row on screen, colours and all, under the selected photo. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the colour escapes are what is checked
const PICTURE = /a caixa\n▌ \u001b\[48;5;196m\u001b\[38;5;21m▄▄▄▄/;
const photo = message('img1', {
  content: { type: 'image', mimetype: 'image/jpeg', size: 5, caption: 'a caixa' },
  media: { state: 'stored', sha256: 'a'.repeat(64), size: 5 },
});

describe('the inbox: a selected message to quote, react to, open and save; a file to attach', () => {
  it('> quotes the selected message (↑ moves the selection): the composer shows it, the reply is sent quoting it', async () => {
    const t = await openChat([message('m1', { text: 'Quero 2 unidades' }), message('m2', { text: 'e o frete?' })]);
    await t.press(UP);
    await t.shows(/▌← \d\d:\d\d Cliente 1\n▌ Quero 2 unidades/);
    await t.press('>');
    await t.shows('↪ replying to “Quero 2 unidades”');
    await t.press('Sim, temos');
    await t.shows('› Sim, temos█');
    await t.press(ENTER);
    await t.shows(/↪ “Quero 2 unidades”\n\s+\*Bia:\*\n\s+Sim, temos/);
    expect(t.calls.find((c) => c.method === 'send')?.args).toEqual(['c1', 'Sim, temos', { key: expect.any(String), replyTo: 'm1' }]);
    expect(t.frame()).not.toContain('replying to');
  });

  it('Backspace on an empty reply drops the quote', async () => {
    const t = await openChat([message('m1', { text: 'Oi' })]);
    await t.press('>');
    await t.shows('↪ replying to “Oi”');
    await t.press(BACKSPACE);
    await frameWhere(t.r, (f) => !f.includes('replying to'));
  });

  it('e then 1–6 reacts to the selected message (shown under it); e then 0 takes it back', async () => {
    const t = await openChat([message('m1', { text: 'Chegou!' }), message('m2', { text: 'Obrigado' })]);
    await t.press(UP, 'e');
    await t.shows('React to “Chegou!”');
    await t.shows('1 👍   2 ❤️');
    await t.press('2');
    await t.shows(/Chegou!\n▌ ❤️ Bia Lima\n/);
    expect(t.calls.filter((c) => c.method === 'react').map((c) => c.args)).toEqual([['m1', '❤️']]);
    await t.press('e', '0');
    await frameWhere(t.r, (f) => !f.includes('❤️ Bia Lima'));
    expect(t.calls.filter((c) => c.method === 'react').map((c) => c.args)).toEqual([
      ['m1', '❤️'],
      ['m1', ''],
    ]);
    await t.press('e', ESC);
    await frameWhere(t.r, (f) => !f.includes('React to'));
    expect(t.calls.filter((c) => c.method === 'react')).toHaveLength(2);
  });

  it('a attaches a file by path (Tab completes it), the reply is its caption; Enter uploads and sends it', async () => {
    const folder = join(dir, 'attach');
    await mkdir(join(folder, 'docs'), { recursive: true });
    await writeFile(join(folder, 'docs', 'orcamento-2026.pdf'), '%PDF-1.4 orcamento!'); // 19 bytes
    await writeFile(join(folder, 'docs', 'outro.txt'), 'x');
    await writeFile(join(folder, 'docs', 'vazio.pdf'), '');
    const t = await openChat([message('m1', { text: 'Manda o orçamento' })]);
    await t.press('a');
    await t.shows('Attach › █');
    await t.press(`${folder}/do`, TAB);
    await t.shows(`${folder}/docs/█`);
    await t.press('o', TAB);
    await t.shows('orcamento-2026.pdf  outro.txt'); // two names match: shown, the path stays
    await t.press('r', TAB);
    await t.shows(`${folder}/docs/orcamento-2026.pdf█`);
    await t.press(ENTER);
    await t.shows('📎 orcamento-2026.pdf · 19 B · type a caption, or Enter sends it alone');
    await t.press('segue o orçamento');
    await t.shows('the reply is its caption');
    await t.press(ENTER);
    await t.shows('orcamento-2026.pdf sent');
    await t.shows(/📄 document · 19 B · orcamento-2026.pdf · \*Bia:\*/);
    const upload = t.calls.find((c) => c.method === 'upload')!;
    expect(upload.args).toEqual([join(folder, 'docs', 'orcamento-2026.pdf')]);
    const [sha256] = [...t.uploads.keys()];
    expect(t.calls.find((c) => c.method === 'sendFile')?.args).toEqual([
      'c1',
      { sha256, fileName: 'orcamento-2026.pdf', caption: 'segue o orçamento', key: expect.any(String) },
    ]);
    expect(t.frame()).not.toContain('📎');

    // An empty file is refused, saying why, and the prompt keeps the path.
    await t.press(ESC, 'a', join(folder, 'docs', 'vazio.pdf'), ENTER);
    await t.shows('vazio.pdf is empty');
    await t.shows('vazio.pdf█');
    await t.press(ESC);
    await frameWhere(t.r, (f) => !f.includes('Attach ›'));
    expect(t.calls.filter((c) => c.method === 'upload')).toHaveLength(1);
  });

  it('s saves the selected file under its own name made safe, never over another; v opens it with $GURU_OPENER', async () => {
    const saveDir = join(dir, 'saved');
    await mkdir(saveDir);
    const opened = join(dir, 'opened.bin');
    const opener = join(dir, 'opener.sh');
    await writeFile(opener, `#!/bin/sh\ncp "$1" '${opened}'\n`);
    await chmod(opener, 0o755);
    const doc = message('doc1', {
      content: { type: 'document', fileName: '../pedidos/março.pdf', size: 4 },
      media: { state: 'stored', sha256: 'b'.repeat(64), size: 4 },
    });
    const t = await openChat([doc], { draw: null, env: { ...process.env, GURU_SAVE_DIR: saveDir, GURU_OPENER: opener } }, '📄 document');
    t.files.set('doc1', { bytes: Buffer.from('PDF!'), fileName: '../pedidos/março.pdf', contentType: 'application/pdf' });
    await t.shows('v open file · s save file'); // under the selected message, which has a file
    await t.press('s');
    await t.shows(`saved ${join(saveDir, '_pedidos_março.pdf')}`);
    await t.press('s');
    await t.shows(/saved .* \(1\)/);
    expect((await readdir(saveDir)).sort()).toEqual(['_pedidos_março (1).pdf', '_pedidos_março.pdf']);
    expect(await readFile(join(saveDir, '_pedidos_março.pdf'), 'utf8')).toBe('PDF!');
    await t.press('v');
    await t.shows(`opened _pedidos_março.pdf with ${opener}`);
    await frameWhere(t.r, () => true);
    for (let i = 0; i < 100 && !(await readFile(opened).catch(() => null)); i++) await tick(20);
    expect(await readFile(opened, 'utf8')).toBe('PDF!');
  });

  it('v on a message without a file says how to pick one', async () => {
    const t = await openChat([message('m1', { text: 'Oi' })]);
    await t.press('v');
    await t.shows('the selected message has no file');
    expect(t.calls.some((c) => c.method === 'media')).toBe(false);
  });

  it('the selected image gets its thumbnail, fetched and drawn once; a file too large is not fetched', async () => {
    const drawn: number[] = [];
    const draw = async (bytes: Uint8Array) => {
      drawn.push(bytes.length);
      return ['\u001b[48;5;196m\u001b[38;5;21m▄▄▄▄\u001b[39m\u001b[49m'];
    };
    const big = message('img2', { content: { type: 'image', size: 9_000_000 }, media: { state: 'stored', sha256: 'c'.repeat(64), size: 9_000_000 } });
    const t = await openChat([photo, message('m2', { text: 'viu?' }), big], { draw, thumbnailMaxBytes: 1_000_000 });
    t.files.set('img1', { bytes: Buffer.from('JPEG!'), fileName: null, contentType: 'image/jpeg' });
    await t.press(UP, UP);
    await t.shows(PICTURE);
    await t.press('\u001b[B', '\u001b[B', UP, UP);
    await t.shows(PICTURE);
    expect(drawn).toEqual([5]);
    expect(t.calls.filter((c) => c.method === 'media').map((c) => c.args)).toEqual([['img1']]);
  });
});
