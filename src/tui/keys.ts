import type { Key } from 'ink';
import { formatList } from '../i18n/format.js';
import { t } from '../i18n/translate.js';
import { word } from './format.js';

/**
 * Every key binding of the inbox, as data (gemini-cli `keyBindings.ts`): one table of (key,
 * action, context, help text). The container asks `resolveKey(mode, input, key)` for an intent;
 * the `?` screen (`helpRows`, `helpTitle`), the status bar and the composer (`hintsFor`,
 * `ownHintsFor`, `hintFor`) and the login screen (`keyListFor`) are all derived from the same table, so no key
 * or help text is written twice and the help can never disagree with what the keys do.
 * Components never look at raw keys.
 *
 * The texts are functions (`help: () => t\`…\``): the table is built at import, before the
 * language is chosen, and each text is read in the reader's language when it is shown. Key names
 * are the same in every language (r is reply in Portuguese too); only what they do is translated.
 */

/** Where the keyboard is: what a key means depends on it. */
export type KeyMode = 'list' | 'chat' | 'composer' | 'search' | 'picker' | 'tagger' | 'help' | 'panel' | 'form' | 'newchat' | 'react' | 'attach';

export type KeyIntent =
  | { type: 'quit' }
  | { type: 'help' }
  | { type: 'panel' }
  | { type: 'tab'; delta: 1 | -1 }
  | { type: 'tabAt'; index: number }
  | { type: 'search' }
  | { type: 'move'; delta: number }
  | { type: 'page'; delta: 1 | -1 }
  | { type: 'open' }
  | { type: 'back' }
  | { type: 'reply' }
  | { type: 'note' }
  | { type: 'quote' }
  | { type: 'react' }
  | { type: 'emoji'; index: number }
  | { type: 'openFile' }
  | { type: 'saveFile' }
  | { type: 'attach' }
  | { type: 'complete' }
  | { type: 'editor' }
  | { type: 'transfer' }
  | { type: 'tag' }
  | { type: 'close' }
  | { type: 'reopen' }
  | { type: 'retry' }
  | { type: 'newChat' }
  | { type: 'scheduled' }
  | { type: 'status' }
  | { type: 'cycle'; delta: 1 | -1 }
  | { type: 'submit' }
  | { type: 'newline' }
  | { type: 'backspace' }
  | { type: 'insert'; text: string }
  | { type: 'next' };

/** Where a binding works, as the help groups it: `anywhere` is the chat list and an open chat. */
export type KeyContext =
  | 'anywhere'
  | 'list'
  | 'chat'
  | 'composer'
  | 'search'
  | 'picker'
  | 'tagger'
  | 'help'
  | 'panel'
  | 'form'
  | 'newchat'
  | 'react'
  | 'attach';

