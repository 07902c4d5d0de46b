import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { FakeWhatsApp, trustSetting, type FakeContact, type FakeWhatsAppOptions } from '../fake-whatsapp/server.js';
import { apiClient, startDaemon } from './daemon.js';
import { GURU_BIN, guruJson, guruOk, makeTempDir, removeDir } from './guru.js';
import { PASSWORD } from './team.js';

/** Upper bound for anything to settle on a loaded machine; never a duration under test. */
export const WAIT_MS = 45_000;

/** Polls `probe` until it gives a value (or `WAIT_MS` passes, then throws naming `what`). */
export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface LinkedPhoneOptions {
  /** More `guru daemon start` flags (`--listen`, a certificate). */
  daemonArgs?: string[];
  /** Keep the data in this PostgreSQL store (`guru init --store`) instead of the data dir's files. */
  store?: string;
  /** The simulator's options (e.g. no automatic empty history, to send history of one's own). */
  simulator?: FakeWhatsAppOptions;
  /** More (or other) daemon settings. */
  env?: Record<string, string>;
  /** Runs once the simulated phone has scanned the QR, while `guru phone link` waits: what the phone sends then (history). */
  afterScan?: (fake: FakeWhatsApp, home: string) => Promise<void>;
}

/**
 * A Guru home with admin ana@acme.com (in the phone's rodízio), the REAL daemon with the REAL
 * Baileys, and one phone linked by QR to the local WhatsApp simulator — what the outbox tests
 * start from. `link()` links (again, after a logout) the same way `guru phone link` does.
 */
export async function linkedPhone(number: string, options: LinkedPhoneOptions = {}) {
  const phone = `+${number}`;
  const fake = await FakeWhatsApp.start(options.simulator);
  const dir = await makeTempDir();
  const home = join(dir, 'data');
  const store = options.store ? ['--store', options.store] : [];
  await guruOk(home, ['init', ...store, '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: PASSWORD });
  await guruOk(home, ['phone', 'add', phone]);
  await guruOk(home, ['rr', 'add', phone, 'user:ana@acme.com']);
  const env = { GURU_WA_URL: fake.url, GURU_SYNC_SETTLE_MS: '800', GURU_RECONNECT_MS: '100', GURU_WA_TRUST: trustSetting(fake), ...options.env };
  let daemon = await startDaemon(home, { env }, options.daemonArgs);

  const link = async (): Promise<void> => {
    const child = spawn(process.execPath, [GURU_BIN, 'phone', 'link', phone, '--json'], { env: { ...process.env, GURU_HOME: home } });
    let buffer = '';
    let stderr = '';
    let scanning: Promise<void> | undefined;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const event = JSON.parse(buffer.slice(0, i));
        buffer = buffer.slice(i + 1);
        if (event.type === 'qr' && !scanning) scanning = fake.scan(event.qr, { number }).then(() => options.afterScan?.(fake, home));
      }
    });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    await scanning;
    if (code !== 0) throw new Error(`guru phone link ${phone} exited ${code}: ${stderr}`);
    await until(`${phone} connected`, async () => ((await linkState()) === 'connected' ? true : undefined));
  };
  const linkState = async (): Promise<string> => (await guruJson<any>(home, ['phone', 'status', phone])).linkState;
  /** Ana's operations over the API (a session of hers). */
  const ana = async () => apiClient(home, (await apiClient(home, null).login('ana@acme.com', PASSWORD)).token).operations();
  /** Customers who wrote first, each with their chat id. */
  const customers = async (count: number): Promise<{ contact: FakeContact; chatId: string }[]> => {
    const contacts = await Promise.all(Array.from({ length: count }, (_, i) => fake.contact(`55119700000${String(i).padStart(2, '0')}`, `Cliente ${i}`)));
    for (const contact of contacts) await fake.sendMessage(contact, `Oi, sou ${contact.name}`);
    const ops = await ana();
    return until(`${count} chats`, async () => {
      const chats = await ops.chats.list();
      const found = contacts.map((contact) => ({ contact, chatId: chats.find((c) => c.customer === `+${contact.number}`)?.id }));
      return found.every((f) => f.chatId) ? (found as { contact: FakeContact; chatId: string }[]) : undefined;
    });
  };

  await link();
  return {
    fake,
    home,
    phone,
    env,
    link,
    linkState,
    ana,
    customers,
    get daemon() {
      return daemon;
    },
    restart: async () => {
      daemon = await startDaemon(home, { env }, options.daemonArgs);
    },
    close: async () => {
      await daemon.stop();
      await fake.close();
      await removeDir(dir);
    },
  };
}
