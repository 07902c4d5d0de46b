import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InboxContainer } from '../../src/tui/InboxContainer.js';
import { helpRows } from '../../src/tui/keys.js';
import { chat, fakeApi, frameWhere, renderAt, user } from './fixtures.js';

const MINUTE = 60_000;
const me = { owner: false, user: user() };

/**
 * The agent's availability in the inbox: `A` cycles online → busy → away, the status bar shows
 * it, and after the account's away time without a key press the inbox marks her away by itself —
 * back online at the next key, unless she said busy or away herself. The clock is vitest's
 * (it also runs on by itself, so Ink's own rendering goes on as usual).
 */
describe('availability in the inbox', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function start(awayAfterMs: number) {
    const fake = fakeApi([chat(1), chat(2)], { awayAfterMs });
    const r = renderAt(<InboxContainer api={fake.api} me={me} />, 120);
    await frameWhere(r, (f) => f.includes('Cliente 1'));
    fake.emit({ type: 'snapshot', me, online: ['bia@acme.com'], availability: { 'bia@acme.com': 'online' }, awayAfterMs, phones: [] });
    await frameWhere(r, (f) => f.includes('you: online'));
    const press = async (key: string) => {
      r.stdin.write(key);
      await vi.advanceTimersByTimeAsync(20);
    };
    const shows = (text: string) => frameWhere(r, (f) => f.includes(text));
    const statusCalls = () => fake.calls.filter((c) => c.method === 'setStatus').map((c) => c.args);
    return { ...fake, r, press, shows, statusCalls };
  }

  it('marks her away after the away time without a key, and online again at the next key', async () => {
    const t = await start(15 * MINUTE);
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    await t.press('j'); // a key: the wait starts again
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(t.statusCalls()).toEqual([]);
    await vi.advanceTimersByTimeAsync(MINUTE);
    await t.shows('you: away (automatic)');
    await t.shows('away: no key pressed for a while — any key brings you back online');
    expect(t.statusCalls()).toEqual([['away', { auto: true }]]);
    expect(t.me).toMatchObject({ status: 'away', auto: true });

    await t.press('k');
    await t.shows('you: online');
    await t.shows('back online');
    expect(t.statusCalls()).toEqual([
      ['away', { auto: true }],
      ['online', { auto: true }],
    ]);
    t.r.unmount();
  });

  it('A cycles online → busy → away → online by hand; a busy or away said by hand is never undone by the clock or a key', async () => {
    const t = await start(MINUTE);
    await t.press('A');
    await t.shows('you: busy');
    await t.shows('You are busy now');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    await t.press('j');
    expect(t.statusCalls()).toEqual([['busy', {}]]);
    await t.press('A');
    await t.shows('you: away');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    await t.press('j');
    expect(t.r.lastFrame()).toContain('you: away');
    await t.press('A');
    await t.shows('you: online');
    expect(t.statusCalls()).toEqual([
      ['busy', {}],
      ['away', {}],
      ['online', {}],
    ]);
    t.r.unmount();
  });

  it('from an automatic away, A goes to busy (the key itself brought her back)', async () => {
    const t = await start(MINUTE);
    await vi.advanceTimersByTimeAsync(MINUTE);
    await t.shows('you: away (automatic)');
    await t.press('A');
    await t.shows('you: busy');
    expect(t.statusCalls()).toEqual([
      ['away', { auto: true }],
      ['busy', {}],
    ]);
    t.r.unmount();
  });

  it('with the away time 0 the inbox never marks her away; a status said elsewhere shows at once', async () => {
    const t = await start(0);
    await vi.advanceTimersByTimeAsync(24 * 60 * MINUTE);
    expect(t.statusCalls()).toEqual([]);
    t.emit({ type: 'presence', email: 'bia@acme.com', online: true, status: 'busy' });
    t.emit({ type: 'presence', email: 'caio@acme.com', online: true, status: 'away' });
    await t.shows('you: busy');
    await t.shows('caio@acme.com (away)');
    t.r.unmount();
  });

  it('an idle away said by another inbox of hers ends at a key here, as this inbox’s own would', async () => {
    const t = await start(15 * MINUTE);
    t.emit({ type: 'presence', email: 'bia@acme.com', online: true, status: 'away', auto: true });
    await t.shows('you: away (automatic)');
    await t.press('j');
    await t.shows('you: online');
    expect(t.statusCalls()).toEqual([['online', { auto: true }]]);
    t.r.unmount();
  });

  it('the help names the status key', () => {
    expect(helpRows().some((row) => row.keys.includes('A') && /your status/.test(row.what))).toBe(true);
  });
});