const MODES: Record<KeyContext, readonly KeyMode[]> = {
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

type Matcher = (input: string, key: Key) => boolean;

/** How each named key is recognised in Ink's `useInput` arguments. Any other one-character name is that character typed alone. */
const NAMED_KEYS: Record<string, Matcher> = {
  'Ctrl-C': (input, key) => key.ctrl && input === 'c',
  'Ctrl-J': (input, key) => input === '\n' || (key.ctrl && input === 'j'),
  'Ctrl-E': (input, key) => key.ctrl && input === 'e',
  'Alt-e': (input, key) => key.meta && input === 'e',
  Enter: (_, key) => key.return && !key.meta,
  'Alt-Enter': (_, key) => key.return && key.meta,
  Esc: (_, key) => key.escape,
  Tab: (_, key) => key.tab && !key.shift,
  'S-Tab': (_, key) => key.tab && key.shift,
  '↑': (_, key) => key.upArrow,
  '↓': (_, key) => key.downArrow,
  '←': (_, key) => key.leftArrow,
  '→': (_, key) => key.rightArrow,
  PgUp: (_, key) => key.pageUp,
  PgDn: (_, key) => key.pageDown,
  '1–5': (input, key) => /^[1-5]$/.test(input) && !key.ctrl && !key.meta,
  '1–6': (input, key) => /^[1-6]$/.test(input) && !key.ctrl && !key.meta,
};

function matcherFor(name: string): Matcher {
  const named = NAMED_KEYS[name];
  if (named) return named;
  if ([...name].length !== 1) throw new Error(`keys.ts: no way to recognise the key "${name}" — add it to NAMED_KEYS`);
  return (input, key) => input === name && !key.ctrl && !key.meta;
}

/** One key of a binding: its name (as the help shows it) and what it does. */
export interface BoundKey {
  key: string;
  does: KeyIntent | ((input: string) => KeyIntent);
  /** The word the hint line shows after the key ("↑↓ move"); keys without one stay out of the hint line. */
  hint?: () => string;
  /** Works in every mode, even while typing (Ctrl-C), not only in the binding's context. */
  everywhere?: true;
}

/** One row of the help: the keys, where they work, and what they do. */
export interface Binding {
  context: KeyContext;
  keys: readonly BoundKey[];
  help: () => string;
}

const up = { type: 'move', delta: -1 } as const;
const down = { type: 'move', delta: 1 } as const;

/** The table. Its order is the help's order (and the hint line's, within a context). */
export const BINDINGS: readonly Binding[] = [
  {
    context: 'anywhere',
    keys: [
      { key: '↑', does: up, hint: () => t`move` },
      { key: '↓', does: down, hint: () => t`move` },
      { key: 'k', does: up },
      { key: 'j', does: down },
      { key: 'PgUp', does: { type: 'page', delta: -1 } },
      { key: 'PgDn', does: { type: 'page', delta: 1 } },
    ],
    help: () => t`move; in a chat, scroll (older messages load on the way up)`,
  },
  {
    context: 'anywhere',
    keys: [
      { key: 'Tab', does: { type: 'tab', delta: 1 }, hint: () => t`tabs` },
      { key: 'S-Tab', does: { type: 'tab', delta: -1 } },
      { key: '1–5', does: (input) => ({ type: 'tabAt', index: Number(input) - 1 }) },
    ],
    help: () => t`switch tab: Mine, Departments, Unassigned, All, Closed`,
  },
  {
    context: 'anywhere',
    keys: [{ key: '/', does: { type: 'search' }, hint: () => t`search` }],
    help: () => t`search name, number, text; #urgente: chats with that tag`,
  },
  {
    context: 'anywhere',
    keys: [
      { key: 'n', does: { type: 'newChat' }, hint: () => t`new chat` },
      { key: 'S', does: { type: 'scheduled' } },
    ],
    // One row for both, so the help still fits 80×24.
    help: () => t`new conversation (number, first message) / your scheduled messages (Enter unschedules)`,
  },
  {
    context: 'anywhere',
    keys: [
      { key: '?', does: { type: 'help' }, hint: () => t`help` },
      { key: 'q', does: { type: 'quit' }, hint: () => t`quit` },
      { key: 'Ctrl-C', does: { type: 'quit' }, hint: () => t`quit`, everywhere: true },
      { key: 'A', does: { type: 'status' } },
      { key: 'P', does: { type: 'panel' } },
    ],
    // One row with help and quit, so the help still fits 80×24; the status bar shows the status.
    help: () => t`help / quit (Ctrl-C) / A: your status / P: panel`,
  },
  {
    context: 'list',
    keys: [
      { key: 'Enter', does: { type: 'open' }, hint: () => word(t`hint|open`) },
      { key: '→', does: { type: 'open' } },
    ],
    help: () => t`open the chat (marks it read)`,
  },
  {
    context: 'chat',
    keys: [
      { key: 'r', does: { type: 'reply' }, hint: () => t`reply` },
      { key: 'Enter', does: { type: 'reply' } },
      { key: 'N', does: { type: 'note' }, hint: () => t`note` },
    ],
    help: () => t`write a reply / N: an internal note (only the team sees it)`,
  },
  {
    context: 'chat',
    keys: [
      { key: 't', does: { type: 'transfer' }, hint: () => t`transfer` },
      { key: '#', does: { type: 'tag' }, hint: () => t`tags` },
    ],
    help: () => t`transfer to a user or department / put the team's tags on or off`,
  },
  {
    context: 'chat',
    keys: [
      { key: '>', does: { type: 'quote' }, hint: () => t`quote` },
      { key: 'e', does: { type: 'react' }, hint: () => t`react` },
    ],
    help: () => t`reply quoting / react to the selected message (▌)`,
  },
  {
    context: 'chat',
    keys: [
      { key: 'v', does: { type: 'openFile' }, hint: () => t`open file` },
      { key: 's', does: { type: 'saveFile' }, hint: () => t`save file` },
      { key: 'a', does: { type: 'attach' }, hint: () => t`attach` },
    ],
    help: () => t`open / save the selected message's file; attach a file`,
  },
  {
    context: 'chat',
    keys: [
      { key: 'x', does: { type: 'close' }, hint: () => t`close` },
      { key: 'o', does: { type: 'reopen' }, hint: () => t`reopen` },
      { key: 'R', does: { type: 'retry' }, hint: () => t`retry` },
    ],
    help: () => t`close / reopen the chat; R sends its failed replies (✗) again`,
  },
  {
    context: 'chat',
    keys: [
      { key: 'Esc', does: { type: 'back' }, hint: () => t`back` },
      { key: '←', does: { type: 'back' } },
    ],
    help: () => t`back to the list`,
  },
  // Send and stop writing share a row, so the quick replies' keys fit in the help's 80×24.
  {
    context: 'composer',
    keys: [
      { key: 'Enter', does: { type: 'submit' }, hint: () => t`send` },
      { key: 'Esc', does: { type: 'back' }, hint: () => t`stop writing` },
    ],
    help: () => t`send, signed with your visible name / stop (draft kept)`,
  },
  {
    context: 'composer',
    keys: [
      { key: 'Alt-Enter', does: { type: 'newline' }, hint: () => t`new line` },
      { key: 'Ctrl-J', does: { type: 'newline' } },
    ],
    help: () => t`new line`,
  },
  {
    context: 'composer',
    keys: [
      { key: 'Tab', does: { type: 'complete' } },
      { key: '↑', does: up },
      { key: '↓', does: down },
      { key: 'Alt-e', does: { type: 'editor' }, hint: () => t`editor` },
      { key: 'Ctrl-E', does: { type: 'editor' } },
    ],
    help: () => t`/quick reply: ↑↓ choose, Tab inserts; Alt-e: $EDITOR`,
  },
  {
    context: 'search',
    keys: [
      { key: 'Enter', does: { type: 'submit' }, hint: () => t`keep` },
      { key: 'Esc', does: { type: 'back' }, hint: () => t`clear` },
    ],
    help: () => t`keep / clear the search (type to search)`,
  },
  // One row in the help for the whole picker: with `n`, the help still fits an 80×24 terminal.
  {
    context: 'picker',
    keys: [
      { key: '↑', does: up, hint: () => t`move` },
      { key: '↓', does: down, hint: () => t`move` },
      { key: 'Enter', does: { type: 'submit' }, hint: () => t`transfer` },
      { key: 'Esc', does: { type: 'back' }, hint: () => t`cancel` },
    ],
    help: () => t`move, transfer / cancel (type to filter)`,
  },
  // The tag picker (`#`): its keys are on the status bar while it is open (kept out of the `?` help, which must fit 80×24).
  {
    context: 'tagger',
    keys: [
      { key: '↑', does: up, hint: () => t`move` },
      { key: '↓', does: down, hint: () => t`move` },
      { key: 'Enter', does: { type: 'submit' }, hint: () => t`put on / take off` },
      { key: 'Esc', does: { type: 'back' }, hint: () => t`done` },
    ],
    help: () => t`move, put the tag on or take it off / done (type to filter)`,
  },
  { context: 'newchat', keys: [{ key: 'Enter', does: { type: 'submit' }, hint: () => t`next` }], help: () => t`next, then start the chat` },
  {
    context: 'newchat',
    keys: [
      { key: 'Tab', does: { type: 'next' }, hint: () => t`switch field` },
      { key: '↑', does: { type: 'next' } },
      { key: '↓', does: { type: 'next' } },
    ],
    help: () => t`switch field`,
  },
  {
    context: 'newchat',
    keys: [
      { key: '←', does: { type: 'cycle', delta: -1 }, hint: () => t`phone` },
      { key: '→', does: { type: 'cycle', delta: 1 }, hint: () => t`phone` },
    ],
    help: () => t`the phone to write from (with several)`,
  },
  { context: 'newchat', keys: [{ key: 'Esc', does: { type: 'back' }, hint: () => t`cancel` }], help: () => t`cancel (nothing is created)` },
  {
    context: 'react',
    keys: [{ key: '1–6', does: (input) => ({ type: 'emoji', index: Number(input) - 1 }), hint: () => t`react` }],
    help: () => t`react with that emoji`,
  },
  { context: 'react', keys: [{ key: '0', does: { type: 'emoji', index: -1 }, hint: () => t`take yours back` }], help: () => t`take your reaction back` },
  { context: 'react', keys: [{ key: 'Esc', does: { type: 'back' }, hint: () => t`cancel` }], help: () => t`cancel` },
  { context: 'attach', keys: [{ key: 'Tab', does: { type: 'complete' }, hint: () => t`complete` }], help: () => t`complete the path` },
  {
    context: 'attach',
    keys: [{ key: 'Enter', does: { type: 'submit' }, hint: () => t`attach` }],
    help: () => t`attach the file (the reply you write is its caption)`,
  },
  { context: 'attach', keys: [{ key: 'Esc', does: { type: 'back' }, hint: () => t`cancel` }], help: () => t`cancel` },
  {
    context: 'help',
    keys: [
      { key: '?', does: { type: 'help' }, hint: () => t`close help` },
      { key: 'Esc', does: { type: 'help' } },
      { key: 'q', does: { type: 'help' } },
    ],
    help: () => t`closes this`,
  },
  {
    context: 'panel',
    keys: [
      { key: 'P', does: { type: 'panel' }, hint: () => t`close the panel` },
      { key: 'Esc', does: { type: 'panel' } },
      { key: 'q', does: { type: 'panel' } },
    ],
    help: () => t`closes the team panel`,
  },
  { context: 'form', keys: [{ key: 'Enter', does: { type: 'submit' }, hint: () => t`next` }], help: () => t`next, then log in` },
  {
    context: 'form',
    keys: [
      { key: 'Tab', does: { type: 'next' }, hint: () => t`switch field` },
      { key: '↑', does: { type: 'next' } },
      { key: '↓', does: { type: 'next' } },
    ],
    help: () => t`switch field`,
  },
  { context: 'form', keys: [{ key: 'Esc', does: { type: 'back' }, hint: () => t`leave` }], help: () => t`leave` },
];

const COMPILED = BINDINGS.map((b) => ({ binding: b, keys: b.keys.map((k) => ({ ...k, matches: matcherFor(k.key) })) }));

const worksIn = (binding: Binding, k: BoundKey, mode: KeyMode) => k.everywhere === true || MODES[binding.context].includes(mode);

/** Typing modes: keys the table does not bind edit the text (Backspace deletes, anything printable is typed). */
const TYPING: readonly KeyMode[] = ['composer', 'search', 'picker', 'tagger', 'form', 'newchat', 'attach'];

/** What a key press means in `mode`, or null when it means nothing there. */
export function resolveKey(mode: KeyMode, input: string, key: Key): KeyIntent | null {
  for (const { binding, keys } of COMPILED) {
    for (const k of keys) {
      if (worksIn(binding, k, mode) && k.matches(input, key)) return typeof k.does === 'function' ? k.does(input) : k.does;
    }
  }
  return TYPING.includes(mode) ? editing(mode, input, key) : null;
}

/** Modes where an Enter inside pasted text is still Enter: the login form (a pasted `email⏎` moves on to the password). */
const PASTE_KEEPS_ENTER: readonly KeyMode[] = ['form'];

const ENTER: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: true,
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

/**
 * What one read from the terminal means in `mode`, in order. Ink hands a paste over as one
 * chunk with its line breaks inside; in the login form each break is the Enter it was typed as
 * (otherwise `email⏎password` would land, visible, in the email field). Elsewhere a read is one key.
 */
export function resolveKeys(mode: KeyMode, input: string, key: Key): KeyIntent[] {
  const pasted = input.length > 1 && /[\r\n]/.test(input) && !key.ctrl && !key.meta && !input.includes('\u001b');
  if (!pasted || !PASTE_KEEPS_ENTER.includes(mode)) {
    const intent = resolveKey(mode, input, key);
    return intent ? [intent] : [];
  }
  const enter = resolveKey(mode, '\r', ENTER);
  return input.split(/\r\n|\r|\n/).flatMap((line, i) => {
    const typed = line ? resolveKey(mode, line, { ...ENTER, return: false }) : null;
    return [...(i > 0 && enter ? [enter] : []), ...(typed ? [typed] : [])];
  });
}

function editing(mode: KeyMode, input: string, key: Key): KeyIntent | null {
  if (key.backspace || key.delete) return { type: 'backspace' };
  // Printable text (pasted text arrives as one chunk); control keys are not text.
  if (!input || key.ctrl || key.escape || key.tab || key.return) return null;
  const typed = input.replace(/\r/g, '\n');
  return { type: 'insert', text: mode === 'composer' ? typed : typed.replace(/\n/g, '') };
}

/** Keys as the help shows them: arrows side by side ("↑↓"), the rest apart. */
export function keyLabel(keys: readonly string[]): string {
  return keys.reduce((label, k, i) => (i > 0 && isArrow(k) && isArrow(keys[i - 1]!) ? label + k : label ? `${label} ${k}` : k), '');
}

const isArrow = (k: string) => ['↑', '↓', '←', '→'].includes(k);

/** Contexts whose keys their own screen lists (`keyListFor`), not the `?` help. */
const OWN_SCREEN: readonly KeyContext[] = ['help', 'panel', 'form', 'newchat', 'react', 'attach', 'tagger'];

/** The help rows of the inbox (the login and new-chat forms' keys are on their own screens; the reaction and attach prompts' too; the help binding is the title). */
export function helpRows(): { where: KeyContext; keys: string; what: string }[] {
  return BINDINGS.filter((b) => !OWN_SCREEN.includes(b.context)).map((b) => ({
    where: b.context,
    keys: keyLabel(b.keys.map((k) => k.key)),
    what: b.help(),
  }));
}

/** The help's name for where a key works (its group column: at most 9 characters in every language). */
export function contextLabel(where: KeyContext): string {
  switch (where) {
    case 'anywhere':
      return t`anywhere`;
    case 'list':
      return t`list`;
    case 'chat':
      return t`chat`;
    case 'composer':
      return t`composer`;
    case 'search':
      return t`search`;
    case 'picker':
      return t`picker`;
    case 'tagger':
      return t`tagger`;
    case 'help':
      return t`help`;
    case 'panel':
      return t`panel`;
    case 'form':
      return t`form`;
    case 'newchat':
      return t`newchat`;
    case 'react':
      return t`react`;
    case 'attach':
      return t`attach`;
  }
}

/** The help screen's title line: how to leave it ("Keys — ?, Esc or q closes this"). */
export function helpTitle(): string {
  const close = BINDINGS.filter((b) => b.context === 'help');
  return t`Keys — ${close
    .map(
      (b) =>
        `${formatList(
          b.keys.map((k) => k.key),
          'or',
        )} ${b.help()}`,
    )
    .join('; ')}`;
}

/** Active keys of `mode` with a hint: those of bindings made for this mode first, then the shared ones. */
function hinted(mode: KeyMode): { key: string; hint: string; intent: KeyIntent['type'] | null; own: boolean }[] {
  const active = BINDINGS.flatMap((b) =>
    b.keys
      .filter((k) => k.hint && worksIn(b, k, mode))
      .map((k) => ({ key: k.key, hint: k.hint!(), intent: typeof k.does === 'function' ? null : k.does.type, own: b.context === mode })),
  );
  return [...active.filter((k) => k.own), ...active.filter((k) => !k.own)];
}

/** Keys in a row with the same hint say it once: arrows side by side ("↑↓ move"), otherwise the first key speaks for the rest. */
function hintLine(items: { key: string; hint: string }[]): string {
  const parts: { keys: string[]; hint: string }[] = [];
  for (const item of items) {
    const last = parts.at(-1);
    if (last?.hint === item.hint) {
      if (isArrow(item.key) && isArrow(last.keys.at(-1)!)) last.keys.push(item.key);
    } else parts.push({ keys: [item.key], hint: item.hint });
  }
  return parts.map((p) => `${keyLabel(p.keys)} ${p.hint}`).join(' · ');
}

/** The hint line the status bar shows for each mode. */
export function hintsFor(mode: KeyMode): string {
  return hintLine(hinted(mode));
}

/** The hints of the keys made for `mode` alone (the composer's own line). */
export function ownHintsFor(mode: KeyMode): string {
  return hintLine(hinted(mode).filter((k) => k.own));
}

/** The key that does `intent` in `mode`, with its hint ("r reply"), or '' when none does. */
export function hintFor(mode: KeyMode, intent: KeyIntent['type']): string {
  return hintLine(
    hinted(mode)
      .filter((k) => k.intent === intent)
      .slice(0, 1),
  );
}

/** Every key that works in `mode` with what it does, for a screen with no `?` help (the login and new-chat forms). */
export function keyListFor(mode: KeyMode): string {
  const active = BINDINGS.map((b) => ({ b, keys: b.keys.filter((k) => worksIn(b, k, mode)) })).filter(({ keys }) => keys.length > 0);
  return [...active.filter(({ b }) => b.context === mode), ...active.filter(({ b }) => b.context !== mode)]
    .map(({ b, keys }) => `${keyLabel(keys.map((k) => k.key))} ${keys.length === b.keys.length ? b.help() : (keys[0]!.hint?.() ?? '')}`)
    .join(' · ');
}
