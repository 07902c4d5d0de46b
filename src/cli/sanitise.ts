/**
 * Terminal sanitising (after gh's cli/go-gh `pkg/asciisanitizer`): text that came from customers,
 * names or the network must never drive the terminal. Control characters are shown, not obeyed:
 *
 * - C0 controls and DEL in caret notation (`^[` for ESC, `^M` for CR, `^H` for backspace, `^?`
 *   for DEL): what terminals and `cat -v` already show, plain ASCII, two cells wide, so tables
 *   still line up.
 * - C1 controls as `\x9b`: caret notation has no C1 form (gh reuses C0's, which makes CSI look
 *   exactly like ESC); a hex escape is unambiguous and still ASCII.
 * - Bidi overrides and isolates (U+202A–202E, U+2066–2069) as `\u202e`: they reorder what
 *   follows them on screen (a name that reads differently from what it is), and have no picture.
 *
 * Two shapes: `sanitiseText` keeps line breaks (a message body, a whole line of output) and
 * tabs; `sanitiseField` is one value (a name, a table cell) that must stay on one row, so a
 * line break becomes a visible `⏎` and a tab a space.
 *
 * `--json` never goes through here: it keeps the exact text (see `jsonForTerminal`).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
const UNSAFE = /\r\n|[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The mark a line break inside a single field becomes. */
export const NEWLINE_MARK = '⏎';

function visible(char: string): string {
  const code = char.codePointAt(0)!;
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  if (code <= 0x9f) return `\\x${code.toString(16)}`;
  return `\\u${code.toString(16)}`;
}

/** Multi-line text for a terminal: keeps `\n` (CRLF becomes `\n`) and `\t`; every other control is shown. */
export function sanitiseText(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\r\n' || c === '\n' ? '\n' : c === '\t' ? c : visible(c)));
}

/** One value on one row: like `sanitiseText`, but a line break is `⏎` and a tab a space. */
export function sanitiseField(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\r\n' || c === '\n' ? NEWLINE_MARK : c === '\t' ? ' ' : visible(c)));
}

/**
 * A line built from values (`oneLine\`chat ${id} ${name}\``): every interpolated value is a
 * field, so a name can never break the line or carry an escape; the literal parts are ours.
 */
export function oneLine(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((line, part, i) => line + part + (i < values.length ? sanitiseField(String(values[i])) : ''), '');
}

// What JSON.stringify leaves raw although a terminal may act on it: DEL, C1 (U+009B is CSI on
// some terminals), bidi controls, and U+2028/2029.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON whose strings decode to the exact text, with nothing a terminal could act on: C0 are
 * already `\u001b`-escaped by JSON.stringify; DEL, C1 and bidi controls are escaped the same way.
 */
export function jsonForTerminal(value: unknown, indent?: number): string {
  return String(JSON.stringify(value, null, indent)).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
