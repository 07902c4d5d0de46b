import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { hintsFor, KEY_HELP, resolveKey } from '../../src/tui/keys.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (over: Partial<Key> = {}): Key => ({ ...none, ...over });

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

  it('the help lists every binding and every mode has hints', () => {
    const all = KEY_HELP.flatMap((g) => g.keys.map(([k]) => k)).join(' ');
    for (const k of ['?', 'Ctrl-C', '/', 't', 'x / o', 'Alt-Enter']) expect(all).toContain(k);
    for (const mode of ['list', 'chat', 'composer', 'search', 'picker', 'help', 'form'] as const) expect(hintsFor(mode)).not.toBe('');
  });
});
