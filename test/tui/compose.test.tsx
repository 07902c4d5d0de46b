import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuickReplyView } from '../../src/core/ops/quick-replies.js';
import { editInEditor, type EditResult } from '../../src/tui/editor.js';
import { InboxContainer } from '../../src/tui/InboxContainer.js';
import { quickMatches } from '../../src/tui/state/quick.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { chat, fakeApi, frameWhere, renderAt, tick, user } from './fixtures.js';

const ENTER = '\r';
const TAB = '\t';
const DOWN = '\u001b[B';
const ALT_E = '\u001be';
const me = { owner: false, user: user() };

const reply = (id: string, shortcut: string, text: string, over: Partial<QuickReplyView> = {}): QuickReplyView => ({
  id,
  shortcut,
  text,
  scope: 'everyone',
  department: null,
  createdBy: null,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  ...over,
});

async function start(editDraft?: (draft: string) => Promise<EditResult>) {
  const fake = fakeApi([chat(1), chat(2)]);
  fake.quickReplies.push(
    reply('q1', '/preco', 'O plano anual sai por R$ 1.200, {cliente}.'),
    reply('q2', '/prazo', 'Entregamos em 5 dias úteis.', { scope: 'department', department: 'Vendas' }),
    reply('q3', '/ola', 'Olá {cliente}!'),
  );
  const r = renderAt(<InboxContainer api={fake.api} me={me} {...(editDraft ? { editDraft } : {})} />, 100);
  await frameWhere(r, (f) => f.includes('Cliente 1'));
  await tick(30);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(20);
    }
  };
  const shows = (text: string | RegExp) => frameWhere(r, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)));
  await press(ENTER);
  await shows('signed *Bia:*');
  await press('r');
  return { ...fake, r, press, shows };
}

describe('quick replies in the composer', () => {
  it('matches only a /word at the start of the reply, by the start of its shortcut', () => {
    const all = [reply('q1', '/preco', 'a'), reply('q2', '/prazo', 'b'), reply('q3', '/ola', 'c')];
    expect(quickMatches('/pr', all).map((r) => r.id)).toEqual(['q1', 'q2']);
    expect(quickMatches('/PRE', all).map((r) => r.id)).toEqual(['q1']);
    expect(quickMatches('/', all)).toHaveLength(3);
    expect(quickMatches('oi /pr', all)).toEqual([]);
    expect(quickMatches('/pr ', all)).toEqual([]);
    expect(quickMatches('/xyz', all)).toEqual([]);
  });

  it('/pr offers the matches above the composer; ↓ chooses, Tab inserts it as the daemon filled it, Enter sends it', async () => {
    const t = await start();
    await t.press('/pr');
    await t.shows('› /preco');
    await t.shows('  /prazo');
    expect(t.calls.filter((c) => c.method === 'quickReplies')).toHaveLength(1);
    await t.press(DOWN);
    await t.shows('› /prazo');
    await t.press(TAB);
    await t.shows('› [c1] Entregamos em 5 dias úteis.█');
    expect(t.calls.find((c) => c.method === 'quickReply')?.args).toEqual(['c1', 'q2']);
    expect(t.r.lastFrame()).not.toContain('/preco');
    await t.press(ENTER);
    await frameWhere(t.r, () => t.calls.some((c) => c.method === 'send'));
    expect(t.calls.find((c) => c.method === 'send')?.args).toEqual(['c1', '[c1] Entregamos em 5 dias úteis.', { key: expect.any(String) }]);
  });

  it('Tab then Enter at once still sends the filled text; Tab with no match says how to find one', async () => {
    const t = await start();
    await t.press('/xyz');
    await t.press(TAB);
    await t.shows('no quick reply starts with /xyz');
    for (let i = 0; i < 4; i++) await t.press('\u007f');
    // Both keys in one go: the send waits for the fill.
    t.r.stdin.write('/ol');
    await t.shows('› /ola');
    t.r.stdin.write(TAB);
    t.r.stdin.write(ENTER);
    await frameWhere(t.r, () => t.calls.some((c) => c.method === 'send'));
    expect(t.calls.find((c) => c.method === 'send')?.args[1]).toBe('[c1] Olá {cliente}!');
  });

  it('Alt-e hands the draft to the editor and takes back what it saved; a failed editor leaves the draft', async () => {
    const seen: string[] = [];
    let next: EditResult = { ok: true, text: 'Primeira linha\nSegunda linha, escrita no editor' };
    const t = await start(async (draft) => {
      seen.push(draft);
      return next;
    });
    await t.press('Rascunho');
    await t.press(ALT_E);
    await t.shows('Segunda linha, escrita no editor█');
    expect(seen).toEqual(['Rascunho']);
    next = { ok: false, reason: 'vi stopped with 1 — the reply is as it was' };
    await t.press('\u0005'); // Ctrl-E
    await t.shows('vi stopped with 1');
    expect(t.r.lastFrame()).toContain('Segunda linha, escrita no editor█');
    await t.press(ENTER);
    await frameWhere(t.r, () => t.calls.some((c) => c.method === 'send'));
    expect(t.calls.find((c) => c.method === 'send')?.args[1]).toBe('Primeira linha\nSegunda linha, escrita no editor');
  });
});

