import { describe, expect, it } from 'vitest';
import { jsonForTerminal, oneLine, sanitiseField, sanitiseText } from '../../src/cli/sanitise.js';
import { printFields, printTable } from '../../src/cli/table.js';
import { fakeIO } from '../helpers/fake-io.js';

// What a hostile customer can put in a push name or a message.
const ESC = '\u001b';
const OSC_TITLE = `${ESC}]0;pwned\u0007`; // sets the window title
const OSC_LINK = `${ESC}]8;;https://evil.example/\u001b\\click${ESC}]8;;${ESC}\\`; // a hyperlink
const CLEAR = `${ESC}[2J${ESC}[H`; // clears the screen
const CSI_C1 = '\u009b31m'; // CSI as one C1 character
const RLO = '\u202e'; // right-to-left override
const HOSTILE = `Maria${OSC_TITLE}${CLEAR}\r\bX${CSI_C1}${RLO}gpj.exe\u2066i\u2069\u007f`;

/** No character a terminal would act on: C0 except \n and \t, DEL, C1, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('sanitiseText / sanitiseField', () => {
  it('shows C0 controls in caret notation, DEL as ^?, C1 as \\x9b, bidi controls as \\u202e', () => {
    expect(sanitiseField(`${ESC}[2J`)).toBe('^[[2J');
    expect(sanitiseField('a\rb\bc\u0007d\u0000')).toBe('a^Mb^Hc^Gd^@');
    expect(sanitiseField('x\u007f')).toBe('x^?');
    expect(sanitiseField(CSI_C1)).toBe('\\x9b31m');
    expect(sanitiseField('\u0085')).toBe('\\x85');
    expect(sanitiseField(`${RLO}abc\u2066d\u2069\u202a`)).toBe('\\u202eabc\\u2066d\\u2069\\u202a');
  });

  it('leaves ordinary text alone: accents, emoji, RTL letters, joiners', () => {
    const text = 'João Conceição 👩‍👩‍👧 مرحبا שלום Ｖｅｎｄａｓ';
    expect(sanitiseField(text)).toBe(text);
    expect(sanitiseText(text)).toBe(text);
  });

  it('a field stays one row: a line break is ⏎ (CRLF one mark), a tab a space', () => {
    expect(sanitiseField('Maria\nchat 1 +55 fake\r\nrow\tx')).toBe('Maria⏎chat 1 +55 fake⏎row x');
  });

  it('text keeps line breaks and tabs, turns CRLF into a line break, and shows a lone CR', () => {
    expect(sanitiseText('one\ntwo\r\nthree\tcol\rover')).toBe('one\ntwo\nthree\tcol^Mover');
  });

  it('leaves nothing raw in any hostile string', () => {
    for (const s of [HOSTILE, OSC_LINK]) {
      expect(sanitiseField(s)).not.toMatch(RAW_CONTROL);
      expect(sanitiseField(s)).not.toContain('\n');
      expect(sanitiseText(s)).not.toMatch(RAW_CONTROL);
    }
  });

  it('oneLine sanitises the values it interpolates, never the literal parts', () => {
    expect(oneLine`chat ${'k3'} ${'Ana\nchat 2 forged'}: ${1} unread`).toBe('chat k3 Ana⏎chat 2 forged: 1 unread');
  });

  it('JSON keeps the exact text (it parses back identical) with nothing raw in its bytes', () => {
    const value = { name: HOSTILE, text: `${OSC_LINK}\nline two` };
    for (const indent of [2, undefined]) {
      const json = jsonForTerminal(value, indent);
      expect(JSON.parse(json)).toEqual(value);
      expect(json).not.toMatch(RAW_CONTROL);
    }
    // Ordinary data is byte-for-byte what JSON.stringify gives.
    const plain = { name: 'João 👩‍👩‍👧', n: 1, list: ['a'] };
    expect(jsonForTerminal(plain, 2)).toBe(JSON.stringify(plain, null, 2));
  });
});

describe('the IO object is the output boundary', () => {
  it('out and err never write a raw control; our own colour still gets through', () => {
    const io = fakeIO({ tty: true, env: { FORCE_COLOR: '1' } });
    io.io.out(`${HOSTILE}\n`);
    io.io.err(HOSTILE, 'red');
    // The only escapes on stdout/stderr are the IO's own SGR colour codes.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
    const withoutOurColour = (s: string) => s.replace(/\u001b\[(1|22|31|39)m/g, '');
    expect(withoutOurColour(io.stdout)).not.toMatch(RAW_CONTROL);
    expect(withoutOurColour(io.stderr)).not.toMatch(RAW_CONTROL);
    expect(io.stderr.startsWith('\u001b[31m')).toBe(true);
    expect(io.stdout).toContain('Maria^[]0;pwned^G^[[2J^[[H^M^HX\\x9b31m\\u202egpj.exe');
  });

  it('json writes the exact text; cursor moves only on a terminal', () => {
    const tty = fakeIO({ tty: true });
    tty.io.json({ name: HOSTILE });
    tty.io.cursor({ up: 3 });
    tty.io.cursor('line-start');
    expect(tty.stdout.endsWith('\u001b[3A\u001b[J\r')).toBe(true);
    expect(JSON.parse(tty.stdout.slice(0, tty.stdout.indexOf('}') + 1))).toEqual({ name: HOSTILE });
    const piped = fakeIO({ tty: false });
    piped.io.cursor({ up: 3 });
    piped.io.cursor('line-start');
    expect(piped.stdout).toBe('');
  });

  it('a name with a line break can not forge a table row, on a TTY or piped', () => {
    const rows = [
      { id: 'k3', name: `Maria\nzz9  +5500  Forged${ESC}[2K` },
      { id: 'k4', name: 'Ana' },
    ];
    const columns = [
      { header: 'Chat', cell: (r: (typeof rows)[number]) => r.id },
      { header: 'Name', cell: (r: (typeof rows)[number]) => r.name },
    ];
    for (const tty of [true, false]) {
      const io = fakeIO({ tty, env: { NO_COLOR: '1' } });
      printTable(io.io, columns, rows);
      const lines = io.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(3); // the header, then one line per row
      expect(io.stdout).toContain('Maria⏎zz9  +5500  Forged^[[2K');
      expect(io.stdout).not.toMatch(RAW_CONTROL);
    }
    // Alignment counts the visible marks: the next column starts at the same place on every row.
    const io = fakeIO({ tty: true, env: { NO_COLOR: '1' } });
    printTable(io.io, [...columns, { header: 'Status', cell: () => 'open' }], rows);
    const [header, ...data] = io.stdout.trimEnd().split('\n');
    const column = (line: string, word: string) => [...line.slice(0, line.lastIndexOf(word))].length;
    expect(data.map((line) => column(line, 'open'))).toEqual([column(header!, 'STATUS'), column(header!, 'STATUS')]);
  });

  it('show-style fields are sanitised the same way', () => {
    const io = fakeIO({ tty: false });
    printFields(io.io, [['Customer', `+55 (${OSC_TITLE}Maria\nStatus\tclosed)`]]);
    expect(io.stdout).toBe('Customer\t+55 (^[]0;pwned^GMaria⏎Status closed)\n');
  });
});
