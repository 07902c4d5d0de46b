import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/daemon.js';
import { linkedPhone, until, WAIT_MS } from '../helpers/linked-phone.js';

const NUMBER = '5511999990000';

/**
 * kill -9 of the daemon with 20 replies in its outbox — 10 that WhatsApp had already handed to
 * the customers without the daemon hearing its ack (the window between a send and its journaled
 * ack), 10 that never left (WhatsApp out of reach) — and a restart: all 20 reach the customers,
 * none twice. The REAL daemon and Baileys against the WhatsApp simulator.
 */
describe('kill -9 with pending sends', () => {
  let setup: Awaited<ReturnType<typeof linkedPhone>>;

  beforeAll(async () => {
    setup = await linkedPhone(NUMBER);
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
  });

  it('20 pending sends: after the restart each is delivered, none twice', async () => {
    const { fake, home } = setup;
    const people = await setup.customers(10);
    const ops = await setup.ana();

    // 10 reach the customers, but WhatsApp's acks never come back: pending in the journal.
    fake.faults.withholdAcks = true;
    const handedOver = await Promise.all(people.map(({ chatId }, i) => ops.chats.send(chatId, `entregue sem ack ${i}`)));
    await fake.waitFor(() => handedOver.every((m) => fake.delivered.some((d) => d.id === m.id)), WAIT_MS, 'the first 10 at the customers');
    expect(handedOver.map((m) => m.status)).toEqual(Array(10).fill('pending'));
    // Then WhatsApp is out of reach, and 10 more are written.
    fake.unreachable();
    await until('the phone reconnecting', async () => ((await setup.linkState()) === 'reconnecting' ? true : undefined));
    const queued: typeof handedOver = [];
    for (let i = 0; i < 10; i++) queued.push(await ops.chats.send(people[i]!.chatId, `na fila ${i}`));
    expect(queued.map((m) => m.status)).toEqual(Array(10).fill('pending'));
    const all = [...handedOver, ...queued];

    const pid = setup.daemon.pid;
    process.kill(pid, 'SIGKILL');
    await until('the daemon gone', () => (isAlive(pid) ? undefined : true));
    fake.faults.clear(); // reachable, and acking again
    await setup.restart();

    const ids = new Set(all.map((m) => m.id));
    await fake.waitFor(() => [...ids].every((id) => fake.delivered.some((d) => d.id === id)), WAIT_MS, 'all 20 at the customers');
    // Once each on the customers' phones: the 10 sent again kept their ids (their copies are
    // `redelivered`, which a phone does not show twice), and no reply came under a second id.
    const shown = fake.delivered.filter((d) => ids.has(d.id));
    expect(shown.map((d) => d.id).sort()).toEqual([...ids].sort());
    const texts = fake.delivered.filter((d) => d.text.includes('entregue sem ack') || d.text.includes('na fila')).map((d) => d.text);
    expect(texts.length).toBe(20);
    expect(new Set(texts).size).toBe(20);
    for (const [i, { contact }] of people.entries()) {
      expect(fake.delivered.filter((d) => d.to === contact.number && ids.has(d.id)).map((d) => d.id)).toEqual([handedOver[i]!.id, queued[i]!.id]);
    }
    const statuses = await until('all 20 sent', async () => {
      const chats = await Promise.all(people.map(({ chatId }) => ops.chats.show(chatId)));
      const s = chats.flatMap((c) => c.messages.filter((m) => ids.has(m.id)).map((m) => m.status));
      return s.length === 20 && s.every((x) => x === 'sent') ? s : undefined;
    });
    expect(statuses).toHaveLength(20);
    // The journal holds each message once: no copy was journaled under a new id.
    const records = (await readFile(join(home, 'journal', `${NUMBER}.jsonl`), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.type === 'message' && r.direction === 'out');
    expect(records.filter((r) => ids.has(r.id))).toHaveLength(20);
    expect(records).toHaveLength(20);
    const again = fake.redelivered.filter((d) => ids.has(d.id)).length;
    console.log(`kill -9 with 20 pending: 20 delivered once each after the restart; ${again} sent again under their ids and shown once`);
    expect(fake.errors).toEqual([]);
  }, 90_000);
});
