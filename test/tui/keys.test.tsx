import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { InboxView } from '../../src/tui/App.js';
import { Help } from '../../src/tui/components/Help.js';
import { LoginScreen } from '../../src/tui/components/LoginScreen.js';
import { BINDINGS, helpRows, helpTitle, hintsFor, type KeyContext, type KeyMode, resolveKey } from '../../src/tui/keys.js';
import { initialInbox } from '../../src/tui/state/inbox.js';
import { initialLogin } from '../../src/tui/state/login.js';
import { linesOf, NOW, renderAt, tick, user } from './fixtures.js';

const none: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};
const key = (over: Partial<Key> = {}): Key => ({ ...none, ...over });

const MODES: readonly KeyMode[] = ['list', 'chat', 'composer', 'search', 'picker', 'tagger', 'help', 'panel', 'form', 'newchat', 'react', 'attach'];
const CONTEXT_MODES: Record<KeyContext, readonly KeyMode[]> = {
  anywhere: ['list', 'chat'],
  list: ['list'],
  chat: ['chat'],
  composer: ['composer'],
  search: ['search'],
  picker: ['picker'],
  tagger: ['tagger'],
  help: ['help'],
  panel: ['panel'],
  form: ['form'],
  newchat: ['newchat'],
  react: ['react'],
  attach: ['attach'],
};

/** What Ink hands `useInput` for a key the table names (written out here, not taken from keys.ts). */
function press(name: string): [string, Partial<Key>] {
  const named: Record<string, [string, Partial<Key>]> = {
    'Ctrl-C': ['c', { ctrl: true }],
    'Ctrl-J': ['j', { ctrl: true }],
    'Ctrl-E': ['e', { ctrl: true }],
    'Alt-e': ['e', { meta: true }],
    Enter: ['', { return: true }],
    'Alt-Enter': ['', { return: true, meta: true }],
    Esc: ['', { escape: true }],
    Tab: ['', { tab: true }],
    'S-Tab': ['', { tab: true, shift: true }],
    '↑': ['', { upArrow: true }],
    '↓': ['', { downArrow: true }],
    '←': ['', { leftArrow: true }],
    '→': ['', { rightArrow: true }],
    PgUp: ['', { pageUp: true }],
    PgDn: ['', { pageDown: true }],
    '1–5': ['3', {}],
    '1–6': ['6', {}],
  };
  return named[name] ?? [name, {}];
}

/** "↑↓" is two keys side by side; any other label is one key. */
const splitKeys = (label: string) => (/^[↑↓←→]+$/.test(label) ? [...label] : [label]);

