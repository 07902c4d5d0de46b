import { describe, expect, it } from 'vitest';
import type { DaemonClient } from '../../src/client/http.js';
import { CliFactory } from '../../src/cli/factory.js';
import { phoneLink, renderQr } from '../../src/commands/phone/link.js';
import type { LinkEvent } from '../../src/core/link.js';
import { fakeIO } from '../helpers/fake-io.js';

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
    expect(io.stdout).toContain('\rsyncing history [####################] 100%');
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
