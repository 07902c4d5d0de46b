import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';
import { PASSWORD, SP } from '../helpers/team.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A customer who knows terminals: a push name that sets the window title, reverses what follows
// and forges a row; a message with a hyperlink, a full reset, blinking red, a C1 CSI, a carriage
// return and backspaces over "Bia", DEL, a bidi isolate, and a real second line.
const PUSH_NAME = 'Evil\u001b]0;PWNED\u0007\u202eeman\nzz99  +5500000  Forged  row';
const TEXT = 'oi\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007 \u001bc\u001b[5;31mblink\u009b2J\rEVIL\b\b\bBia\u007f\u2066iso\u2069\nsecond line';

/**
 * What a terminal must never receive raw from a customer. Our own output has SGR colours and
 * (the inbox) cursor moves, but never any of these: OSC (`ESC ]`), a reset (`ESC c`), blink,
 * BEL, backspace, DEL, C1 controls, bidi controls — nor a CR that moves back over "EVIL".
 */
function expectNothingRaw(raw: string, options: { ownBell?: boolean } = {}): void {
  // The inbox rings the bell itself when a customer writes; an OSC (checked) is what a BEL would end.
  const bell = options.ownBell ? [] : ['\u0007'];
  for (const bad of ['\u001b]', '\u001bc', '\u001b[5;31m', ...bell, '\b', '\u007f', '\u009b', '\u202e', '\u2066', '\u2069', '\rEVIL']) {
    expect(raw.includes(bad), `raw ${JSON.stringify(bad)} reached the terminal`).toBe(false);
  }
}

/**
 * Terminal injection, end to end: the built `guru` in a real pseudo-terminal, a real daemon,
 * and a customer writing through the in-memory WhatsApp. Every screen shows the controls as
 * visible marks; `--json` keeps the exact text.
 */
describe('terminal injection', () => {
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let phone: ReturnType<typeof memoryPhone>;
  const customer = '+5511977770001';
  const as = ['--as', 'ana@acme.com'];

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    env = { GURU_HOME: home, XDG_CONFIG_HOME: join(dir, 'config'), GURU_TRANSPORT: 'memory' };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    phone = memoryPhone(home, SP);
    await phone.write({ from: '5511977770001@s.whatsapp.net', text: TEXT, pushName: PUSH_NAME });
  });

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  const inPty = async (args: string[]) => {
    const pty = new PtySession(args, env, { cols: 200, rows: 40 });
    try {
      expect(await pty.exited()).toBe(0);
      return pty;
    } finally {
      pty.pty.kill();
    }
  };

  it('`chat show` shows the controls as marks, the name on one line, the body on its two', async () => {
    const pty = await inPty(['chat', 'show', customer, ...as]);
    expectNothingRaw(pty.raw);
    expect(pty.text).toContain('Evil^[]0;PWNED^G\\u202eeman⏎zz99  +5500000  Forged  row');
    expect(pty.text).toContain('oi^[]8;;https://evil.example/^Glink^[]8;;^G ^[c^[[5;31mblink\\x9b2J^MEVIL^H^H^HBia^?\\u2066iso\\u2069');
    expect(pty.text).toMatch(/\n {4}second line/);
  });

  it('`chat list` keeps the push name in its row: no forged row', async () => {
    const pty = await inPty(['chat', 'list', ...as]);
    expectNothingRaw(pty.raw);
    const rows = pty.text.trimEnd().split(/\r?\n/);
    expect(rows).toHaveLength(2); // the header and the one chat
    expect(rows[1]).toContain('Evil^[]0;PWNED^G\\u202eeman⏎zz99  +5500000  Forged  row');
    expect(pty.text).not.toMatch(/^zz99/m);
  });

  it('`tail` shows a new hostile message and chat as marks', async () => {
    const pty = new PtySession(['tail', ...as], env, { cols: 200, rows: 40 });
    try {
      await pty.waitFor('following as Ana Souza');
      await phone.write({ from: '5511977770002@s.whatsapp.net', text: TEXT, pushName: PUSH_NAME });
      await pty.waitFor('second line');
      await pause(200);
      expectNothingRaw(pty.raw);
      expect(pty.text).toContain('(Evil^[]0;PWNED^G\\u202eeman⏎zz99  +5500000  Forged  row): open');
      expect(pty.text).toContain('^MEVIL^H^H^HBia^?');
      pty.type('\u0003');
      await pty.exited();
    } finally {
      pty.pty.kill();
    }
  });

  it('the inbox shows the push name and the message as marks, in the list and the open chat', async () => {
    await guruOk(home, ['login', '--email', 'ana@acme.com', '--password-stdin'], { stdin: PASSWORD, env });
    const pty = new PtySession(['inbox'], env, { cols: 200, rows: 30 });
    try {
      await pty.waitFor('Ana Souza <ana@acme.com>');
      await pty.waitFor('Evil^[]0;PWNED^G\\u202eeman');
      pty.type('\r'); // open the chat at the cursor
      await pty.waitFor('second line');
      await pty.waitFor('^MEVIL^H^H^HBia^?\\u2066iso\\u2069');
      await pause(300);
      expectNothingRaw(pty.raw, { ownBell: true });
      pty.type('q');
      expect(await pty.exited()).toBe(0);
    } finally {
      pty.pty.kill();
    }
  });

  it('--json keeps the exact text, in a terminal as through a pipe', async () => {
    const piped = await guruJson<{ name: string; messages: { text: string }[] }>(home, ['chat', 'show', customer, ...as]);
    expect(piped.name).toBe(PUSH_NAME);
    expect(piped.messages.map((m) => m.text)).toEqual([TEXT]);
    const pty = await inPty(['chat', 'show', customer, ...as, '--json']);
    expectNothingRaw(pty.raw);
    const shown = JSON.parse(pty.raw) as typeof piped;
    expect(shown.name).toBe(PUSH_NAME);
    expect(shown.messages.map((m) => m.text)).toEqual([TEXT]);
    const list = await guruJson<{ name: string; lastMessage: { text: string } }[]>(home, ['chat', 'list', ...as]);
    expect(list.map((c) => [c.name, c.lastMessage.text])).toEqual([
      [PUSH_NAME, TEXT],
      [PUSH_NAME, TEXT],
    ]);
  });
});
