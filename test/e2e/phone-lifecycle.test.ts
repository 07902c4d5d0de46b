import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistorySyncType, type FakeWhatsApp, type HistoryBatch } from '../fake-whatsapp/server.js';
import { GURU_BIN, guru, guruJson, guruOk } from '../helpers/guru.js';
import { linkedPhone, until } from '../helpers/linked-phone.js';

const NUMBER = '5511944440000';
const PHONE = `+${NUMBER}`;
const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * A phone's life through the REAL daemon and the REAL Baileys against the WhatsApp simulator:
 * `phone status` shows the history sync as it goes, synced chats are ordered by their own last
 * message, and removing a linked phone takes `--unlink`, which logs the device out of WhatsApp,
 * wipes its credentials and keeps its chats — the number added again needs a QR.
 */
describe('a phone from link to removal', () => {
  let t: Awaited<ReturnType<typeof linkedPhone>>;
  /** What `guru phone status` said while the history was syncing. */
  const during: { json?: any; text?: string } = {};

  beforeAll(async () => {
    t = await linkedPhone(NUMBER, {
      // The phone sends its own history (no automatic empty one), and the sync waits for it all.
      simulator: { autoInitialHistory: false },
      env: { GURU_SYNC_SETTLE_MS: '30000' },
      afterScan: syncHistory,
    });
  }, 120_000);
  afterAll(() => t?.close());

  /** Two batches, the first at 40 %; between them, what `guru phone status` says. Synced out of date order. */
  async function syncHistory(fake: FakeWhatsApp, home: string): Promise<void> {
    await fake.waitForOnline(NUMBER);
    const [ana, bruno, carla, davi] = await Promise.all([
      fake.contact('5511911110000', 'Ana Cliente'),
      fake.contact('5511922220000', 'Bruno'),
      fake.contact('5511933330000', 'Carla'),
      fake.contact('5511955550000', 'Davi'),
    ]);
    const chat = (contact: typeof ana, id: string, isoTimes: string[]) => ({
      contact: contact!,
      messages: isoTimes.map((iso, i) => ({ id: `${id}${i}`, text: `${id} ${iso}`, time: seconds(iso), fromMe: i === 1 })),
    });
    const first: HistoryBatch = {
      progress: 40,
      syncType: HistorySyncType.INITIAL_BOOTSTRAP,
      chats: [
        chat(ana, 'A', ['2025-03-01T10:00:00Z', '2025-03-01T10:05:00Z', '2025-03-02T09:00:00Z']),
        chat(bruno, 'B', ['2026-10-01T09:00:00Z', '2026-10-05T09:00:00Z']),
        chat(carla, 'C', ['2025-12-24T18:00:00Z', '2025-12-24T18:30:00Z']),
      ],
    };
    const last: HistoryBatch = { progress: 100, chats: [chat(davi, 'D', ['2024-06-01T12:00:00Z', '2026-01-10T08:00:00Z'])] };
    await fake.sendHistory([first]);
    try {
      during.json = await until('the sync figures', async () => {
        const status = await guruJson<any>(home, ['phone', 'status', PHONE]);
        return status.sync?.messages === 7 ? status : undefined;
      });
      during.text = (await guruOk(home, ['phone', 'status'])).stdout;
    } finally {
      await fake.sendHistory([last]); // the link ends with it, whatever was seen
    }
  }

  it('phone status shows the sync while it goes: the phone’s figure, chats and messages so far', () => {
    expect(during.json).toMatchObject({ number: PHONE, linkState: 'syncing', reassignWhenAbsent: false, sync: { progress: 40, chats: 3, messages: 7 } });
    expect(during.text).toContain(`${PHONE}\t\tsyncing 40% · 3 chats · 7 messages`);
  });

  it('synced chats are listed by their own last message, not by when they were synced; a new message puts its chat on top', async () => {
    const ops = await t.ana();
    const order = async () => (await ops.chats.list({ status: 'all' })).map((c) => [c.customer, c.updatedAt]);
    expect(await order()).toEqual([
      ['+5511922220000', '2026-10-05T09:00:00.000Z'],
      ['+5511955550000', '2026-01-10T08:00:00.000Z'],
      ['+5511933330000', '2025-12-24T18:30:00.000Z'],
      ['+5511911110000', '2025-03-02T09:00:00.000Z'],
    ]);
    await t.fake.sendMessage((await t.fake.contact('5511911110000'))!, 'Oi, voltei!');
    const top = await until('the new message on top', async () => {
      const [first] = await ops.chats.list({ status: 'all' });
      return first?.lastMessage?.text === 'Oi, voltei!' ? first : undefined;
    });
    expect(top.customer).toBe('+5511911110000');
    expect(top.updatedAt > '2026-10-05T09:00:00.000Z').toBe(true);
  });

  it('phone unlink and phone remove: a linked phone is not removed without --unlink; with it, logged out, credentials gone, chats kept', async () => {
    const credentials = join(t.home, 'whatsapp', `${NUMBER}.json`);
    const before = { phones: await guruJson<any[]>(t.home, ['phone', 'list']), rr: await guruJson<any>(t.home, ['rr', 'show', PHONE]) };
    expect(t.fake.linkedNumbers).toContain(NUMBER);

    const refused = await guru(t.home, ['phone', 'remove', PHONE]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${PHONE} is linked to WhatsApp — to remove it, log its device out too: \`guru phone remove ${PHONE} --unlink\``);
    // Nothing changed: registered, its rodízio, its credentials, the device on WhatsApp, connected.
    expect(await guruJson<any[]>(t.home, ['phone', 'list'])).toEqual(before.phones);
    expect(await guruJson<any>(t.home, ['rr', 'show', PHONE])).toEqual(before.rr);
    await stat(credentials);
    expect(t.fake.linkedNumbers).toContain(NUMBER);
    expect(await t.linkState()).toBe('connected');

    const removed = await guru(t.home, ['phone', 'remove', PHONE, '--unlink', '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ number: PHONE, unlinked: true, loggedOut: true });
    await expect(stat(credentials)).rejects.toMatchObject({ code: 'ENOENT' });
    await t.fake.waitFor(() => !t.fake.linkedNumbers.includes(NUMBER), 30_000, 'WhatsApp to forget the device');
    expect(await guruJson<any[]>(t.home, ['phone', 'list'])).toEqual([]);
    const audit = (await guruJson<any[]>(t.home, ['audit'])).filter((e) => e.target === PHONE).map((e) => [e.action, e.details]);
    expect(audit.slice(-2)).toEqual([
      ['phone.unlink', { loggedOut: true }],
      ['phone.remove', { unlinked: true }],
    ]);
    await stat(join(t.home, 'journal', `${NUMBER}.jsonl`)); // the chats' journal is kept

    // Added again: unlinked, and it stays so — no silent reconnect with the old credentials.
    const added = await guru(t.home, ['phone', 'add', PHONE]);
    expect(added.code, added.stderr).toBe(0);
    await until('the re-added phone to be reported', async () =>
      (await guruJson<any>(t.home, ['phone', 'status', PHONE])).linkState === 'unlinked' ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 1_000)); // (a reconnect with old credentials would have begun by now)
    expect(await t.linkState()).toBe('unlinked');
    expect(t.fake.onlineNumbers).not.toContain(NUMBER);
    expect((await (await t.ana()).chats.list({ status: 'all' })).length).toBe(4); // its chats are still there

    const again = await guru(t.home, ['phone', 'unlink', PHONE]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${PHONE} is not linked — nothing to unlink; link it with \`guru phone link ${PHONE}\``);
  });

  it('a phone removed while `guru phone link` shows its QR: the link ends saying so, instead of waiting forever', async () => {
    const child = spawn(process.execPath, [GURU_BIN, 'phone', 'link', PHONE, '--json'], { env: { ...process.env, GURU_HOME: t.home } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    await until('the first QR', () => (out.includes('"qr"') ? true : undefined));
    await guruOk(t.home, ['phone', 'remove', PHONE]); // not linked yet: no --unlink needed
    expect(await exited).toBe(4);
    expect(err).toContain(`${PHONE} was removed (\`guru phone remove\`) while it was being linked — nothing of the link was kept`);
    await expect(stat(join(t.home, 'whatsapp', `${NUMBER}.json`))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
