import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guru, guruJson } from '../helpers/guru.js';
import { linkedPhone, until, WAIT_MS } from '../helpers/linked-phone.js';

const NUMBER = '5511999990000';

/**
 * `guru chat new` end to end: the built CLI, the REAL daemon with the REAL Baileys, and the
 * WhatsApp simulator. The number is checked the way WhatsApp's apps check it (Baileys
 * `onWhatsApp`, a usync `contact` query the simulator answers from who is on it); the first
 * message reaches the customer, and their answer lands in the same chat, the starter's.
 */
describe('guru chat new against WhatsApp', () => {
  let setup: Awaited<ReturnType<typeof linkedPhone>>;

  beforeAll(async () => {
    setup = await linkedPhone(NUMBER);
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
  });

  it('starts a conversation the customer receives; a number without WhatsApp is refused and creates nothing', async () => {
    const { fake, home } = setup;
    const customer = await fake.contact('5511977770000', 'Cliente Novo');
    const as = ['--as', 'ana@acme.com'];

    // Nobody uses this number on WhatsApp: refused with what to check, nothing created or sent.
    const nobody = await guru(home, ['chat', 'new', '+55 11 96666-0000', 'Olá!', ...as]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('+55 11 96666 0000 has no WhatsApp — check the number');
    expect(await guruJson<unknown[]>(home, ['chat', 'list', '--all', ...as])).toEqual([]);

    const started = await guru(home, ['chat', 'new', '+55 11 97777-0000', 'Olá! Aqui é a Acme.', ...as, '--json']);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    const view = JSON.parse(started.stdout);
    expect(view).toMatchObject({ created: true, chat: { customer: '+5511977770000', phone: `+${NUMBER}`, assignee: { ref: 'user:ana@acme.com' } } });
    expect(['pending', 'sent']).toContain(view.message.status);

    // The customer's phone shows it, once.
    await fake.waitFor(() => fake.delivered.some((d) => d.id === view.message.id), WAIT_MS, 'the first message at the customer');
    expect(fake.delivered.filter((d) => d.id === view.message.id)).toEqual([
      expect.objectContaining({ to: '5511977770000', text: expect.stringContaining('Olá! Aqui é a Acme.') }),
    ]);
    expect(fake.delivered.some((d) => d.to === '5511966660000')).toBe(false);
    await until('the first message sent', async () => {
      const shown = await guruJson<any>(home, ['chat', 'show', view.chat.id, ...as]);
      return shown.messages[0]?.status === 'sent' || shown.messages[0]?.status === 'delivered' ? shown : undefined;
    });

    // Their answer comes into the same chat, still Ana's (no rodízio for a chat someone started).
    await fake.sendMessage(customer, 'Oi! Pode falar.');
    const answered = await until('the answer in the chat', async () => {
      const shown = await guruJson<any>(home, ['chat', 'show', view.chat.id, ...as]);
      return shown.messages.some((m: any) => m.direction === 'in' && m.text === 'Oi! Pode falar.') ? shown : undefined;
    });
    expect(answered.assignee.ref).toBe('user:ana@acme.com');
    expect((await guruJson<any[]>(home, ['chat', 'list', '--all', ...as])).map((c) => c.id)).toEqual([view.chat.id]);

    // Why it is Ana's: she started it; the rodízio never ran.
    const why = await guru(home, ['chat', 'why', view.chat.id, ...as]);
    expect(why.stdout).toMatch(/Because\ta colleague started it with `guru chat new`/);
    expect(why.stdout).toMatch(/Rodízio picked\tnobody \(it did not run\)/);

    // Starting again reuses it, and says so.
    const again = await guru(home, ['chat', 'new', '+5511977770000', ...as]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`Opened the existing chat ${view.chat.id} with Cliente Novo (+5511977770000)`);

    // WhatsApp out of reach (the phone reconnecting): the number cannot be checked, so nothing is
    // started — the error says to wait, not to relink (exit 4, the phone's state).
    fake.unreachable();
    await until('the phone reconnecting', async () => ((await setup.linkState()) === 'reconnecting' ? true : undefined));
    const waiting = await guru(home, ['chat', 'new', '+5511955550000', 'Olá', ...as]);
    expect(waiting.code).toBe(4);
    expect(waiting.stderr).toContain(`phone +${NUMBER} is reconnecting, so WhatsApp cannot be asked about the number yet — try again in a moment`);
    expect(waiting.stderr).not.toMatch(/phone link/);
    fake.reachable();
    await until('the phone connected again', async () => ((await setup.linkState()) === 'connected' ? true : undefined));
    expect((await guruJson<any[]>(home, ['chat', 'list', '--all', ...as])).map((c) => c.id)).toEqual([view.chat.id]);

    const audit = await guruJson<any[]>(home, ['audit']);
    expect(audit.filter((a) => a.action === 'chat.start').map((a) => [a.actor, a.target, a.details.created])).toEqual([
      ['Ana <ana@acme.com>', view.chat.id, true],
      ['Ana <ana@acme.com>', view.chat.id, false],
    ]);
  });
});
