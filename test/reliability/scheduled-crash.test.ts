import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/daemon.js';
import { guru, guruJson } from '../helpers/guru.js';
import { linkedPhone, until, WAIT_MS } from '../helpers/linked-phone.js';

const NUMBER = '5511999990000';

/**
 * Scheduled messages with the REAL daemon and Baileys against the WhatsApp simulator, scheduled
 * with the built `guru chat send --at`: a kill -9 before the time loses none (it goes after the
 * restart, once), and one falling due while WhatsApp is out of reach goes when the phone is back.
 * Waits are upper bounds; the times scheduled are a few seconds ahead of the wall clock.
 */
describe('scheduled messages across a kill -9 and a disconnect', () => {
  let setup: Awaited<ReturnType<typeof linkedPhone>>;

  beforeAll(async () => {
    setup = await linkedPhone(NUMBER);
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
  });

  const schedule = async (chatId: string, text: string, inMs: number) => {
    const at = new Date(Date.now() + inMs).toISOString();
    const result = await guru(setup.home, ['chat', 'send', chatId, text, '--at', at, '--as', 'ana@acme.com', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as { id: string; at: string };
  };
  const records = async () =>
    (await readFile(join(setup.home, 'journal', `${NUMBER}.jsonl`), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; id?: string; scheduledId?: string });
  const journaled = async (type: string, id: string) => (await records()).filter((r) => r.type === type && r.id === id);
  const sentRecords = async (scheduledId: string) => (await records()).filter((r) => r.type === 'message' && r.scheduledId === scheduledId);

  it('kill -9 of the daemon before the time: after the restart the message goes, once', async () => {
    const { fake, home } = setup;
    const { contact, chatId } = (await setup.customers(1))[0]!;
    // Far enough ahead that a loaded machine still schedules it before its time (a bound, not a goal).
    const scheduled = await schedule(chatId, 'lembrete depois do kill', 15_000);
    // Journaled before the command answered; then the daemon dies at once, before the time.
    expect(await journaled('scheduled', scheduled.id)).toHaveLength(1);
    const pid = setup.daemon.pid;
    process.kill(pid, 'SIGKILL');
    await until('the daemon gone', () => (isAlive(pid) ? undefined : true));
    expect(Date.now()).toBeLessThan(Date.parse(scheduled.at));
    expect(fake.delivered.filter((d) => d.text.includes('lembrete depois do kill'))).toEqual([]);
    // Restarted before or after its time (as the machine allows): either way it goes, once.
    await setup.restart();
    await fake.waitFor(() => fake.delivered.some((d) => d.text.includes('lembrete depois do kill')), WAIT_MS, 'the scheduled message at the customer');
    // Once: a while later, still one copy, one journaled message, nothing left scheduled.
    await new Promise((r) => setTimeout(r, 2_000));
    const copies = fake.delivered.filter((d) => d.text.includes('lembrete depois do kill'));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.to).toBe(contact.number);
    expect(copies[0]!.text).toMatch(/lembrete depois do kill$/);
    expect(await sentRecords(scheduled.id)).toHaveLength(1);
    expect(await guruJson<unknown[]>(home, ['chat', 'scheduled', '--as', 'ana@acme.com'])).toEqual([]);
    expect(fake.errors).toEqual([]);
  }, 120_000);

  it('falling due while WhatsApp is out of reach: it waits in the outbox and goes when the phone is back', async () => {
    const { fake } = setup;
    const { chatId } = (await setup.customers(2))[1]!;
    fake.unreachable();
    await until('the phone reconnecting', async () => ((await setup.linkState()) === 'reconnecting' ? true : undefined));
    const scheduled = await schedule(chatId, 'enviada na volta', 10_000);
    const ops = await setup.ana();
    await until('the scheduled message pending in its chat', async () => {
      const out = (await ops.chats.show(chatId)).messages.filter((m) => m.text.includes('enviada na volta'));
      return out.length === 1 && out[0]!.status === 'pending' ? true : undefined;
    });
    expect(fake.delivered.filter((d) => d.text.includes('enviada na volta'))).toEqual([]);
    fake.reachable();
    await fake.waitFor(() => fake.delivered.some((d) => d.text.includes('enviada na volta')), WAIT_MS, 'the scheduled message after the reconnect');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(fake.delivered.filter((d) => d.text.includes('enviada na volta'))).toHaveLength(1);
    expect(await sentRecords(scheduled.id)).toHaveLength(1);
  }, 120_000);
});