describe('keys', () => {
  it('Ctrl-C quits everywhere; q quits only where nobody is typing', () => {
    for (const mode of ['list', 'chat', 'composer', 'search', 'picker', 'form'] as const) {
      expect(resolveKey(mode, 'c', key({ ctrl: true }))).toEqual({ type: 'quit' });
    }
    expect(resolveKey('list', 'q', key())).toEqual({ type: 'quit' });
    expect(resolveKey('chat', 'q', key())).toEqual({ type: 'quit' });
    expect(resolveKey('composer', 'q', key())).toEqual({ type: 'insert', text: 'q' });
    expect(resolveKey('search', 'q', key())).toEqual({ type: 'insert', text: 'q' });
  });

  it('the list moves, opens, switches tabs and starts a search', () => {
    expect(resolveKey('list', '', key({ downArrow: true }))).toEqual({ type: 'move', delta: 1 });
    expect(resolveKey('list', 'k', key())).toEqual({ type: 'move', delta: -1 });
    expect(resolveKey('list', '', key({ return: true }))).toEqual({ type: 'open' });
    expect(resolveKey('list', '', key({ tab: true, shift: true }))).toEqual({ type: 'tab', delta: -1 });
    expect(resolveKey('list', '3', key())).toEqual({ type: 'tabAt', index: 2 });
    expect(resolveKey('list', '/', key())).toEqual({ type: 'search' });
    expect(resolveKey('list', '?', key())).toEqual({ type: 'help' });
  });

  it('a conversation replies, transfers, closes, reopens and goes back', () => {
    expect(resolveKey('chat', 'r', key())).toEqual({ type: 'reply' });
    expect(resolveKey('chat', 't', key())).toEqual({ type: 'transfer' });
    expect(resolveKey('chat', 'x', key())).toEqual({ type: 'close' });
    expect(resolveKey('chat', 'o', key())).toEqual({ type: 'reopen' });
    expect(resolveKey('chat', '', key({ escape: true }))).toEqual({ type: 'back' });
    expect(resolveKey('chat', '', key({ pageUp: true }))).toEqual({ type: 'page', delta: -1 });
  });

  it('the composer sends on Enter and breaks lines on Alt-Enter and Ctrl-J', () => {
    expect(resolveKey('composer', '', key({ return: true }))).toEqual({ type: 'submit' });
    expect(resolveKey('composer', '', key({ return: true, meta: true }))).toEqual({ type: 'newline' });
    expect(resolveKey('composer', '\n', key())).toEqual({ type: 'newline' });
    expect(resolveKey('composer', '', key({ delete: true }))).toEqual({ type: 'backspace' });
    expect(resolveKey('composer', 'olá mundo', key())).toEqual({ type: 'insert', text: 'olá mundo' });
  });

  it('every key in the table does what the table says, in every mode where it works', () => {
    for (const binding of BINDINGS) {
      for (const k of binding.keys) {
        const [input, over] = press(k.key);
        const expected = typeof k.does === 'function' ? k.does(input) : k.does;
        for (const mode of MODES) {
          const works = k.everywhere === true || CONTEXT_MODES[binding.context].includes(mode);
          if (works) expect(resolveKey(mode, input, key(over)), `${k.key} in ${mode}`).toEqual(expected);
        }
      }
    }
  });

  it('every mode has a hint line, and each key it names does something there', () => {
    for (const mode of MODES) {
      const hints = hintsFor(mode);
      expect(hints, mode).not.toBe('');
      for (const part of hints.split(' · ')) {
        const first = splitKeys(part.split(' ')[0]!)[0]!;
        const [input, over] = press(first);
        expect(resolveKey(mode, input, key(over)), `${part} in ${mode}`).not.toBeNull();
      }
    }
  });
});

describe('the ? help is the key table', () => {
  /** (context, key) pairs as the help screen prints them: the group column carries down, the title lists the keys that close it. */
  function keysOnScreen(frame: string, keyWidth: number): string[] {
    const [title, ...rows] = linesOf(frame);
    const closing = /^Keys — (.+) closes this$/.exec(title!.trim());
    expect(closing, title).not.toBeNull();
    const seen = closing![1]!.split(/, | or /).map((k) => `help ${k}`);
    let group = '';
    for (const row of rows) {
      group = row.slice(0, 10).trim() || group;
      for (const label of row
        .slice(10, 10 + keyWidth)
        .trim()
        .split(' ')
        .filter(Boolean))
        for (const k of splitKeys(label)) seen.push(`${group} ${k}`);
    }
    return seen.sort();
  }

  it('shows every key of the inbox table and no key that is not in it', async () => {
    const r = renderAt(<Help width={120} height={40} />, 120);
    await tick();
    const inTable = BINDINGS.filter((b) => !['form', 'newchat', 'react', 'attach', 'tagger', 'panel'].includes(b.context)).flatMap((b) =>
      b.keys.map((k) => `${b.context} ${k.key}`),
    );
    expect(keysOnScreen(r.lastFrame()!, 20)).toEqual(inTable.sort());
  });

  it('fits an 80×24 terminal whole', async () => {
    const r = renderAt(<InboxView state={{ ...initialInbox(user()), focus: 'help' }} width={80} height={23} now={NOW} />, 80);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).toContain(helpTitle());
    for (const row of helpRows()) expect(frame).toContain(row.what.slice(0, 40));
  });

  it('the login screen lists every key of the form', async () => {
    const r = renderAt(<LoginScreen state={initialLogin('')} width={120} />, 120);
    await tick();
    const frame = linesOf(r.lastFrame()!).join(' ');
    for (const b of BINDINGS) for (const k of b.keys) if (b.context === 'form' || k.everywhere) expect(frame).toContain(k.key);
  });
});
