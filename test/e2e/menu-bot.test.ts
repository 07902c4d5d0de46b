import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guruJson, guruOk } from '../helpers/guru.js';
import { linkedPhone, until, WAIT_MS } from '../helpers/linked-phone.js';
import { PASSWORD } from '../helpers/team.js';
import { SAMPLE_BOT_FILE } from '../../src/commands/bot/set.js';

const NUMBER = '5511999990000';
const GREETING = 'Olá! Como podemos ajudar?\n\n1 Vendas\n2 Suporte';
const BOT = SAMPLE_BOT_FILE;

/**
 * The menu bot end to end: the built CLI sets it, the REAL daemon with the REAL Baileys runs it,
 * and the WhatsApp simulator plays the customer. The customer writes, gets the greeting and the
 * menu on their phone, answers "Suporte!", and the chat goes to Suporte's rodízio — past Ana,
 * whose turn it was in the normal one. The bot's messages are journaled and shown in the chat.
 */
describe('menu bot against WhatsApp', () => {
  let setup: Awaited<ReturnType<typeof linkedPhone>>;
  const phone = `+${NUMBER}`;
  const as = ['--as', 'ana@acme.com'];

  beforeAll(async () => {
    setup = await linkedPhone(NUMBER);
    const { home } = setup;
    await guruOk(home, ['dept', 'add', 'Vendas']);
    await guruOk(home, ['dept', 'add', 'Suporte']);
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--dept', 'Suporte', '--password-stdin'], { stdin: PASSWORD });
    await guruOk(home, ['rr', 'add', phone, 'user:bia@acme.com']);
    const file = join(dirname(home), 'bot.yaml');
    await writeFile(file, BOT);
    await guruOk(home, ['bot', 'set', phone, '-f', file]);
  }, 90_000);
  afterAll(async () => {
    await setup?.close();
  });

  it(
    'greets on WhatsApp, understands "Suporte!" and Suporte\'s rodízio takes the chat; the bot\'s messages are in the chat',
    async () => {
      const { fake, home } = setup;
      const customer = await fake.contact('5511977770000', 'Cliente Bot');
      await fake.sendMessage(customer, 'Oi, boa tarde');

      // The customer's phone shows the greeting with the menu, once; nobody has the chat yet.
      const greeting = await until('the greeting at the customer', () => fake.delivered.find((d) => d.to === customer.number && d.text === GREETING));
      const [held] = await until('the chat', async () => {
        const chats = await guruJson<any[]>(home, ['chat', 'list', '--all', ...as]);
        return chats.length === 1 ? chats : undefined;
      });
      expect(held.assignee).toBeNull();

      await fake.sendMessage(customer, 'Suporte!');
      const assigned = await until('the chat assigned', async () => {
        const [chat] = await guruJson<any[]>(home, ['chat', 'list', '--all', ...as]);
        return chat?.assignee ? chat : undefined;
      });
      // Ana's turn in the normal rodízio, but the customer chose Suporte: Bia.
      expect(assigned.assignee.ref).toBe('user:bia@acme.com');
      expect(fake.delivered.filter((d) => d.to === customer.number).map((d) => d.text)).toEqual([GREETING]);
      expect(greeting.id).toBeDefined();

      // The bot's message is a message of the chat: outgoing, nobody's, sent through WhatsApp.
      const shown = await until('the greeting sent', async () => {
        const chat = await guruJson<any>(home, ['chat', 'show', held.id, ...as]);
        const out = chat.messages.find((m: any) => m.direction === 'out');
        return out && ['sent', 'delivered', 'read'].includes(out.status) ? chat : undefined;
      });
      expect(shown.messages.map((m: any) => [m.direction, m.text, m.author])).toEqual([
        ['in', 'Oi, boa tarde', null],
        ['out', GREETING, null],
        ['in', 'Suporte!', null],
      ]);
      expect(shown.messages[1]).toMatchObject({ id: greeting.id, auto: 'bot' });
      expect(shown.messages[0].auto).toBeUndefined();
      const human = await guruOk(home, ['chat', 'show', held.id, ...as]);
      expect(human.stdout).toMatch(/→ 🤖 menu bot: Olá! Como podemos ajudar\?/);

      // Why Bia: the bot greeted, matched Suporte, and Suporte's rodízio picked her (Ana passed over).
      const why = await guruJson<any>(home, ['chat', 'why', held.id, ...as]);
      expect(why.assignee.ref).toBe('user:bia@acme.com');
      expect(why.steps.map((s: any) => (s.kind === 'bot' ? `bot ${s.step}` : s.kind))).toEqual([
        'opened',
        'auto_reply',
        'bot greeted',
        'bot matched',
        'assigned',
      ]);
      expect(why.steps.find((s: any) => s.kind === 'bot' && s.step === 'matched')).toMatchObject({ answer: 'Suporte!', department: 'Suporte' });
      expect(why.steps.at(-1)).toMatchObject({ kind: 'assigned', by: 'guru (bot)', handover: 'bot', assignee: { ref: 'user:bia@acme.com' } });
      expect(why.steps.at(-1).trail).toEqual(
        expect.arrayContaining([expect.objectContaining({ target: expect.objectContaining({ ref: 'user:ana@acme.com' }), reason: 'other_department' })]),
      );
      const audit = await guruJson<any[]>(home, ['audit']);
      expect(audit.find((a) => a.action === 'chat.reassign' && a.target === held.id)).toMatchObject({
        actor: 'guru (bot)',
        details: { reason: 'bot', step: 'matched', to: { email: 'bia@acme.com' } },
      });
    },
    WAIT_MS * 3,
  );

  it('bot test through the daemon plays the same steps, assigning nothing', async () => {
    const { home } = setup;
    const played = await guruOk(home, ['bot', 'test', phone], { stdin: 'preciso de ajuda\n' });
    expect(played.stdout).toContain('customer: preciso de ajuda');
    expect(played.stdout.trimEnd().split('\n').at(-1)).toBe("→ Suporte's rodízio: would go to bia@acme.com");
    const fallback = await guruOk(home, ['bot', 'test', phone], { stdin: 'a\nb\nc\n' });
    expect(fallback.stdout.trimEnd().split('\n').at(-1)).toMatch(/^→ normal rodízio \(3 answers not understood\): would go to (ana|bia)@acme\.com$/);
    expect((await guruJson<any[]>(home, ['chat', 'list', '--all', ...as])).length).toBe(1);
  });
});
