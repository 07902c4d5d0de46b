import { describe, expect, it } from 'vitest';
import type { DaemonClient } from '../../src/client/http.js';
import { CliFactory } from '../../src/cli/factory.js';
import { phoneLink, renderQr } from '../../src/commands/phone/link.js';
import type { LinkEvent } from '../../src/core/link.js';
import { fakeIO } from '../helpers/fake-io.js';
import { Readable } from 'node:stream';
import { IOStreams } from '../../src/cli/io.js';

/** `guru phone link` output, given link events (the daemon side is covered end to end). */
describe('guru phone link rendering', () => {
  const QR1 = 'https://wa.me/settings/linked_devices#ref-one,AAAA,BBBB,CCCC,1';
  const QR2 = 'https://wa.me/settings/linked_devices#ref-two,AAAA,BBBB,CCCC,1';
  const events: LinkEvent[] = [
    { type: 'qr', qr: QR1, validForMs: 60_000 },
    { type: 'qr', qr: QR2, validForMs: 20_000 },
    { type: 'state', state: 'pairing' },
    { type: 'state', state: 'syncing', progress: 50 },
    { type: 'state', state: 'syncing', progress: 100 },
    { type: 'linked', number: '+5511999990000' },
  ];

  function run(tty: boolean, json = false, script: LinkEvent[] = events) {
    const io = fakeIO({ tty, env: { NO_COLOR: '1' } });
    const f = new CliFactory(io.io, {});
    const client = {
      link: async (_phone: string, _code: boolean, onEvent: (e: LinkEvent) => void) => {
        for (const e of script) onEvent(e);
        return { close: () => undefined, done: Promise.resolve() };
      },
    } as unknown as DaemonClient;
    f.daemon = async () => client;
    return { io, done: phoneLink(f, '+5511999990000', { pairingCode: false, json }) };
  }

  it('piped: one block per QR, each exactly the QR of the pairing payload, then progress lines and Connected', async () => {
    const { io, done } = run(false);
    await done;
    const [block1, block2] = [await renderQr(QR1), await renderQr(QR2)];
    expect(io.stdout).toContain(`${block1}\nScan it with WhatsApp › Linked devices › Link a device (valid 60 s)\n`);
    expect(io.stdout).toContain(`${block2}\nScan it with WhatsApp › Linked devices › Link a device (valid 20 s)\n`);
    expect(io.stdout).not.toContain('\u001b[');
    expect(io.stdout).toMatch(/syncing history \[##########----------\] 50%\nsyncing history \[####################\] 100%\n/);
    expect(io.stderr).toMatch(/Connected: \+5511999990000 is linked/);
  });

  it('on a terminal, a new QR is drawn over the last one', async () => {
    const { io, done } = run(true);
    await done;
    const lines = (await renderQr(QR1)).split('\n').length + 1;
    expect(io.stdout).toContain(`\u001b[${lines}A\u001b[J`);
    expect(io.stdout).toContain('\r\u001b[2Ksyncing history [####################] 100%');
  });

  const ESC = String.fromCharCode(27);
  /** What a terminal shows once `out` (stdout and stderr, in the order written) is drawn: its lines. */
  function screen(out: string): string[] {
    const lines: string[][] = [[]];
    let row = 0;
    let col = 0;
    for (let i = 0; i < out.length; i++) {
      const csi = out[i] === ESC ? /^\[(\d*)([AJK])/.exec(out.slice(i + 1)) : null;
      if (csi) {
        i += csi[0].length;
        if (csi[2] === 'A') row = Math.max(0, row - Number(csi[1] || 1));
        else if (csi[2] === 'J') {
          lines.splice(row + 1);
          lines[row]!.splice(col);
        } else lines[row] = []; // [2K: the whole line
        continue;
      }
      const ch = out[i]!;
      if (ch === '\r') col = 0;
      else if (ch === '\n') {
        row += 1;
        col = 0;
        lines[row] ??= [];
      } else {
        lines[row]![col] = ch;
        col += 1;
      }
    }
    return lines.map((l) => Array.from(l, (c) => c ?? ' ').join(''));
  }

  function runOnTerminal(script: LinkEvent[], pairingCode = false) {
    let out = '';
    const terminal = { write: (s: string) => (out += s), isTTY: true, columns: 100 };
    const io = new IOStreams(Object.assign(Readable.from(['']), { isTTY: true }), terminal, terminal, { NO_COLOR: '1' });
    const f = new CliFactory(io, {});
    const client = {
      link: async (_phone: string, _code: boolean, onEvent: (e: LinkEvent) => void) => {
        for (const e of script) onEvent(e);
        return { close: () => undefined, done: Promise.resolve() };
      },
    } as unknown as DaemonClient;
    f.daemon = async () => client;
    return { screen: () => screen(out), done: phoneLink(f, '+5511999990000', { pairingCode, json: false }) };
  }

  it('on a terminal the progress bar is redrawn in place and what follows starts on a line of its own — never printed over it', async () => {
    const t = runOnTerminal([
      { type: 'qr', qr: QR1, validForMs: 60_000 },
      { type: 'state', state: 'waiting_qr' },
      { type: 'qr', qr: QR2, validForMs: 20_000 },
      { type: 'state', state: 'pairing' },
      { type: 'state', state: 'syncing', progress: 0, chats: 0, messages: 0 },
      { type: 'state', state: 'syncing', progress: 40, chats: 3, messages: 15 },
      { type: 'state', state: 'reconnecting' }, // a drop during the sync
      { type: 'state', state: 'syncing', progress: 100, chats: 5, messages: 41 },
      { type: 'state', state: 'connected' },
      { type: 'linked', number: '+5511999990000' },
    ]);
    await t.done;
    const qr = (await renderQr(QR2)).split('\n');
    expect(t.screen()).toEqual([
      ...qr, // the second QR drawn over the first, which is gone
      'Scan it with WhatsApp › Linked devices › Link a device (valid 20 s)',
      'pairing',
      'syncing history [########------------] 40% · 3 chats · 15 messages',
      'reconnecting',
      'syncing history [####################] 100% · 5 chats · 41 messages',
      '✓ Connected: +5511999990000 is linked',
      '',
    ]);
  });

  it('by pairing code no QR state is shown: the code, the progress, Connected', async () => {
    const t = runOnTerminal(
      [
        { type: 'pairing-code', code: 'ABCD1234' },
        { type: 'state', state: 'waiting_code' },
        { type: 'state', state: 'pairing' },
        { type: 'state', state: 'syncing', progress: 100, chats: 1, messages: 1 },
        { type: 'state', state: 'connected' },
        { type: 'linked', number: '+5511999990000' },
      ],
      true,
    );
    await t.done;
    expect(t.screen()).toEqual([
      'On the phone: WhatsApp › Linked devices › Link with phone number, then enter ABCD-1234',
      'pairing',
      'syncing history [####################] 100% · 1 chat · 1 message',
      '✓ Connected: +5511999990000 is linked',
      '',
    ]);
  });

  it('interrupted with the bar on the screen: the error starts on a line of its own', async () => {
    const t = runOnTerminal([{ type: 'state', state: 'syncing', progress: 60, chats: 2, messages: 9 }]);
    await expect(t.done).rejects.toMatchObject({ code: 'interrupted' });
    expect(t.screen()).toEqual(['syncing history [############--------] 60% · 2 chats · 9 messages', '']);
  });

  it('--json prints the events as NDJSON, QR text included', async () => {
    const { io, done } = run(false, true);
    await done;
    expect(
      io.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(events);
  });

  it('a failure becomes the error, with exit code 4 for the phone', async () => {
    const { done } = run(false, false, [{ type: 'failed', reason: 'qr_expired', message: 'QR expired — run `guru phone link +5511999990000` again' }]);
    await expect(done).rejects.toMatchObject({ code: 'not_linked', message: expect.stringMatching(/QR expired/) });
  });
});
