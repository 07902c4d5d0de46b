import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/client/client.js';
import type { DaemonClient } from '../../src/client/http.js';
import { CliFactory } from '../../src/cli/factory.js';
import { phoneRemove } from '../../src/commands/phone/remove.js';
import { phoneUnlink } from '../../src/commands/phone/unlink.js';
import { fakeIO } from '../helpers/fake-io.js';

const PHONE = '+5511999990000';
const view = { number: PHONE, label: null, linkState: 'unlinked' as const, createdAt: '2026-01-01T00:00:00.000Z' };

/** What `guru phone remove` and `guru phone unlink` tell the person, from what the engine did. */
describe('guru phone remove / unlink messages', () => {
  function factory(removed: { unlinked: boolean; loggedOut: boolean }) {
    const io = fakeIO({ tty: false, env: { NO_COLOR: '1' } });
    const f = new CliFactory(io.io, {});
    const asked: unknown[] = [];
    f.client = async () =>
      ({
        phones: {
          remove: async (number: string, options: unknown) => {
            asked.push([number, options]);
            return { ...view, ...removed };
          },
        },
      }) as unknown as Client;
    f.daemon = async () => ({ unlink: async () => ({ ok: true, loggedOut: removed.loggedOut }) }) as unknown as DaemonClient;
    return { io, f, asked };
  }

  it('an unlinked phone: removed, chats kept; --unlink is passed on', async () => {
    const t = factory({ unlinked: false, loggedOut: false });
    await phoneRemove(t.f, PHONE, { unlink: true, json: false });
    expect(t.asked).toEqual([[PHONE, { unlink: true }]]);
    expect(t.io.stderr).toBe(`✓ Removed phone ${PHONE}; its chats are kept\n`);
  });

  it('unlinked with it, WhatsApp told: says so and that a new QR is needed', async () => {
    const t = factory({ unlinked: true, loggedOut: true });
    await phoneRemove(t.f, PHONE, { unlink: true, json: false });
    expect(t.io.stderr).toContain(`✓ Removed phone ${PHONE} and unlinked it; its chats are kept\n`);
    expect(t.io.stderr).toContain('logged out of WhatsApp and its credentials are gone; linking +5511999990000 again takes a new QR');
  });

  it('unlinked while not connected: does not claim WhatsApp was told — says to remove the device on the phone', async () => {
    const t = factory({ unlinked: true, loggedOut: false });
    await phoneUnlink(t.f, '+55 11 99999-0000');
    expect(t.io.stderr).toContain(`✓ Unlinked ${PHONE}\n`);
    expect(t.io.stderr).toContain('WhatsApp could not be told (the phone was not connected): remove the device on the phone too, in WhatsApp › Linked devices');
    expect(t.io.stderr).not.toContain('logged out of WhatsApp');
  });
});
