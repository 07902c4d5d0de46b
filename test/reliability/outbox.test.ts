import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guru } from '../helpers/guru.js';
import { linkedPhone, until, WAIT_MS } from '../helpers/linked-phone.js';

const NUMBER = '5511999990000';

/**
 * The outbox against the REAL daemon with the REAL Baileys and the WhatsApp simulator: replies
 * written while WhatsApp is out of reach (the phone `reconnecting`) wait in the outbox and reach
 * the customers once each, in order, when it is back; a logout fails them with the step that
 * helps (relink), and `guru chat retry` after relinking delivers them once.
 */
describe('the outbox through reconnects and a logout', () => {
  let setup: Awaited<ReturnType<typeof linkedPhone>>;

  beforeAll(async () => {
    setup = await linkedPhone(NUMBER);
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
  });

  const reconnecting = () => until('the phone reconnecting', async () => ((await setup.linkState()) === 'reconnecting' ? true : undefined));

  it('50 replies sent while reconnecting: acknowledged at once, then delivered once each and in order after the reconnect; read when the customers read', async () => {
    const { fake, home } = setup;
    const people = await setup.customers(5);
    const ops = await setup.ana();
    fake.unreachable();
    await reconnecting();

    // 49 through the API, one with the CLI as an agent would: none refused, none failed.
    const replies: { id: string; chatId: string; text: string; status: string | null }[] = [];
    for (let i = 0; i < 49; i++) {
      const { chatId } = people[i % 5]!;
      const message = await ops.chats.send(chatId, `resposta ${i}`);
      replies.push({ id: message.id, chatId, text: message.text, status: message.status });
    }
    const cli = await guru(home, ['chat', 'send', people[4]!.chatId, 'resposta 49', '--as', 'ana@acme.com', '--json']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const last = JSON.parse(cli.stdout);
    replies.push({ id: last.id, chatId: people[4]!.chatId, text: last.text, status: last.status });
    const human = await guru(home, ['chat', 'send', people[0]!.chatId, 'resposta 50', '--as', 'ana@acme.com']);
    expect(human.code).toBe(0);
    expect(human.stderr).toMatch(/Queued to .*: the phone is not connected right now; it is sent as soon as it is/);
    replies.push({
      id: (await ops.chats.show(people[0]!.chatId)).messages.at(-1)!.id,
      chatId: people[0]!.chatId,
      text: 'Ana:\nresposta 50',
      status: 'pending',
    });
    expect(replies.map((r) => r.status)).toEqual(Array(51).fill('pending'));
    expect(fake.delivered.filter((d) => replies.some((r) => r.id === d.id))).toEqual([]);

    fake.reachable();
    const ids = new Set(replies.map((r) => r.id));
    await fake.waitFor(() => [...ids].every((id) => fake.delivered.some((d) => d.id === id)), WAIT_MS, 'the 51 replies to reach the customers');
    // Each customer got theirs once, in the order they were written (a resend keeps its id, and
    // the customer's phone shows an id once: `redelivered` counts those copies).
    for (const { contact, chatId } of people) {
      const got = fake.delivered.filter((d) => d.to === contact.number && ids.has(d.id)).map((d) => d.id);
      expect(got).toEqual(replies.filter((r) => r.chatId === chatId).map((r) => r.id));
    }
    const texts = fake.delivered.filter((d) => ids.has(d.id)).map((d) => d.text);
    expect(new Set(texts).size).toBe(51);
    const copies = fake.redelivered.filter((d) => ids.has(d.id)).length;

    // Statuses: sent (WhatsApp's ack) for all, none failed; then read once each customer reads.
    const statuses = async () => {
      const all = await Promise.all(people.map(({ chatId }) => ops.chats.show(chatId, { limit: 100 })));
      return all.flatMap((chat) => chat.messages.filter((m) => ids.has(m.id)).map((m) => m.status));
    };
    await until('every reply sent', async () => ((await statuses()).every((s) => s === 'sent' || s === 'delivered' || s === 'read') ? true : undefined));
    for (const { contact, chatId } of people) {
      const theirs = replies.filter((r) => r.chatId === chatId).map((r) => r.id);
      await fake.sendReceipt(contact, theirs);
      await fake.sendReceipt(contact, theirs, 'read');
    }
    const final = await until('every reply read', async () => {
      const s = await statuses();
      return s.every((x) => x === 'read') ? s : undefined;
    }).catch(async (err: Error) => {
      // Timed out: the diff below shows which; any other error is the failure itself.
      if (!err.message.startsWith('timed out')) throw err;
      return statuses();
    });
    expect(final).toEqual(Array(51).fill('read'));
    console.log(
      `outbox: 51 replies written while reconnecting, 51 delivered once each and in order, ${copies} same-id copies dropped by the customers' phones, all read`,
    );
    expect(fake.errors).toEqual([]);
  }, 60_000);

  it('a logout with replies pending: they fail with "relink"; new sends are refused with it; after relinking, chat retry delivers each once', async () => {
    const { fake, home } = setup;
    const [person] = await setup.customers(1);
    const ops = await setup.ana();
    fake.unreachable();
    await reconnecting();
    const pending: Awaited<ReturnType<typeof ops.chats.send>>[] = [];
    for (let i = 0; i < 3; i++) pending.push(await ops.chats.send(person!.chatId, `antes do logout ${i}`));
    expect(pending.map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    // The phone removes the device while it is away: its next login is refused (401).
    await fake.logoutSession(NUMBER);
    fake.reachable();
    const reason = 'logged out — relink with `guru phone link +5511999990000`';
    const shown = await until('the pending replies failed', async () => {
      const messages = (await ops.chats.show(person!.chatId)).messages.filter((m) => pending.some((p) => p.id === m.id));
      return messages.every((m) => m.status === 'failed') ? messages : undefined;
    });
    expect(shown.map((m) => m.reason)).toEqual([reason, reason, reason]);
    const printed = await guru(home, ['chat', 'show', person!.chatId, '--as', 'ana@acme.com']);
    expect(printed.stdout).toContain(`antes do logout 0 ✗ failed: ${reason} (${pending[0]!.id})`);
    const refused = await guru(home, ['chat', 'send', person!.chatId, 'depois do logout', '--as', 'ana@acme.com']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain(reason);

    await setup.link();
    for (const m of pending) {
      const retried = await guru(home, ['chat', 'retry', m.id, '--as', 'ana@acme.com', '--json']);
      expect(retried.stderr).toBe('');
      const back = JSON.parse(retried.stdout);
      expect(back.id).toBe(m.id);
      expect(['sent', 'pending']).toContain(back.status); // sent, unless WhatsApp took more than a few seconds
    }
    await fake.waitFor(() => pending.every((m) => fake.delivered.some((d) => d.id === m.id)), WAIT_MS, 'the retried replies delivered');
    expect(fake.delivered.filter((d) => pending.some((m) => m.id === d.id)).map((d) => [d.to, d.text])).toEqual(
      pending.map((m) => [person!.contact.number, m.text]),
    );
    expect(fake.redelivered.filter((d) => pending.some((m) => m.id === d.id))).toEqual([]);
    await until('the retried replies sent', async () => {
      const messages = (await ops.chats.show(person!.chatId)).messages.filter((m) => pending.some((p) => p.id === m.id));
      return messages.every((m) => m.status === 'sent') ? true : undefined;
    });
    const again = await guru(home, ['chat', 'retry', pending[0]!.id, '--as', 'ana@acme.com']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/only a failed message can be retried/);
  }, 60_000);
});
