import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InboxView } from '../../src/tui/App.js';
import { Text } from '../../src/tui/components/Text.js';
import { inboxReducer, initialInbox, type InboxAction, type InboxState } from '../../src/tui/state/inbox.js';
import { chat, linesOf, message, NOW, renderAt, tick, user } from './fixtures.js';

const run = (s: InboxState, ...actions: InboxAction[]) => actions.reduce(inboxReducer, s);

// A push name and a message that try to drive the agent's terminal (see test/e2e/terminal-injection).
const NAME = 'Evil\u001b]0;PWNED\u0007\u202eeman\nForged row';
const TEXT = 'oi\u001b[2J\u001b[H\u001bc\rEVIL\b\bX\u009b31m\u007f\u2066iso\u2069\nsecond line';
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const RAW = /\u001b\]|\u001b\[2J|\u001bc|[\u0000-\u0009\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('the inbox renders customer text as marks, never as controls', () => {
  it.each([80, 120])('list, conversation, header and status bar at %i columns', async (cols) => {
    const hostile = chat(2, { name: NAME, lastMessage: message('m2', { text: TEXT, time: NOW.toISOString() }) });
    let s = run(initialInbox(user({ name: 'Bia\u001b[31m Lima' })), { type: 'chats', chats: [hostile, chat(4)] });
    s = run(s, {
      type: 'status',
      phones: [{ number: '+5511999990000', label: 'Loja\u001b]2;x\u0007', linkState: 'connected' }],
      online: ['bia@acme.com'],
      availability: {},
    });
    s = run(s, { type: 'open', id: 'c2' }, { type: 'history', id: 'c2', limit: 50, messages: [message('a', { text: TEXT })] });
    const r = renderAt(<InboxView state={s} width={cols} height={23} now={NOW} />, cols);
    await tick();
    const frame = r.lastFrame()!;
    expect(frame).not.toMatch(RAW);
    expect(frame).toContain('Evil^[]0;PWNED^G');
    expect(frame).toContain('oi^[[2J^[[H^[c^MEVIL^H^HX\\x9b31m^?\\u2066iso\\u2069');
    expect(frame).toContain('second line'); // a body keeps its own line break
    expect(frame).toContain('Bia^[[31m Lima');
    expect(frame).toContain('Loja^[]2;x^G connected');
    // The name's line break is a mark: "Forged row" never starts a line of its own.
    expect(linesOf(frame).some((l) => /^\W*Forged row/.test(l))).toBe(false);
    expect(linesOf(frame).every((l) => l.length <= cols)).toBe(true);
  });

  it('Text sanitises every string child, nested or not', async () => {
    const r = renderAt(
      <Text>
        {'a\u001b[2Jb'}
        <Text color="red">{`c\rd${NAME}`}</Text>
      </Text>,
      80,
    );
    await tick();
    expect(r.lastFrame()).not.toMatch(RAW);
    expect(r.lastFrame()).toContain('a^[[2Jbc^Md');
  });
});

it('house rule: the inbox renders text only through the sanitising Text (never ink Text directly)', async () => {
  const root = join(import.meta.dirname, '../../src/tui');
  const offenders: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const file = relative(root, path);
    if (file === join('components', 'Text.tsx')) continue;
    const source = await readFile(path, 'utf8');
    for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'ink'/g)) {
      if (/\bText\b/.test(m[1]!)) offenders.push(file);
    }
  }
  expect(offenders).toEqual([]);
});
