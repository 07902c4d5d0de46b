import type { Key } from 'ink';

/**
 * Every key binding of the inbox, in one place (gemini-cli `keyBindings.ts`). Components never
 * look at raw keys: the container asks `resolveKey(mode, input, key)` for an intent and
 * dispatches it, and the help overlay and the status bar print `KEY_HELP` / `hintsFor(mode)`.
 */

/** Where the keyboard is: what a key means depends on it. */
export type KeyMode = 'list' | 'chat' | 'composer' | 'search' | 'picker' | 'help' | 'form';

export type KeyIntent =
  | { type: 'quit' }
  | { type: 'help' }
  | { type: 'tab'; delta: 1 | -1 }
  | { type: 'tabAt'; index: number }
  | { type: 'search' }
  | { type: 'move'; delta: number }
  | { type: 'page'; delta: 1 | -1 }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'reply' }
  | { type: 'transfer' }
  | { type: 'close' }
  | { type: 'reopen' }
  | { type: 'submit' }
  | { type: 'newline' }
  | { type: 'backspace' }
  | { type: 'insert'; text: string }
  | { type: 'next' };

/** The key list `?` shows, grouped by where it works (kept short enough for 80×24). */
export const KEY_HELP: { where: string; keys: [string, string][] }[] = [
  {
    where: 'anywhere',
    keys: [
      ['?', 'show or hide this help'],
      ['q / Ctrl-C', 'quit (only Ctrl-C while typing)'],
      ['Tab S-Tab 1–5', 'switch tab: Mine, Departments, Unassigned, All, Closed'],
      ['/', 'search name, number, text (Enter keeps, Esc clears)'],
    ],
  },
  {
    where: 'list',
    keys: [
      ['↑↓ k j PgUp PgDn', 'move'],
      ['Enter / →', 'open the chat (marks it read)'],
    ],
  },
  {
    where: 'chat',
    keys: [
      ['r / Enter', 'write a reply'],
      ['↑↓ k j PgUp PgDn', 'scroll; older messages load on the way up'],
      ['t', 'transfer to a user or department'],
      ['x / o', 'close / reopen the chat'],
      ['Esc / ←', 'back to the list'],
    ],
  },
  {
    where: 'composer',
    keys: [
      ['Enter', 'send, signed with your visible name'],
      ['Alt-Enter / Ctrl-J', 'new line'],
      ['Esc', 'stop writing (the draft stays)'],
    ],
  },
  {
    where: 'picker',
    keys: [
      ['type, ↑↓', 'filter, move'],
      ['Enter / Esc', 'transfer / cancel'],
    ],
  },
];

/** The short hints the status bar shows for each mode. */
export function hintsFor(mode: KeyMode): string {
  switch (mode) {
    case 'list':
      return '↑↓ move · Enter open · Tab tabs · / search · ? help · q quit';
    case 'chat':
      return 'r reply · t transfer · x close · o reopen · PgUp older · Esc back · ? help';
    case 'composer':
      return 'Enter send · Alt-Enter new line · Esc stop writing';
    case 'search':
      return 'type to search · Enter keep · Esc clear';
    case 'picker':
      return 'type to filter · ↑↓ move · Enter transfer · Esc cancel';
    case 'help':
      return 'Esc / ? close help';
    case 'form':
      return 'Enter next · Tab switch field · Ctrl-C quit';
  }
}

const isNewline = (input: string, key: Key) => input === '\n' || (key.return && key.meta) || (key.ctrl && input === 'j');
const isBackspace = (key: Key) => key.backspace || key.delete;
/** Printable text (pasted text arrives as one chunk); control keys are not text. */
const text = (input: string, key: Key) => (input && !key.ctrl && !key.escape ? input.replace(/\r/g, '\n') : '');

/** What a key press means in `mode`, or null when it means nothing there. */
export function resolveKey(mode: KeyMode, input: string, key: Key): KeyIntent | null {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  switch (mode) {
    case 'form':
    case 'composer':
    case 'search':
    case 'picker':
      return typing(mode, input, key);
    case 'help':
      return key.escape || input === '?' || input === 'q' ? { type: 'help' } : null;
    case 'list':
    case 'chat':
      return browsing(mode, input, key);
  }
}

function typing(mode: KeyMode, input: string, key: Key): KeyIntent | null {
  if (key.escape) return { type: 'back' };
  if (mode === 'composer' && isNewline(input, key)) return { type: 'newline' };
  if (key.return) return { type: 'submit' };
  if (isBackspace(key)) return { type: 'backspace' };
  if (mode === 'form' && (key.tab || key.upArrow || key.downArrow)) return { type: 'next' };
  if (mode === 'picker' && (key.upArrow || key.downArrow)) return { type: 'move', delta: key.upArrow ? -1 : 1 };
  const typed = text(input, key);
  if (!typed || key.tab) return null;
  return { type: 'insert', text: mode === 'composer' ? typed : typed.replace(/\n/g, '') };
}

function browsing(mode: 'list' | 'chat', input: string, key: Key): KeyIntent | null {
  if (input === 'q') return { type: 'quit' };
  if (input === '?') return { type: 'help' };
  if (input === '/') return { type: 'search' };
  if (key.tab) return { type: 'tab', delta: key.shift ? -1 : 1 };
  if (/^[1-5]$/.test(input)) return { type: 'tabAt', index: Number(input) - 1 };
  if (key.pageUp) return { type: 'page', delta: -1 };
  if (key.pageDown) return { type: 'page', delta: 1 };
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1 };
  if (mode === 'list') return key.return || key.rightArrow ? { type: 'open' } : null;
  if (key.escape || key.leftArrow) return { type: 'back' };
  if (key.return || input === 'r') return { type: 'reply' };
  if (input === 't') return { type: 'transfer' };
  if (input === 'x') return { type: 'close' };
  if (input === 'o') return { type: 'reopen' };
  return null;
}