/** The real editor runner with EDITOR set to small scripts: what it sees, what it leaves. */
describe('editInEditor', () => {
  let dir: string;
  const terminal = () => {
    const log: string[] = [];
    return { log, release: () => void log.push('release'), reclaim: () => void log.push('reclaim') };
  };
  const script = async (name: string, body: string) => {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\n${body}\n`);
    await chmod(path, 0o755);
    return path;
  };

  beforeAll(async () => {
    dir = await makeTempDir('guru-editor-');
  });
  afterAll(() => removeDir(dir));

  it('hands over a private file with the draft, returns what was saved, and removes the file', async () => {
    const seen = join(dir, 'seen');
    // Records the file's path, mode and contents, then writes the reply as an editor would.
    const editor = await script(
      'edit.sh',
      `printf '%s\\n' "$1" > ${seen}; stat -c %a "$1" >> ${seen}; stat -c %a "$(dirname "$1")" >> ${seen}; cat "$1" >> ${seen}; printf 'Olá {cliente},\\nsegue o orçamento.\\n\\n' > "$1"`,
    );
    const t = terminal();
    const result = await editInEditor('rascunho', { ...process.env, EDITOR: editor }, t);
    expect(result).toEqual({ ok: true, text: 'Olá {cliente},\nsegue o orçamento.' });
    expect(t.log).toEqual(['release', 'reclaim']);
    const [path, mode, dirMode, draft] = (await readFile(seen, 'utf8')).split('\n');
    expect([mode, dirMode, draft]).toEqual(['600', '700', 'rascunho']);
    await expect(stat(path!)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('an editor with arguments gets the path apart; a failing or missing one leaves the draft, and the file is gone all the same', async () => {
    const argsSeen = join(dir, 'args');
    const editor = await script('args.sh', `printf '%s|' "$@" > ${argsSeen}; echo pronto > "$2"`);
    expect(await editInEditor('x', { ...process.env, EDITOR: `${editor} --wait` }, terminal())).toEqual({ ok: true, text: 'pronto' });
    const args = (await readFile(argsSeen, 'utf8')).split('|');
    expect(args[0]).toBe('--wait');
    expect(args[1]).toMatch(/guru-reply-.*\/reply\.txt$/);

    const failing = await script('fail.sh', `echo "$1" > ${join(dir, 'failed-path')}; exit 3`);
    const t = terminal();
    const failed = await editInEditor('rascunho', { ...process.env, EDITOR: failing }, t);
    expect(failed).toEqual({ ok: false, reason: expect.stringMatching(/stopped with 3 — the reply is as it was/) });
    expect(t.log).toEqual(['release', 'reclaim']);
    await expect(stat((await readFile(join(dir, 'failed-path'), 'utf8')).trim())).rejects.toMatchObject({ code: 'ENOENT' });

    const missing = await editInEditor('rascunho', { ...process.env, EDITOR: join(dir, 'no-such-editor') }, terminal());
    expect(missing).toEqual({ ok: false, reason: expect.stringMatching(/no editor ".*no-such-editor" — set \$EDITOR/) });
  });
});
