import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeWhatsApp, HistorySyncType, trustSetting, type FakeContact, type HistoryBatch, type MessageDropPoint } from '../fake-whatsapp/server.js';
import { startDaemon } from '../helpers/daemon.js';
import { GURU_BIN, guru, guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD } from '../helpers/team.js';

const SP = '+5511999990000';
const NUMBER = '5511999990000';
const as = ['--as', 'ana@acme.com'];
/** Upper bound for anything to settle on a loaded CI machine; never a duration under test. */
const WAIT_MS = 45_000;

/**
 * Connection drops at the two moments the happy-path suite (test/e2e/whatsapp.test.ts) does not
 * reach: in the middle of the history sync of a fresh link, and while a reply is on its way.
 * The REAL daemon with the REAL Baileys against the local fake WhatsApp; the fake drops the
 * connection at an exact point (`fake.faults`) and, like WhatsApp, redelivers to the device
 * what it did not acknowledge.
 */
describe('WhatsApp faults: a drop during history sync, a drop while sending', () => {
  let dir: string;
  let home: string;
  let fake: FakeWhatsApp;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let customers: FakeContact[];

  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const show = async (chat: string): Promise<any> => guruJson<any>(home, ['chat', 'show', chat, '--limit', '1000', ...as]);

  beforeAll(async () => {
    // The history comes from the test (batch 1 is the INITIAL_BOOTSTRAP), not a built-in empty one.
    fake = await FakeWhatsApp.start({ autoInitialHistory: false });
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['phone', 'add', SP]);
    const env = { GURU_WA_URL: fake.url, GURU_SYNC_SETTLE_MS: '5000', GURU_RECONNECT_MS: '200', GURU_WA_TRUST: trustSetting(fake) };
    daemon = await startDaemon(home, { env });
    customers = await Promise.all([0, 1, 2, 3].map((i) => fake.contact(`551197000000${i}`, `Cliente ${i}`)));
  });

  afterAll(async () => {
    await daemon?.stop();
    await fake?.close();
    await removeDir(dir);
  });

  it('a drop in the middle of the history sync: the link resumes, every synced message is stored once', async () => {
    // 6 batches, as a phone sends them: the INITIAL_BOOTSTRAP, then RECENT chunks up to 100 %;
    // each carries 5 messages of each of the 4 customers (a chat spans batches).
    const batches: HistoryBatch[] = Array.from({ length: 6 }, (_, b) => ({
      progress: Math.round(((b + 1) * 100) / 6),
      syncType: b === 0 ? HistorySyncType.INITIAL_BOOTSTRAP : HistorySyncType.RECENT,
      chats: customers.map((contact, c) => ({
        contact,
        messages: Array.from({ length: 5 }, (_, m) => ({ id: `HF${b}${c}${m}`, text: `histórico ${b}-${c}-${m}`, time: 1_764_000_000 + b * 10 + m })),
      })),
    }));
    const expected = new Set(batches.flatMap((b) => b.chats.flatMap((c) => c.messages.map((m) => m.id))));
    const k = 3;

    const child = spawn(process.execPath, [GURU_BIN, 'phone', 'link', SP, '--json'], { env: { ...process.env, GURU_HOME: home } });
    const events: any[] = [];
    let stderr = '';
    let buffer = '';
    let syncing: Promise<void> | undefined;
    let dropped: Promise<void> | undefined;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        events.push(event);
        if (event.type === 'qr' && !syncing) {
          // The phone scans, then pushes its history one batch at a time; the connection
          // drops right after batch k went out, and the rest follows after the reconnect.
          syncing = (async () => {
            await fake.scan(event.qr, { number: NUMBER });
            await fake.waitForOnline(NUMBER, WAIT_MS);
            dropped = fake.faults.dropAfterHistoryBatch(k);
            await fake.sendHistory(batches, { paced: true, timeoutMs: WAIT_MS });
          })();
        }
      }
    });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    await syncing;
    const trace = JSON.stringify(events.map((e) => (e.type === 'qr' ? 'qr' : e)));
    expect(code, `${trace}\n${stderr}`).toBe(0);
    await expect(dropped).resolves.toBeUndefined();
    expect(events.at(-1), trace).toMatchObject({ type: 'linked', number: SP });
    expect(
      events.some((e) => e.type === 'state' && e.state === 'reconnecting'),
      trace,
    ).toBe(true); // the drop hit the link itself

    // Everything synced is in `guru chat list` and `guru chat show`, each message once. (On a
    // loss the wait runs out and the figure shows what is missing.)
    const list = () => guruJson<any[]>(home, ['chat', 'list', ...as]);
    const chats =
      (await until(`the ${expected.size} synced messages`, async () => {
        const chats = await list();
        return chats.reduce((n, c) => n + c.messageCount, 0) >= expected.size ? chats : undefined;
      }).catch(() => null)) ?? (await list());
    const stored = (await Promise.all(chats.map((c) => show(c.id)))).flatMap((detail) => detail.messages.map((m: any) => m.id as string));
    const unique = new Set(stored);
    const duplicates = stored.length - unique.size;
    console.log(`history sync with a drop at batch ${k}: ${expected.size} messages expected, ${unique.size} stored, ${duplicates} duplicates`);
    expect(
      [...expected].filter((id) => !unique.has(id)),
      'missing',
    ).toEqual([]);
    expect(unique.size).toBe(expected.size);
    expect(duplicates).toBe(0);
    expect(chats.map((c) => c.customer).sort()).toEqual(customers.map((c) => `+${c.number}`).sort());
    expect(fake.errors).toEqual([]);
  });

  /** `guru chat send` while the fake drops the connection at `point`; returns what the agent and the customer saw. */
  async function sendThroughDrop(point: MessageDropPoint, text: string) {
    const customer = customers[0]!;
    const dropped = fake.faults.dropOnNextClientMessage(point);
    const sent = await guru(home, ['chat', 'send', `+${customer.number}`, text, '--json', ...as]);
    await expect(dropped).resolves.toBeUndefined();
    // The outbox keeps it through the drop: acknowledged (sent, or pending while the phone
    // reconnects), then sent again under its id after the reconnect — never reported failed.
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    const { id, status } = JSON.parse(sent.stdout);
    expect(['sent', 'pending']).toContain(status);
    await fake.waitFor(() => fake.delivered.some((d) => d.id === id), WAIT_MS, `${id} to reach the customer`);
    const message = await until(`${id} sent`, async () => {
      const m = (await show(`+${customer.number}`)).messages.find((m: any) => m.id === id);
      return m?.status === 'sent' ? m : undefined;
    });
    expect(message).toMatchObject({ direction: 'out', text, status: 'sent' });
    const outcome = status === 'sent' ? 'sent once' : 'queued, then sent once';
    // Never twice: the customer has it once, under one id (a resend keeps the id).
    expect(fake.delivered.filter((d) => d.text === text).length).toBe(1);
    const resent = fake.redelivered.filter((d) => d.text === text).length;
    // The phone is back and usable afterwards.
    await until('the phone to be connected', async () => ((await guruJson<any>(home, ['phone', 'status', SP])).linkState === 'connected' ? true : undefined));
    return { outcome, resent };
  }

  it('a drop as the reply reaches WhatsApp (before it is delivered): sent once after the reconnect, never reported failed', async () => {
    const { outcome } = await sendThroughDrop('before-delivery', 'Resposta durante a queda');
    console.log(`send during a drop (before delivery): ${outcome}`);
    expect(fake.errors).toEqual([]);
  });

  it("a drop after the customer got the reply but before WhatsApp's ack: not delivered twice", async () => {
    const { outcome, resent } = await sendThroughDrop('before-ack', 'Resposta com o ack perdido');
    console.log(`send during a drop (ack lost): ${outcome}${resent ? ` (${resent} resend with the same id, shown once)` : ''}`);
    expect(fake.errors).toEqual([]);
  });
});
