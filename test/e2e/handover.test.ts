import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPhone, startDaemon } from '../helpers/daemon.js';
import { guruJson, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

type Chat = { id: string; assignee: { ref: string; name: string } | null };
type Audit = { actor: string; action: string; target: string; details?: Record<string, any> };

/**
 * Through the real CLI and daemon, as an admin logged in: `user remove` of an agent holding 5
 * open chats hands them to the rodízio, says where they went, audits each move under the
 * admin's name, and the new owners see them; `dept remove --unassign` leaves its chats to nobody.
 */
describe('removing a user or department hands their open chats over (CLI + daemon)', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let ana: { env: NodeJS.ProcessEnv };
  const as = (email: string) => ['--as', email];

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'], pw);
    await guruOk(home, ['dept', 'add', 'Vendas']);
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia Lima', '--password-stdin'], pw);
    await guruOk(home, ['user', 'add', '--email', 'caio@acme.com', '--name', 'Caio Reis', '--password-stdin'], pw);
    await guruOk(home, ['user', 'add', '--email', 'dora@acme.com', '--name', 'Dora', '--dept', 'Vendas', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com']);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    const phone = memoryPhone(home, SP);
    for (let i = 0; i < 5; i++) await phone.write({ from: `55119777700${i}@s.whatsapp.net`, text: `Olá ${i}` });
    await guruOk(home, ['rr', 'add', SP, 'user:caio@acme.com']);
    await guruOk(home, ['rr', 'add', SP, 'dept:Vendas']);
    ana = { env: { XDG_CONFIG_HOME: join(dir, 'config-ana') } };
    await guruOk(home, ['login', '--email', 'ana@acme.com', '--password-stdin'], { ...ana, ...pw });
  }, 120_000);

  afterAll(async () => {
    await daemon?.stop();
    await removeDir(dir);
  });

  it('`user remove`: 5 open chats → 3 to Caio Reis, 2 to Vendas; audited as Ana by name; Caio and Dora see them', async () => {
    const before = await guruJson<Chat[]>(home, ['chat', 'list', ...as('bia@acme.com')]);
    expect(before).toHaveLength(5);

    const removed = await guruOk(home, ['user', 'remove', 'bia@acme.com'], ana);
    expect(removed.stderr).toContain('Removed Bia Lima <bia@acme.com>');
    expect(removed.stderr).toContain(`Taken out of the round-robin of ${SP} (position 1)`);
    expect(removed.stderr).toContain('5 open chats: 3 to Caio Reis, 2 to Vendas');

    const caio = await guruJson<Chat[]>(home, ['chat', 'list', ...as('caio@acme.com')]);
    const dora = await guruJson<Chat[]>(home, ['chat', 'list', ...as('dora@acme.com')]);
    expect(caio).toHaveLength(3);
    expect(dora).toHaveLength(2);
    expect([...caio, ...dora].map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());

    const audit = await guruJson<Audit[]>(home, ['audit']);
    // Before the login, setup ran on the owner token: "owner". Ana's changes carry her name.
    expect(audit.find((e) => e.action === 'department.add')?.actor).toBe('owner');
    expect(audit.find((e) => e.action === 'user.remove')?.actor).toBe('Ana Souza <ana@acme.com>');
    const moves = audit.filter((e) => e.action === 'chat.reassign');
    expect(moves.map((e) => e.target).sort()).toEqual(before.map((c) => c.id).sort());
    for (const move of moves) {
      expect(move.actor).toBe('Ana Souza <ana@acme.com>');
      expect(move.details).toMatchObject({ reason: 'user.remove', from: { type: 'user', name: 'Bia Lima', email: 'bia@acme.com' } });
    }
    expect(moves.map((e) => e.details?.to?.name).sort()).toEqual(['Caio Reis', 'Caio Reis', 'Caio Reis', 'Vendas', 'Vendas']);

    const queue = await guruJson<{ entries: { target: { ref: string } }[] }>(home, ['rr', 'show', SP]);
    expect(queue.entries.map((e) => e.target.ref)).toEqual(['user:caio@acme.com', 'dept:Vendas']);
  });

  it('`dept remove --unassign --json`: its chats stay unassigned, and the answer says so as data', async () => {
    const vendas = await guruJson<Chat[]>(home, ['chat', 'list', ...as('dora@acme.com')]);
    const result = await guruOk(home, ['dept', 'remove', 'Vendas', '--unassign', '--json'], ana);
    const removed = JSON.parse(result.stdout);
    expect(removed).toMatchObject({ name: 'Vendas', roundRobin: [{ phone: SP, positions: [2] }], handover: { mode: 'unassign', chats: 2, done: true } });
    expect(removed.handover.to).toEqual([{ assignee: null, chats: expect.any(Array) }]);
    expect([...removed.handover.to[0].chats].sort()).toEqual(vendas.map((c) => c.id).sort());
    const unassigned = await guruJson<Chat[]>(home, ['chat', 'list', '--unassigned', ...as('ana@acme.com')]);
    expect(unassigned.map((c) => c.id).sort()).toEqual(vendas.map((c) => c.id).sort());
    const audit = await guruJson<Audit[]>(home, ['audit']);
    expect(audit.filter((e) => e.action === 'chat.reassign' && e.details?.reason === 'department.remove').map((e) => [e.actor, e.details?.to])).toEqual([
      ['Ana Souza <ana@acme.com>', null],
      ['Ana Souza <ana@acme.com>', null],
    ]);
  });

  it('without the daemon, `user disable` (by Ana, still logged in) says the chats go to the rodízio when it starts — and at its start they do', async () => {
    const held = await guruJson<Chat[]>(home, ['chat', 'list', ...as('caio@acme.com')]);
    expect(held).toHaveLength(3);
    await guruOk(home, ['rr', 'add', SP, 'user:dora@acme.com']);
    await daemon.stop();
    // Ana is still logged in: the in-process engine acts as her too, not as the owner.
    const disabled = await guruOk(home, ['user', 'disable', 'caio@acme.com'], ana);
    expect(disabled.stderr).toContain('Disabled Caio Reis <caio@acme.com>');
    expect(disabled.stderr).toMatch(/daemon is not running: their open chats go to the rodízio when it starts/);
    daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    const dora = await guruJson<Chat[]>(home, ['chat', 'list', ...as('dora@acme.com')]);
    expect(dora.map((c) => c.id).sort()).toEqual(held.map((c) => c.id).sort());
    const shown = await guruOk(home, ['rr', 'show', SP]);
    expect(shown.stdout).toMatch(/user:caio@acme\.com\tCaio Reis\tdisabled/);
    const audit = await guruJson<Audit[]>(home, ['audit']);
    expect(audit.find((e) => e.action === 'user.disable')?.actor).toBe('Ana Souza <ana@acme.com>');
    const moves = audit.filter((e) => e.action === 'chat.reassign' && e.details?.reason === 'user.disable');
    expect(moves.map((e) => [e.actor, e.details?.to?.name])).toEqual(Array(3).fill(['guru daemon (start)', 'Dora']));
  });
});
