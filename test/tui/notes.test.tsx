import { describe, expect, it } from 'vitest';
import { InboxContainer } from '../../src/tui/InboxContainer.js';
import { chat, fakeApi, frameWhere, renderAt, tick, user } from './fixtures.js';

const ENTER = '\r';
const ESC = '\u001b';
const me = { owner: false, user: user() };

/** The inbox against a scripted daemon (fixtures.ts), with the terminal bell counted. */
async function start(cols: number) {
  const fake = fakeApi([chat(1), chat(2), chat(3), chat(4)]);
  const bells: number[] = [];
  const r = renderAt(<InboxContainer api={fake.api} me={me} bell={() => void bells.push(Date.now())} />, cols);
  await frameWhere(r, (f) => f.includes('Cliente 1'));
  fake.emit({
    type: 'snapshot',
    me,
    online: ['bia@acme.com'],
    availability: { 'bia@acme.com': 'online' },
    awayAfterMs: 0,
    phones: [{ number: '+5511999990000', label: null, linkState: 'connected' }],
  });
  await frameWhere(r, (f) => f.includes('connected'));
  await tick(30);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(ESC === k ? 60 : 20);
    }
  };
  const shows = (text: string | RegExp) => frameWhere(r, (f) => (typeof text === 'string' ? f.includes(text) : text.test(f)));
  return { ...fake, r, press, shows, bells, frame: () => r.lastFrame() ?? '' };
}

describe.each([80, 120])('internal notes and mentions in the inbox at %i columns', (cols) => {
  it('N writes a note, apart from the reply: Enter saves it through notes (never send), shown as a note', async () => {
    const t = await start(cols);
    await t.press(ENTER); // open Cliente 1
    await t.shows('signed *Bia:*');
    await t.press('r', 'resposta pela metade', ESC); // a reply's draft, left
    await t.press('N');
    await t.shows('internal note — only the team sees it');
    expect(t.frame()).not.toContain('resposta pela metade'); // the note does not start from the reply
    await t.press('cliente VIP, @caio confere o desconto');
    await t.shows('✎ cliente VIP, @caio confere o desconto█');
    await t.press(ENTER);
    await t.shows('note saved — only the team sees it; told Caio Reis');
    await t.shows(/✎ \d\d:\d\d note · Bia Lima/);
    expect(t.calls.filter((c) => c.method === 'note').map((c) => c.args)).toEqual([['c1', 'cliente VIP, @caio confere o desconto']]);
    expect(t.calls.some((c) => c.method === 'send')).toBe(false);
    // Back to replying: the reply's draft is as it was left.
    await t.press('r');
    await t.shows('› resposta pela metade█');
  });

  it('a mention rings the bell and marks the chat @ until it is opened', async () => {
    const t = await start(cols);
    expect(t.frame()).not.toMatch(/Cliente 2.* @/);
    t.emit({
      type: 'mention',
      chatId: 'c2',
      id: 'note_1',
      userId: 'u-bia',
      by: { email: 'ana@acme.com', name: 'Ana' },
      text: '@bia olha esse',
      time: '2026-11-26T15:00:00Z',
    });
    await t.shows(/Cliente 2.* @/);
    await t.shows('Ana mentioned you in a note — Cliente 2');
    expect(t.bells).toHaveLength(1);
    await t.press('j', ENTER); // open Cliente 2
    await t.shows(/Cliente 2\s+\+55/);
    await frameWhere(t.r, (f) => !/Cliente 2.* @/.test(f));
    expect(t.bells).toHaveLength(1);
  });
});
